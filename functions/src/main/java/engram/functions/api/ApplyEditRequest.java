package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.Format;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.EditConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code apply-edit}: train one edit of a model and store it as an edit folder.
 *
 * @param runId       the workflow run
 * @param model       the base model's folder
 * @param edits       the edits as a dataset object; exactly one of {@code edits} and {@code inlineEdits}
 * @param inlineEdits a few edits carried in the request (at most {@code engram.limits.max-inline-edits})
 * @param format      the dataset's format; null means {@code ENGRAM_JSONL}
 * @param edit        method and hyper-parameters
 * @param replay      TG-SFT: replay items in engram JSONL (what {@code decompress} writes), mixed into the
 *                    training; null trains the edits alone
 * @param replayRatio replay items per edit, in [0, {@value #MAX_REPLAY_RATIO}]; required with {@code replay}
 * @param budgetUsd   what the run has left to spend; null means no cap
 */
public record ApplyEditRequest(String runId, ArtifactRef model, ArtifactRef edits, List<InlineEdit> inlineEdits,
                               Format format, EditParams edit, ArtifactRef replay, Double replayRatio,
                               Double budgetUsd) {
    /** Largest replay ratio: more replay than this would drown the edits. */
    public static final double MAX_REPLAY_RATIO = 16;

    /** Checks every field before any work; returns the request with defaults and buckets filled in, and its edit config. */
    public Valid<ApplyEditRequest, EditConfig> validate(EngramConfig config) {
        Keys.requireRunId(runId);
        String bucket = config.store().bucket();
        ArtifactRef m = Check.present(model, "model").validateFolder("model", runId).inBucket(bucket);
        if ((edits == null) == (inlineEdits == null || inlineEdits.isEmpty())) {
            throw new InvalidRequestException("edits", null, "give exactly one of 'edits' and 'inlineEdits'");
        }
        ArtifactRef e = edits == null ? null : edits.validateObject("edits", runId).inBucket(bucket);
        if (inlineEdits != null) {
            Check.atMost(inlineEdits.size(), config.limits().maxInlineEdits(), "inlineEdits");
            inlineItems();
        }
        EditConfig settings = Check.present(edit, "edit").toConfig(config.limits());
        ArtifactRef r = replay == null ? null : replay.validateObject("replay", runId).inBucket(bucket);
        if ((replay == null) != (replayRatio == null)) {
            throw new InvalidRequestException(replay == null ? "replay" : "replayRatio", null,
                    "give 'replay' and 'replayRatio' together (TG-SFT) or neither");
        }
        Check.inRange(replayRatio, 0, MAX_REPLAY_RATIO, "replayRatio");
        Check.inRange(budgetUsd, 0, Double.MAX_VALUE, "budgetUsd");
        return new Valid<>(new ApplyEditRequest(runId, m, e, inlineEdits, DatasetFormats.orDefault(format), edit, r,
                replayRatio, budgetUsd), settings);
    }

    /** The replay ratio, 0 without replay. */
    public double replayRatioOrZero() {
        return replayRatio == null ? 0 : replayRatio;
    }

    /** The inline edits as library items; empty when the edits are in a dataset object. */
    public List<KnowledgeItem> inlineItems() {
        List<KnowledgeItem> items = new ArrayList<>();
        if (inlineEdits != null) {
            for (int i = 0; i < inlineEdits.size(); i++) {
                InlineEdit e = Check.present(inlineEdits.get(i), "inlineEdits[" + i + "]");
                items.add(e.toItem("inlineEdits[" + i + "]"));
            }
        }
        return items;
    }
}
