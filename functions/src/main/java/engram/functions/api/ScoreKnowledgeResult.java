package engram.functions.api;

/**
 * Result of {@code score-knowledge}: the per-item scores stay in S3, the counts travel.
 *
 * @param scores             one JSON line per item ({@link engram.knowledge.KnowledgeScorer.ItemScore})
 * @param manifest           what produced them
 * @param items              items scored
 * @param known              items the model knows
 * @param partlyKnown        items it partly knows
 * @param unknown            items it does not know
 * @param meanTokenAccuracy  mean teacher-forced token accuracy
 * @param meanLogProbability mean of the items' mean target log-probabilities
 * @param cost the call's price and measured seconds
 */
public record ScoreKnowledgeResult(ArtifactRef scores, ArtifactRef manifest, int items, int known, int partlyKnown,
                                   int unknown, Double meanTokenAccuracy, Double meanLogProbability, Cost cost) {}
