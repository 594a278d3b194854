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
        EditEvaluation.Options d = EditEvaluation.Options.DEFAULT;
        Check.inRange(batchSize, 1, 256, "eval.batchSize");
        Check.inRange(fluencyItems, 0, 1024, "eval.fluencyItems");
        var o = new EditEvaluation.Options(BeaconParams.or(batchSize, d.batchSize()),
                BeaconParams.or(fluencyItems, d.fluencyItems()), BeaconParams.or(fluencyTokens, d.fluencyTokens()),
                d.fluencyTopK(), BeaconParams.or(seed, d.seed()));
        return Check.library("eval", o::validate);
    }

    /** The unlearning evaluation's options, validated. */
    public UnlearningEvaluation.Options unlearningOptions() {
        UnlearningEvaluation.Options d = UnlearningEvaluation.Options.defaults();
        Check.inRange(batchSize, 1, 256, "eval.batchSize");
        Check.inRange(maxNewTokens, 1, 256, "eval.maxNewTokens");
        var o = new UnlearningEvaluation.Options(BeaconParams.or(batchSize, d.batchSize()),
                BeaconParams.or(maxNewTokens, d.maxNewTokens()));
        return Check.library("eval", o::validate);
    }
}
