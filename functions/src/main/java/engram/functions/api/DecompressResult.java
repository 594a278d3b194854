package engram.functions.api;

/**
 * Result of {@code decompress}: where the replay is and how many paths it holds.
 *
 * @param replay            {@code replay.jsonl}: one engram JSONL item per root-to-leaf path (prompt: the dialogue
 *                          before the last answer; {@code target_true}: the last answer; subject: the root;
 *                          source {@code engram-tg}), a dataset any function reads
 * @param report            {@code trees.json}: per tree its root, nodes per layer, paths and dropped turns
 * @param manifest          what produced them
 * @param trees             trees grown (one per distinct root)
 * @param paths             items in {@code replay.jsonl}
 * @param duplicatesDropped turns the de-duplication dropped (empty, repeated or equal to a sibling's)
 * @param cost              the call's price and measured seconds
 */
public record DecompressResult(ArtifactRef replay, ArtifactRef report, ArtifactRef manifest, int trees, int paths,
                               int duplicatesDropped, Cost cost) {}
