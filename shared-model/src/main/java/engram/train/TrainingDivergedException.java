package engram.train;

/** The loss became NaN or infinite; the step it happened at is in the message. Another seed or a lower rate may help. */
public final class TrainingDivergedException extends IllegalStateException {
    private final int step;

    /** Diverged at optimiser step {@code step} with loss {@code loss}. */
    public TrainingDivergedException(int step, float loss) {
        super("training diverged at step " + step + ": loss is " + loss);
        this.step = step;
    }

    /** The optimiser step (0-based) whose loss was not finite. */
    public int step() {
        return step;
    }
}
