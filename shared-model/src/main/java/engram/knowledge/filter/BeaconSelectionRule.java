package engram.knowledge.filter;

/**
 * The two readings of the paper's "exclude data detrimental to knowledge learning" (docs/methods.md §4.3, both
 * [INF]); they run on the candidates that survive the conflict rule.
 */
public enum BeaconSelectionRule {
    /**
     * Reading A: keep {@code ceil(ρ·N)} candidates, chosen greedily to maximise
     * {@code J(S) = -mean_{i∈S} d_i + β · trace Cov_{i∈S}(s_i)} (close to the beacon, spread-out answers).
     */
    SPREAD,
    /** Reading B: keep candidates whose distance {@code d_i} is at or below the {@code q_d}-quantile. */
    QUANTILE,
    /** Only the conflict rule drops items. */
    NONE
}
