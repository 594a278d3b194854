package engram.functions.errors;

/**
 * The artifacts exist but do not belong together: an edit folder trained on another base model (its
 * {@code base_model_name_or_path} is not {@code sha256:<this model's hash>}), or bytes whose SHA-256 is not
 * the one the request named.
 */
public final class ModelMismatchException extends EngramException {
    private static final long serialVersionUID = 1L;

    public ModelMismatchException(String field, Object value, String message) {
        super(field + ": " + message, field, value, null);
    }
}
