package engram.knowledge.unlearn;

/**
 * Which space of a layer's task matrix {@code T (out, in)} UNLEARN compares between tasks. The paper does not say
 * (docs/methods.md §6.3); {@link #ROW} mirrors the one third-party adaptation found and is the default.
 */
public enum ProjectionSide {
    /** The row space (input directions, {@code in}-dimensional): {@code T̃ = T − (T Qᵀ) Q}. */
    ROW,
    /** The column space (output directions, {@code out}-dimensional): {@code T̃ = T − Qᵀ (Q T)}. */
    COLUMN
}
