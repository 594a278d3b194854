package engram.functions.api;

/**
 * Result of {@code aggregate-shards}.
 *
 * @param dataset          the selected items, one engram JSONL file (item order: shard order, then line order)
 * @param manifest         what produced it
 * @param items            items selected
 * @param candidates       items the shards kept after filtering
 * @param shardsCostMicros what the shards' steps were charged, summed (the state machine adds it to its spend)
 * @param cost             this call's price and measured seconds
 */
public record AggregateShardsResult(ArtifactRef dataset, ArtifactRef manifest, int items, int candidates,
                                    long shardsCostMicros, Cost cost) {}
