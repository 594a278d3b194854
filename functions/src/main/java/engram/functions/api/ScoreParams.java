package engram.functions.api;

import engram.knowledge.KnowledgeScorer;

/**
 * {@link KnowledgeScorer} options; a missing field keeps {@link KnowledgeScorer.Options#DEFAULT}.
 *
 * @param batchSize        items per forward pass, 1-256
 * @param extraTokens      tokens generated beyond the target; -1 skips generation
 * @param side             {@code TRUE} (does the model know it?) or {@code NEW} (is the edit in?)
 * @param knownAccuracy    token accuracy needed for KNOWN
 * @param knownProbability mean per-token probability needed for KNOWN
 * @param partialAccuracy  token accuracy below which an item is UNKNOWN
 */
public record ScoreParams(Integer batchSize, Integer extraTokens, KnowledgeScorer.Side side, Double knownAccuracy,
                          Double knownProbability, Double partialAccuracy) {

    /** The library options, validated. */
    public KnowledgeScorer.Options toOptions() {
        Check.inRange(batchSize, 1, 256, "scoring.batchSize");
        Check.inRange(extraTokens, -1, 64, "scoring.extraTokens");
        var options = Overlay.over("scoring", KnowledgeScorer.Options.DEFAULT, this,
                Overlay.Layout.flattening("thresholds"));
        return Check.library("scoring", options::validate);
    }

    /** Every default. */
    public static ScoreParams defaults() {
        return new ScoreParams(null, null, null, null, null, null);
    }
}
