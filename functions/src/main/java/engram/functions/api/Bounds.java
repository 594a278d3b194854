package engram.functions.api;

import engram.functions.errors.InvalidRequestException;

/** The half-open ranges request records check ({@link Check#inRange} covers the closed ones). */
final class Bounds {
    private Bounds() {}

    /** An optional number in {@code (0, max]}: rates, temperatures, scales. */
    static void aboveZero(Number value, double max, String field) {
        if (value != null && !(value.doubleValue() > 0 && value.doubleValue() <= max)) {
            throw new InvalidRequestException(field, value, "must be in (0, " + max + "]");
        }
    }

    /** An optional number in {@code [0, max)}: dropouts, tolerances. */
    static void belowMax(Number value, double max, String field) {
        if (value != null && !(value.doubleValue() >= 0 && value.doubleValue() < max)) {
            throw new InvalidRequestException(field, value, "must be in [0, " + max + ")");
        }
    }
}
