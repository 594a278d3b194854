package engram.knowledge.filter;

import engram.knowledge.KnowledgeItem;

/**
 * A candidate the filter dropped, and why.
 *
 * @param index  position in the candidate list
 * @param item   the candidate
 * @param reason the rule that dropped it
 * @param score  what the filter measured
 */
public record BeaconDropped(int index, KnowledgeItem item, BeaconDropReason reason, BeaconScore score) {}
