package engram.functions.errors;

/** A model, edit folder or dataset the request points at does not exist in the store. */
public final class ArtifactNotFoundException extends EngramException {
    private static final long serialVersionUID = 1L;

    /**
     * @param field the request field holding the reference, e.g. {@code model}
     * @param uri   the missing object or prefix, {@code s3://bucket/key}
     */
    public ArtifactNotFoundException(String field, String uri) {
        super((field == null ? "" : field + ": ") + "no artifact at " + uri, field, uri, null);
    }
}
