package engram.functions.errors;

/**
 * Training produced a NaN or infinite loss; the model was left as it was and nothing was written. Retrying
 * with another seed or a lower learning rate may help, so the workflow may route on it.
 */
public final class LossDivergedException extends EngramException {
    private static final long serialVersionUID = 1L;

    public LossDivergedException(String message, Throwable cause) {
        super(message, "edit", null, cause);
    }
}
