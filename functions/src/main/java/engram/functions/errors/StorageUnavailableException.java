package engram.functions.errors;

/**
 * The artifact store did not answer (connection refused or reset, timeouts, 5xx, SlowDown) even after the S3
 * client's own retries with back-off. Nothing was left half-written: every object is written whole or not at all,
 * and a result is visible only once its manifest is, which comes last. The workflow should Retry it after a
 * pause; the same request then resumes (training from its newest snapshot) and ends with the same result.
 *
 * <p>Why a typed error and not the SDK's exception as it is: over HTTP an SDK exception is indistinguishable from
 * a bug (500), and on Lambda its name ({@code ...SdkClientException}, {@code ...S3Exception}) depends on which of the
 * SDK's classes failed. One name lets every state machine retry a storage outage, and nothing else, by name.
 */
public final class StorageUnavailableException extends EngramException {
    private static final long serialVersionUID = 1L;

    /**
     * @param operation what the store was doing ({@code PUT s3://bucket/key})
     * @param cause     the client's last failure
     */
    public StorageUnavailableException(String operation, Throwable cause) {
        super("the artifact store is unavailable: " + operation + " failed after retries (" + summary(cause) + ")",
                null, null, cause);
    }

    private static String summary(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
