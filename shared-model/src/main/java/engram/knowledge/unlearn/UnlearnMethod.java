package engram.knowledge.unlearn;

/** What an {@link Unlearner} run does to the model. */
public enum UnlearnMethod {
    /** Subtract the target task's matrices, orthogonalised against the keep task (arXiv 2408.04140, docs/methods.md §6). */
    UNLEARN,
    /** Add the target task's matrices, orthogonalised against the keep task (the same paper's dual). */
    LEARN,
    /** Baseline: gradient ascent on the target answers (TOFU's {@code grad_ascent}). */
    GRADIENT_ASCENT,
    /** Baseline: ascent on the target answers plus descent on the keep answers (TOFU's {@code grad_diff}). */
    GRADIENT_DIFFERENCE,
    /** Baseline: descent on refusals in place of the target answers, plus descent on the keep answers (TOFU's {@code idk}). */
    IDK_FINE_TUNING
}
