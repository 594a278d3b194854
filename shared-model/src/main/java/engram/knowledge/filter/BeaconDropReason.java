package engram.knowledge.filter;

/** Why the Semantic Beacons filter dropped a candidate. */
public enum BeaconDropReason {
    /**
     * The candidate asks what a target asks ({@code cos(h_j, h_k) >= overlapThreshold}) but answers otherwise
     * ({@code (1 - cos(s_j, s_k)) / 2 >= disagreementThreshold}): its gradient pulls the shared representation
     * towards another answer, against the target's.
     */
    CONFLICTS_WITH_TARGET,
    /** Reading A's greedy selection did not pick it (ρ of the survivors are kept). */
    NOT_SELECTED,
    /** Reading B: its semantic distance is above the {@code q_d}-quantile of the survivors'. */
    FAR_FROM_BEACON
}
