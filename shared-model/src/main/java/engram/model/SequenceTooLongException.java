package engram.model;

/**
 * A sequence has more tokens than the model has positions (its context): the input's fault, never the model's.
 * Thrown before anything of the size of the sequence is allocated.
 */
public final class SequenceTooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * @param tokens       the sequence's tokens (the cached ones included)
     * @param maxPositions the model's positions
     */
    public SequenceTooLongException(long tokens, int maxPositions) {
        super("a sequence of " + tokens + " tokens exceeds the model's " + maxPositions + " positions");
    }
}
