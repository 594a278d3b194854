package engram.eval;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * TOFU's forget quality (Maini et al. 2024, §2.3; locuslab/tofu {@code aggregate_eval_stat.py
 * get_forget_quality}): the p-value of a two-sample Kolmogorov–Smirnov test between the truth ratios of the
 * unlearned model on the forget set and those of a model trained only on the retain set, on the same forget
 * set. A high p-value means the two distributions cannot be told apart, i.e. the unlearned model looks like
 * one that never saw the forget set.
 * <pre>
 *   D = sup_x |F_unlearned(x) - F_reference(x)|      (empirical CDFs of the two truth-ratio samples)
 *   p = P(D_{n,m} &gt;= D)                            (under "same distribution")
 * </pre>
 * The statistic and p-value come from Apache Commons Math 3 ({@link KolmogorovSmirnovTest}): the exact
 * distribution of {@code D_{n,m}} when {@code n·m < 10000}, else the asymptotic Kolmogorov distribution. That
 * mirrors {@code scipy.stats.ks_2samp}'s default, which tofu calls, except that scipy keeps the exact method up
 * to 10000 values per sample, so p-values of large samples may differ slightly. Commons Math's own
 * {@code kolmogorovSmirnovTest(x, y)} jitters tied values and reports {@code P(D > d)}; engram calls
 * {@code exactP(d, n, m, false)} = {@code P(D >= d)} on the untouched statistic instead, which, like scipy,
 * gives p = 1 for identical samples.
 *
 * <p>Truth ratios are compared as {@code R}; tofu feeds {@code 1/R}. The KS statistic, and so the p-value, is
 * the same for both, because {@code x -> 1/x} is strictly monotone on positive numbers.
 *
 * @param pValue          the forget quality, in [0, 1]
 * @param statistic       the KS distance {@code D}, in [0, 1]
 * @param unlearnedSize   questions in the unlearned model's sample
 * @param referenceSize   questions in the reference sample
 * @param reference       whether the reference sample is TOFU's (a retain-only model) or engram's stand-in
 * @param referenceNote   what the reference sample is, in words
 */
public record ForgetQuality(double pValue, double statistic, int unlearnedSize, int referenceSize,
                            Reference reference, String referenceNote) {

    /** Below this product of sample sizes the exact distribution of {@code D} is used (Commons Math's limit). */
    static final long EXACT_LIMIT = 10_000;

    /** What the unlearned model's truth ratios were compared against. */
    public enum Reference {
        /** TOFU's definition: a retain-only model's truth ratios on the same forget questions. */
        EXACT,
        /** A stand-in for the retain-only model; {@link #referenceNote()} says which. */
        APPROXIMATED
    }

    /** Text of {@link #referenceNote()} when a retain-only model's truth ratios were given. */
    public static final String RETAIN_MODEL_NOTE = "truth ratios of a model trained without the forget set, "
            + "on the forget questions (TOFU's definition)";

    /**
     * Text of {@link #referenceNote()} for engram's approximation. The generated world holds out a tenth of
     * its authors from pretraining; the same model's truth ratios on those never-seen authors' questions stand
     * in for a retain-only model's truth ratios on the forget authors, since both are "authors the model never
     * learned". Limits: different authors and questions (the holdout set is small, often smaller than the forget
     * set, which weakens the test); the unlearned model, not a retrained one, produces the reference, so any
     * side effect of unlearning on never-seen authors moves both samples; and a retain-only model has also
     * seen fewer documents than the base model, which this stand-in does not reproduce.
     */
    public static final String HOLDOUT_NOTE = "approximation: the same model's truth ratios on never-seen "
            + "(holdout) authors' questions stand in for a retain-only model's truth ratios on the forget "
            + "authors; different questions, same (unlearned) model";

    /**
     * KS test of the unlearned model's forget-set truth ratios against a retain-only model's (TOFU's definition).
     *
     * @throws IllegalArgumentException when a sample has fewer than 2 values or holds a value that is not finite
     */
    public static ForgetQuality againstRetainModel(double[] unlearned, double[] retainModel) {
        return test(unlearned, retainModel, Reference.EXACT, RETAIN_MODEL_NOTE);
    }

    /**
     * KS test of the unlearned model's forget-set truth ratios against its own truth ratios on never-seen
     * authors ({@link #HOLDOUT_NOTE} says what this approximates and where it falls short).
     *
     * @throws IllegalArgumentException when a sample has fewer than 2 values or holds a value that is not finite
     */
    public static ForgetQuality againstNeverSeen(double[] unlearned, double[] neverSeen) {
        return test(unlearned, neverSeen, Reference.APPROXIMATED, HOLDOUT_NOTE);
    }

    /**
     * The two-sample KS test itself; {@code note} describes {@code reference}.
     *
     * @throws IllegalArgumentException when a sample has fewer than 2 values or holds a value that is not finite
     */
    public static ForgetQuality test(double[] unlearned, double[] referenceSample, Reference reference, String note) {
        check(unlearned, "unlearned");
        check(referenceSample, "reference");
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double d = ks.kolmogorovSmirnovStatistic(unlearned, referenceSample);
        int n = unlearned.length;
        int m = referenceSample.length;
        double p = (long) n * m < EXACT_LIMIT ? ks.exactP(d, n, m, false) : ks.approximateP(d, n, m);
        return new ForgetQuality(Math.min(1, Math.max(0, p)), d, n, m, reference, note);
    }

    private static void check(double[] sample, String name) {
        if (sample.length < 2) {   // Commons Math's minimum for a two-sample statistic
            throw new IllegalArgumentException(name + " sample needs at least 2 values, got " + sample.length);
        }
        for (int i = 0; i < sample.length; i++) {
            if (!Double.isFinite(sample[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + sample[i]);
            }
        }
    }
}
