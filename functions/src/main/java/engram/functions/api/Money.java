package engram.functions.api;

/**
 * Money as the workflows count it: integer micro-dollars (1 USD = 1,000,000 micro-dollars), because the state
 * machines add costs with {@code States.MathAdd}, which takes integers. Every conversion between USD and
 * micro-dollars goes through here, and so does the rounding, which differs by what the amount is:
 * <ul>
 * <li>a <b>charge</b> (a price from {@code engram.prices}, an estimate) rounds <b>up</b>, so a charge is never below
 *     its price; float noise below 1e-6 micro-dollar does not round up;</li>
 * <li>a <b>cap</b> (the budget a caller gives in USD) rounds to the <b>nearest</b> micro-dollar, half up.</li>
 * </ul>
 * Both conversions saturate at {@link Long#MAX_VALUE} (a {@code double} too large for a {@code long} casts to it).
 */
public final class Money {
    /** Micro-dollars in one USD. */
    public static final long MICROS_PER_USD = 1_000_000;

    private Money() {}

    /** A charge or price in micro-dollars, rounded up. */
    public static long chargeMicros(double usd) {
        return (long) Math.ceil(usd * MICROS_PER_USD - 1e-6);
    }

    /** A cost cap in micro-dollars, rounded to the nearest micro-dollar. */
    public static long capMicros(double usd) {
        return Math.round(usd * MICROS_PER_USD);
    }

    /** Micro-dollars as USD, for people to read. */
    public static double usd(long micros) {
        return micros / (double) MICROS_PER_USD;
    }
}
