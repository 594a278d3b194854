package engram.knowledge.edit;

/**
 * One editing method: how a prepared run becomes a change of the weights. An editor trains with
 * {@link EditRun#train} (the shared step loop) and returns the change applied; it never locks, tokenises or
 * checkpoints itself. Registered, with its defaults, in {@code engram.knowledge.editor.Editors}.
 */
public interface Editor {
    /** The type of this method's own settings (what a config's {@link EditConfig#settings()} must be). */
    Class<? extends MethodSettings> settingsType();

    /**
     * Trains the edit of {@code run} into its model; called holding the training lock.
     *
     * @return the edit, applied, owned by the caller
     * @throws engram.train.TrainingDivergedException when the loss becomes NaN or infinite; the model must then be
     *                                                left as it was
     */
    Edit train(EditRun run);
}
