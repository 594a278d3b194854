package engram.functions.errors;

import java.util.Map;

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
 * <li>the embedded runner ({@code engram.workflow}) names a task's exception the same way, so one
 *     {@code ErrorEquals} string serves both;</li>
 * <li>the HTTP error bodies use the short, simple name ({@link #BY_NAME}'s keys).</li>
 * </ul>
 */
public final class EngramErrors {

    /** Every error name (simple class name) and its class. */
    public static final Map<String, Class<? extends EngramException>> BY_NAME = Map.of(
            "InvalidRequestException", InvalidRequestException.class,
            "UnauthorizedException", UnauthorizedException.class,
            "ArtifactNotFoundException", ArtifactNotFoundException.class,
            "ModelMismatchException", ModelMismatchException.class,
            "BudgetExceededException", BudgetExceededException.class,
            "InvalidDatasetException", InvalidDatasetException.class,
            "LossDivergedException", LossDivergedException.class,
            "LimitExceededException", LimitExceededException.class,
            "StorageUnavailableException", StorageUnavailableException.class);

    private EngramErrors() {}

    /** What Lambda reports as {@code errorType} for the error {@code name}. */
    public static String lambdaErrorType(String name) {
        Class<? extends EngramException> type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("not an engram error name: " + name);
        }
        return type.getName();
    }
}
