package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.Format;
import engram.knowledge.decompress.DialogueTemplate;
import engram.knowledge.decompress.TreeConfig;
import java.util.List;

/**
 * {@code decompress}: grow dialogue trees from a model (Tree Generation) and store every root-to-leaf path as a
 * replay item.
 *
 * @param runId       the workflow run
 * @param model       the model's folder
 * @param roots       a dataset whose items' subjects (their prompts when they have none) are the roots; exactly
 *                    one of {@code roots} and {@code inlineRoots}
 * @param inlineRoots a few roots carried in the request (at most {@code engram.limits.max-inline-edits})
 * @param format      the roots dataset's format; null means {@code ENGRAM_JSONL}
 * @param template    how turns are written; required (COMPLETION needs its question patterns)
 * @param tree        shape and sampling; null keeps every default
 * @param budgetUsd   what the run has left to spend; null means no cap
 */
public record DecompressRequest(String runId, ArtifactRef model, ArtifactRef roots, List<String> inlineRoots,
                                Format format, TemplateParams template, TreeParams tree, Double budgetUsd) {

    /** Checks every field before any work; returns the request with defaults and buckets filled in. */
    public Valid<DecompressRequest, Settings> validate(EngramConfig config) {
        Keys.requireRunId(runId);
        String bucket = config.store().bucket();
        ArtifactRef m = Check.present(model, "model").validateFolder("model", runId).inBucket(bucket);
        if ((roots == null) == (inlineRoots == null || inlineRoots.isEmpty())) {
            throw new InvalidRequestException("roots", null, "give exactly one of 'roots' and 'inlineRoots'");
        }
        ArtifactRef r = roots == null ? null : roots.validateObject("roots", runId).inBucket(bucket);
        if (inlineRoots != null) {
            Check.atMost(inlineRoots.size(), config.limits().maxInlineEdits(), "inlineRoots");
            for (int i = 0; i < inlineRoots.size(); i++) {
                if (inlineRoots.get(i) == null || inlineRoots.get(i).isBlank()) {
                    throw new InvalidRequestException("inlineRoots[" + i + "]", inlineRoots.get(i), "must not be blank");
                }
            }
        }
        DialogueTemplate dialogue = Check.present(template, "template").toTemplate();
        TreeParams t = tree == null ? TreeParams.defaults() : tree;
        TreeConfig grown = t.toConfig();
        Check.inRange(budgetUsd, 0, Double.MAX_VALUE, "budgetUsd");
        return new Valid<>(new DecompressRequest(runId, m, r, inlineRoots, DatasetFormats.orDefault(format), template, t,
                budgetUsd), new Settings(dialogue, grown));
    }

    /** The library settings a decompression request builds: its dialogue template and its tree. */
    public record Settings(DialogueTemplate template, TreeConfig tree) {}
}
