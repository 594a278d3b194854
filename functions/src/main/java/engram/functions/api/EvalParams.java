package engram.functions.api;

import engram.eval.EditEvaluation;
import engram.eval.UnlearningEvaluation;

/**
 * Evaluation settings; a missing field keeps the library default.
 *
 * @param batchSize     items per forward pass, 1-256
 * @param fluencyItems  edit: items that get a fluency generation (0 skips fluency)
 * @param fluencyTokens edit: tokens per fluency generation
 * @param maxNewTokens  unlearning: tokens a greedy answer may have
 * @param seed          edit: seed of the fluency sampler
 */
public record EvalParams(Integer batchSize, Integer fluencyItems, Integer fluencyTokens, Integer maxNewTokens,
                         Long seed) {

    /** Every default. */
    public static EvalParams defaults() {
        return new EvalParams(null, null, null, null, null);
    }

    /** The editing evaluation's options, validated. */
    public EditEvaluation.Options editOptions() {
        Check.inRange(batchSize, 1, 256, "eval.batchSize");
        Check.inRange(fluencyItems, 0, 1024, "eval.fluencyItems");
        var o = Overlay.over("eval", EditEvaluation.Options.DEFAULT, this, Overlay.Layout.ONLY_KNOWN);
        return Check.library("eval", o::validate);
    }

    /** The unlearning evaluation's options, validated. */
    public UnlearningEvaluation.Options unlearningOptions() {
        Check.inRange(batchSize, 1, 256, "eval.batchSize");
        Check.inRange(maxNewTokens, 1, 256, "eval.maxNewTokens");
        var o = Overlay.over("eval", UnlearningEvaluation.Options.defaults(), this, Overlay.Layout.ONLY_KNOWN);
        return Check.library("eval", o::validate);
    }
}
