package engram.functions.errors;

/** The request cannot succeed as written (a missing, mistyped or out-of-range field). Catch it; never retry. */
public final class InvalidRequestException extends EngramException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String field, Object value, String message) {
        super(field == null ? message : field + ": " + message, field, value, null);
    }
}
