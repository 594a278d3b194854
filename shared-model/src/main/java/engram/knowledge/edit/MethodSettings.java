package engram.knowledge.edit;

/**
 * The settings only one editing method uses (FT's layer, LoRA's rank and modules, ...): a record in the method's
 * own package. What every method shares (learning rate, steps, seed, ...) is in {@link EditConfig}.
 */
public interface MethodSettings {
    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    MethodSettings validate();
}
