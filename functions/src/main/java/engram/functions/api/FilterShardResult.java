package engram.functions.api;

import java.util.Map;

/**
 * Result of {@code filter-shard}. {@code kept} is an engram JSONL dataset (each line an item plus its loss
 * {@code weight} and {@code beacon} score), readable by every operation; {@code dropped} has each dropped
 * item with its {@code reason}.
 *
 * @param kept            kept items with weights
 * @param dropped         dropped items with reasons
 * @param manifest        what produced them ({@code manifest.json}, written last)
 * @param candidates      items in the shard
 * @param keptCount       items kept
 * @param droppedCount    items dropped
 * @param droppedByReason dropped items by {@link engram.knowledge.filter.BeaconDropReason}
 * @param cost the call's price and measured seconds
 */
public record FilterShardResult(ArtifactRef kept, ArtifactRef dropped, ArtifactRef manifest, int candidates,
                                int keptCount, int droppedCount, Map<String, Integer> droppedByReason, Cost cost) {}
