package engram.functions.errors;

/** The HTTP caller did not present the configured bearer token. */
public final class UnauthorizedException extends EngramException {
    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message, null, null, null);
    }
}
