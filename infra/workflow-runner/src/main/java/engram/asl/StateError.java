package engram.asl;

/**
 * An ASL error raised while a state runs: a name that {@code Retry} and {@code Catch} match on
 * ({@code States.Runtime}, {@code States.TaskFailed}, a function's exception class name, ...) and a cause.
 * A {@link TaskHandler} may throw it to choose the error name itself.
 */
public final class StateError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Errors that Step Functions never retries or catches, not even with {@code States.ALL}. */
    private static final java.util.Set<String> TERMINAL = java.util.Set.of("States.Runtime", "States.DataLimitExceeded");

    private final String error;
    private final String errorCause;

    /** @param error the ASL error name; @param cause the human-readable cause (may be empty, never null) */
    public StateError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.errorCause = cause == null ? "" : cause;
    }

    /** {@code States.Runtime}: the definition met data it cannot process (a missing path, a wrong type). */
    static StateError runtime(String cause) {
        return new StateError("States.Runtime", cause);
    }

    /**
     * The error a task's exception stands for: a {@link StateError} keeps its name; any other exception
     * is named by its fully qualified class name ({@link Class#getName()}, nested classes with {@code $})
     * with its message as cause, which is the {@code errorType} that AWS Lambda's Java runtime reports.
     */
    static StateError fromTaskException(Throwable failure) {
        if (failure instanceof StateError stateError) {
            return stateError;
        }
        String message = failure.getMessage();
        return new StateError(failure.getClass().getName(), message == null ? "" : message);
    }

    /** The ASL error name. */
    public String error() {
        return error;
    }

    /** The ASL cause text. */
    public String errorCause() {
        return errorCause;
    }

    /** Whether {@code Retry}/{@code Catch} may handle this error at all. */
    boolean isRecoverable() {
        return !TERMINAL.contains(error);
    }
}
