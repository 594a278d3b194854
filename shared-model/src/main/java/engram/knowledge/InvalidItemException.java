package engram.knowledge;

/** A dataset record that engram cannot use, with where it is and which field is wrong. */
public class InvalidItemException extends IllegalArgumentException {
    private final String where;
    private final String field;

    /**
     * @param where the file and line ({@code data/items.jsonl:12}) or another locator
     * @param field the offending field, e.g. {@code target_new}
     * @param value the value found (null when missing)
     */
    public InvalidItemException(String where, String field, Object value) {
        super(where + ": field '" + field + "' " + (value == null ? "is missing" : "is invalid: " + abbreviate(value)));
        this.where = where;
        this.field = field;
    }

    /**
     * @param where   the file and line
     * @param message what is wrong with the record or the file as a whole
     */
    public InvalidItemException(String where, String message) {
        super(where + ": " + message);
        this.where = where;
        this.field = null;
    }

    /**
     * @param where   the file and line
     * @param message what is wrong
     * @param cause   the parser's exception
     */
    public InvalidItemException(String where, String message, Throwable cause) {
        super(where + ": " + message, cause);
        this.where = where;
        this.field = null;
    }

    /** The file and line, or another locator. */
    public String where() {
        return where;
    }

    /** The offending field, or null when the record as a whole is malformed. */
    public String field() {
        return field;
    }

    private static String abbreviate(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 80 ? "'" + s + "'" : "'" + s.substring(0, 77) + "...'";
    }
}
