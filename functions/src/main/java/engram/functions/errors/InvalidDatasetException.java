package engram.functions.errors;

/**
 * A dataset the request points at exists but cannot be used: malformed JSON, a record missing a field, an
 * item without the target an operation needs. The value is the file and line ({@code dataset.jsonl:12}).
 */
public final class InvalidDatasetException extends EngramException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the request field holding the dataset reference, e.g. {@code dataset}
     * @param where the object and line, and the record's field when known
     */
    public InvalidDatasetException(String field, String where, String message, Throwable cause) {
        super(field + ": " + message, field, where, cause);
    }
}
