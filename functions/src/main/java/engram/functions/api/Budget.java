package engram.functions.api;

/**
 * A workflow's hard cost cap, as its input gives it ({@code "budget": {"capMicros": n}}); the workflow keeps its
 * spend and estimates next to it as it runs.
 *
 * @param capMicros the cap in integer micro-dollars ({@link Money#capMicros})
 */
public record Budget(long capMicros) {

    /** The cap of {@code usd} dollars. */
    public static Budget ofUsd(double usd) {
        return new Budget(Money.capMicros(usd));
    }
}
