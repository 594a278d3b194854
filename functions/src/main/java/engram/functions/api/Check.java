package engram.functions.api;

import engram.functions.errors.InvalidRequestException;
import engram.functions.errors.LimitExceededException;
import java.util.function.Supplier;

/** The checks request records share; each throws naming the field and the value. */
public final class Check {
    private Check() {}

    /** A required field. */
    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new InvalidRequestException(field, null, "is missing");
        }
        return value;
    }

    /** An optional number within {@code [min, max]}. */
    public static void inRange(Number value, double min, double max, String field) {
        if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
            throw new InvalidRequestException(field, value, "must be in [" + fmt(min) + ", " + fmt(max) + "]");
        }
    }

    /** An optional count the deployment caps: above {@code limit} is a {@link LimitExceededException}. */
    public static void atMost(Number value, long limit, String field) {
        if (value != null && value.longValue() > limit) {
            throw new LimitExceededException(field, value, limit);
        }
    }

    /**
     * Runs a library validation ({@code config.validate()}) and reports its {@link IllegalArgumentException}
     * as an invalid request under {@code field}.
     */
    public static <T> T library(String field, Supplier<T> validation) {
        try {
            return validation.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, null, e.getMessage());
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
