package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.Format;
import engram.knowledge.unlearn.UnlearnConfig;
import engram.knowledge.unlearn.UnlearnMethod;

/**
 * {@code unlearn}: remove (or, with LEARN, add) knowledge and store the weight change as an edit folder.
 *
 * @param runId     the workflow run
 * @param model     the model's folder
 * @param forget    the knowledge to remove (each item's true answer; LEARN: its target)
 * @param retain    knowledge that must stay: UNLEARN/LEARN orthogonalise against it (optional), GRADIENT_DIFFERENCE
 *                  and IDK_FINE_TUNING descend on it (required); GRADIENT_ASCENT reads none
 * @param refusals  IDK_FINE_TUNING's answers, one plain-text line each (TOFU's {@code idontknow.jsonl}); only IDK
 * @param format    the forget and retain datasets' format; null means {@code ENGRAM_JSONL}
 * @param method    UNLEARN, LEARN, GRADIENT_ASCENT, GRADIENT_DIFFERENCE or IDK_FINE_TUNING
 * @param config    hyper-parameters; null keeps every default
 * @param budgetUsd what the run has left to spend; null means no cap
 */
public record UnlearnRequest(String runId, ArtifactRef model, ArtifactRef forget, ArtifactRef retain,
                             ArtifactRef refusals, Format format, UnlearnMethod method, UnlearnParams config,
                             Double budgetUsd) {

    /** Checks every field before any work; returns the request with defaults and buckets filled in. */
    public Valid<UnlearnRequest, UnlearnConfig> validate(EngramConfig engram) {
        Keys.requireRunId(runId);
        String bucket = engram.store().bucket();
        ArtifactRef m = Check.present(model, "model").validateFolder("model", runId).inBucket(bucket);
        UnlearnMethod how = Check.present(method, "method");
        ArtifactRef f = Check.present(forget, "forget").validateObject("forget", runId).inBucket(bucket);
        boolean needsRetain = how == UnlearnMethod.GRADIENT_DIFFERENCE || how == UnlearnMethod.IDK_FINE_TUNING;
        if (needsRetain) {
            Check.present(retain, "retain");
        } else if (how == UnlearnMethod.GRADIENT_ASCENT && retain != null) {
            throw new InvalidRequestException("retain", retain.uri(), "GRADIENT_ASCENT reads no retain set");
        }
        ArtifactRef r = retain == null ? null : retain.validateObject("retain", runId).inBucket(bucket);
        if (how == UnlearnMethod.IDK_FINE_TUNING) {
            Check.present(refusals, "refusals");
        } else if (refusals != null) {
            throw new InvalidRequestException("refusals", refusals.uri(), "only IDK_FINE_TUNING reads refusals");
        }
        ArtifactRef n = refusals == null ? null : refusals.validateObject("refusals", runId).inBucket(bucket);
        UnlearnParams c = config == null ? UnlearnParams.defaults() : config;
        UnlearnConfig settings = c.toConfig(engram.limits());
        Check.inRange(budgetUsd, 0, Double.MAX_VALUE, "budgetUsd");
        return new Valid<>(new UnlearnRequest(runId, m, f, r, n, DatasetFormats.orDefault(format), how, c, budgetUsd),
                settings);
    }
}
