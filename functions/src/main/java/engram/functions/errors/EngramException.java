package engram.functions.errors;

/**
 * Base of every failure the workflow may route on. The subclasses are the workflow's error vocabulary:
 * their simple class names are the names the embedded runner and the HTTP error bodies use, and Lambda
 * reports their fully-qualified names as {@code errorType} (see {@link EngramErrors}). Renaming or moving one
 * is therefore an API change: update the state machines in the same commit.
 *
 * <p>Each failure names the request field it is about (when there is one) and the offending value, so a
 * caller can fix the request without reading logs.
 */
public abstract sealed class EngramException extends RuntimeException
        permits InvalidRequestException, UnauthorizedException, ArtifactNotFoundException, ModelMismatchException,
        BudgetExceededException, InvalidDatasetException, LossDivergedException, LimitExceededException,
        StorageUnavailableException {

    private final String field;
    private final String value;

    protected EngramException(String message, String field, Object value, Throwable cause) {
        super(message, cause);
        this.field = field;
        this.value = value == null ? null : abbreviate(String.valueOf(value));
    }

    /** The HTTP status the error maps to when a function is called over HTTP ({@link EngramErrors}' table). */
    public final int httpStatus() {
        return EngramErrors.httpStatus(getClass());
    }

    /** The error name the workflow catches: the simple class name. */
    public final String errorName() {
        return getClass().getSimpleName();
    }

    /** The request field at fault (dotted path such as {@code edit.steps}), or null. */
    public final String field() {
        return field;
    }

    /** The offending value as text (at most 200 characters), or null. */
    public final String value() {
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
