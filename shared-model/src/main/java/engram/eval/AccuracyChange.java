package engram.eval;

/**
 * How one set's accuracy moved through unlearning, docs/methods.md §2.5 (UNLEARN reports "% of targeted knowledge
 * forgotten" and "other knowledge within x% of the original"; the exact formulas are not published, these
 * are the reconstruction written there):
 * <pre>
 *   Forget%     = 100 · (before - after) / before          (on the forget set)
 *   RetainDelta = after - before                           (absolute; relative: 100 · (after - before) / before)
 * </pre>
 *
 * @param set    the set's name
 * @param before accuracy before unlearning
 * @param after  accuracy after unlearning
 */
public record AccuracyChange(String set, double before, double after) {

    /** {@code 100 · (before - after) / before}: 100 when all is forgotten; NaN when {@code before} is 0. */
    public double forgetPercent() {
        return before == 0 ? Double.NaN : 100 * (before - after) / before;
    }

    /** {@code after - before}, in the accuracy's own units (RetainDelta, absolute). */
    public double delta() {
        return after - before;
    }

    /** {@code 100 · (after - before) / before} (RetainDelta, relative); NaN when {@code before} is 0. */
    public double relativeDeltaPercent() {
        return before == 0 ? Double.NaN : 100 * (after - before) / before;
    }
}
