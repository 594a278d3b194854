package engram.knowledge.edit;

/**
 * The editing methods, one name across the library, the functions, the CLI and the API. Each has its own package
 * under {@code engram.knowledge.edit} with its settings record, and one line in the registry
 * ({@code engram.knowledge.editor.Editors}) that says which editor runs it and from which defaults
 * (docs/methods.md §2.9 for the fine-tuning baselines, §7 for OVERTONE, §5 for TAIA).
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
    /** LoRA on the modules and rank of its settings (by default every MLP down-projection), teacher-forced as FT-M. */
    LORA,
    /** LoRA trained with OVERTONE's smoothed token loss instead of cross-entropy. */
    OVERTONE,
    /**
     * TAIA: LoRA on every linear map; evaluated with only its attention deltas acting
     * ({@link engram.lora.TaiaView}).
     */
    TAIA
}
