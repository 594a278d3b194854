package engram.functions.api;

import engram.eval.EditEvaluation;
import engram.eval.UnlearningEvaluation;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.Format;
import engram.lora.TaiaMode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run-eval}: evaluate a model, optionally with an edit folder, and write {@code report.json} and
 * {@code report.html}.
 *
 * @param runId     the workflow run
 * @param model     the base model's folder
 * @param adapter   an edit folder from {@code apply-edit} for this model; null evaluates the base model
 * @param dataset   the items: edits (kind {@code edit}), the forget set (kind {@code unlearning}) or any facts
 *                  (kind {@code knowledge})
 * @param kind      which evaluation
 * @param retain    unlearning: the retain sets (at least one)
 * @param holdout   unlearning: questions about never-seen entities, the forget-quality reference
 * @param inference {@code TAIA} evaluates a LoRA adapter with only its attention deltas; null is {@code TUNED}
 * @param format    the datasets' format; null means {@code ENGRAM_JSONL}
 * @param eval      evaluation settings; null keeps every default
 * @param budgetUsd what the run has left to spend; null means no cap
 */
public record RunEvalRequest(String runId, ArtifactRef model, ArtifactRef adapter, ArtifactRef dataset, Kind kind,
                             List<ArtifactRef> retain, ArtifactRef holdout, TaiaMode inference, Format format,
                             EvalParams eval, Double budgetUsd) {

    /** The evaluations. */
    public enum Kind {
        /** EasyEdit/ROME metrics of the edit (efficacy, generalization, locality, portability, ...). */
        EDIT,
        /** TOFU-style forget/retain figures, forget quality and model utility. */
        UNLEARNING,
        /** What the model knows: bucket counts and means (the score-knowledge figures as a report). */
        KNOWLEDGE
    }

    /** Checks every field before any work; returns the request with defaults and buckets filled in. */
    public Valid<RunEvalRequest, Settings> validate(EngramConfig config) {
        Keys.requireRunId(runId);
        String bucket = config.store().bucket();
        ArtifactRef m = Check.present(model, "model").validateFolder("model", runId).inBucket(bucket);
        ArtifactRef a = adapter == null ? null : adapter.validateFolder("adapter", runId).inBucket(bucket);
        ArtifactRef d = Check.present(dataset, "dataset").validateObject("dataset", runId).inBucket(bucket);
        Check.present(kind, "kind");
        List<ArtifactRef> r = new ArrayList<>();
        ArtifactRef h = null;
        if (kind == Kind.UNLEARNING) {
            if (retain == null || retain.isEmpty()) {
                throw new InvalidRequestException("retain", null, "unlearning needs at least one retain set");
            }
            for (int i = 0; i < retain.size(); i++) {
                r.add(Check.present(retain.get(i), "retain[" + i + "]").validateObject("retain[" + i + "]", runId)
                        .inBucket(bucket));
            }
            h = Check.present(holdout, "holdout").validateObject("holdout", runId).inBucket(bucket);
        } else if (retain != null || holdout != null) {
            throw new InvalidRequestException(retain != null ? "retain" : "holdout", null, "only kind UNLEARNING uses it");
        }
        if (inference == TaiaMode.TAIA && a == null) {
            throw new InvalidRequestException("inference", inference, "TAIA needs an adapter");
        }
        EvalParams e = eval == null ? EvalParams.defaults() : eval;
        Settings settings = new Settings(e.editOptions(), e.unlearningOptions());
        Check.inRange(budgetUsd, 0, Double.MAX_VALUE, "budgetUsd");
        return new Valid<>(new RunEvalRequest(runId, m, a, d, kind, kind == Kind.UNLEARNING ? r : null, h,
                inference == null ? TaiaMode.TUNED : inference, DatasetFormats.orDefault(format), e, budgetUsd), settings);
    }

    /** The evaluation options a request builds: one for each kind, from the same {@code eval} fields. */
    public record Settings(EditEvaluation.Options edit, UnlearningEvaluation.Options unlearning) {}
}
