package engram.knowledge.edit;

/**
 * The editing baselines (METHODS.md §2.9). All three train a few parameters on {@code prompt → target_new};
 * they differ in what is trained and in the objective.
 */
public enum EditMethod {
    /**
     * FT-L: one MLP down-projection weight, EasyEdit's {@code prompt_last} objective: every target token's
     * negative log-likelihood is read from the <em>last prompt position's</em> distribution,
     * {@code L = −(1/T) Σ_j log p_last(y_j)} (ROME's FT baseline), with an optional elementwise norm constraint.
     */
    FT_L,
    /**
     * FT-M: the same single weight, standard teacher-forced cross-entropy on the target tokens only,
     * {@code L = −(1/T) Σ_j log p(y_j | x, y_<j)} (EasyEdit's {@code target_new} objective).
     */
    FT_M,
    /** LoRA on the modules and rank of a {@link engram.lora.LoraConfig}, teacher-forced as FT-M. */
    LORA
}
