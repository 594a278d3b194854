package engram.knowledge.filter;

/**
 * How the model's answer to a prompt becomes a vector in input-embedding space (docs/methods.md §4.3; the paper's
 * choice is unknown [INF]). With {@code P_t} the teacher-forced next-token distribution at answer position t and
 * {@code E [V, d]} the input embedding:
 */
public enum BeaconOutput {
    /** {@code ŝ = mean_t (P_t @ E)}: the expected embedding; differentiable, used by {@link BeaconLoss}. */
    EXPECTED,
    /** {@code ŝ = mean_t E[argmax P_t]}: the embedding of the greedy token; for analysis. */
    GREEDY
}
