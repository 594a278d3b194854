package engram.functions.api;

/**
 * What one call cost: the price the deployment's price table sets for it ({@code engram.prices}), which is
 * what workflows charge against their cap, and the seconds it measurably ran on its resource class, which is
 * how the price table is checked against reality.
 *
 * @param usd           the priced cost in USD
 * @param micros        the same in integer micro-dollars, rounded up ({@link Money#chargeMicros})
 * @param seconds       wall-clock seconds of the call, measured
 * @param resourceClass where it ran ({@code engram.cost.resource-class}, e.g. {@code lambda-3008mb})
 */
public record Cost(double usd, long micros, double seconds, String resourceClass) {}
