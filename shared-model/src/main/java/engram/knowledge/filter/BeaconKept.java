package engram.knowledge.filter;

import engram.knowledge.KnowledgeItem;

/**
 * A candidate the filter kept.
 *
 * @param index  position in the candidate list
 * @param item   the candidate
 * @param weight its loss weight {@code w_j = (1 + γ d_j) / mean_{kept}(1 + γ d)}, in {@code (0, 1 + 2γ]}
 * @param score  what the filter measured
 */
public record BeaconKept(int index, KnowledgeItem item, float weight, BeaconScore score) {}
