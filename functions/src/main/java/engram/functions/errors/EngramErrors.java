package engram.functions.errors;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The error names the state machines may catch, for the contract test that checks every {@code ErrorEquals}
 * against the code.
 *
 * <p>Which string a state machine sees depends on who runs the function:
 * <ul>
 * <li>on AWS Lambda the Java runtime reports the thrown exception's <b>fully-qualified</b> class name as
 *     {@code errorType} ({@link #lambdaErrorType}), e.g. {@code engram.functions.errors.InvalidRequestException};
 *     Funqy's wrapper is removed first by {@code engram.functions.lambda.EngramLambdaHandler}, so this is our
 *     class and never {@code io.quarkus.funqy.runtime.ApplicationException};</li>
 * <li>the embedded runner ({@code engram.asl}) names a task's exception the same way, so one
 *     {@code ErrorEquals} string serves both;</li>
 * <li>the HTTP error bodies use the short, simple name ({@link #BY_NAME}'s keys), with the status of this table.</li>
 * </ul>
 */
public final class EngramErrors {

    /**
     * Every error and the HTTP status it answers with, the one table of both: {@link EngramException#httpStatus()}
     * reads it for a thrown error, {@link #httpStatus(String)} for an error known only by name (a failed workflow).
     */
    private static final Map<Class<? extends EngramException>, Integer> HTTP_STATUS = Map.of(
            InvalidRequestException.class, 400,
            UnauthorizedException.class, 401,
            BudgetExceededException.class, 402,
            ArtifactNotFoundException.class, 404,
            ModelMismatchException.class, 409,
            LimitExceededException.class, 413,
            InvalidDatasetException.class, 422,
            LossDivergedException.class, 422,
            StorageUnavailableException.class, 503);

    /** Every error name (simple class name) and its class. */
    public static final Map<String, Class<? extends EngramException>> BY_NAME = HTTP_STATUS.keySet().stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> type));

    /** The status of anything that is not one of these errors: an internal error. */
    public static final int INTERNAL_ERROR_STATUS = 500;

    private EngramErrors() {}

    /** What Lambda reports as {@code errorType} for the error {@code name}. */
    public static String lambdaErrorType(String name) {
        Class<? extends EngramException> type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("not an engram error name: " + name);
        }
        return type.getName();
    }

    /** The HTTP status of the error {@code name} (its simple class name); 500 for any other name or none. */
    public static int httpStatus(String name) {
        Class<? extends EngramException> type = name == null ? null : BY_NAME.get(name);
        return type == null ? INTERNAL_ERROR_STATUS : HTTP_STATUS.get(type);
    }

    /** The HTTP status of an error of class {@code type}. */
    static int httpStatus(Class<? extends EngramException> type) {
        Integer status = HTTP_STATUS.get(type);
        if (status == null) {
            throw new IllegalStateException(type.getName() + " has no row in EngramErrors' table");
        }
        return status;
    }
}
