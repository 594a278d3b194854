package engram.functions.errors;

/**
 * The request is well-formed but larger than this deployment accepts (too many items, steps or bytes). The
 * workflow should split the work (a Map state over smaller shards), not retry it.
 */
public final class LimitExceededException extends EngramException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the request field (or {@code body}) that is too large
     * @param value what it asked for
     * @param limit the deployment's limit
     */
    public LimitExceededException(String field, Object value, long limit) {
        super(field + ": " + value + " exceeds this deployment's limit of " + limit, field, value, null);
    }
}
