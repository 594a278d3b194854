package engram.eval;

import java.util.List;

/**
 * TOFU's truth ratio for one question (Maini et al. 2024, §2.2.2): how much more likely the model finds
 * fluent wrong answers than a paraphrase of the right one, each length-normalised,
 * <pre>
 *   R = mean_j[ P(perturbed_j|q)^(1/|perturbed_j|) ] / P(paraphrased|q)^(1/|paraphrased|)
 * </pre>
 * Computed in log space from teacher-forced log-probabilities: {@code perturbed} is the mean over j of
 * {@code logP(perturbed_j|q)/|perturbed_j|} and {@code paraphrased} is {@code logP(paraphrased|q)/|paraphrased|},
 * so {@code R = exp(perturbed - paraphrased)}. Taking the mean in log space makes the numerator the
 * <em>geometric</em> mean of the normalised probabilities; that is what locuslab/tofu's
 * {@code aggregate_eval_stat.py} (the script behind the leaderboard) computes, {@code average_perturb_loss.mean(-1)}.
 * The paper's formula and the {@code get_model_utility} of one revision of tofu's {@code utils.py} take the
 * arithmetic mean instead; the two agree when there is one perturbed answer or all are equally likely.
 *
 * <p>Which number is reported where, per tofu's {@code aggregate_eval_stat.py}:
 * <ul>
 * <li>forget set, the "Truth Ratio Forget" column: the mean of {@link #forgetValue()} = {@code min(R, 1/R)};</li>
 * <li>forget set, forget quality: the KS test compares the distributions of {@code exp(perturbed loss -
 *     paraphrased loss)} = {@code 1/R}; a KS test is unchanged when the same strictly monotone map is applied
 *     to both samples, so engram feeds {@link #ratio()} itself (see {@link ForgetQuality});</li>
 * <li>retain set (and real authors, world facts), part of model utility: the mean of {@link #retainValue()}
 *     = {@code max(0, 1 - R)}.</li>
 * </ul>
 *
 * @param paraphrased mean log-probability per token of the paraphrased answer
 * @param perturbed   mean over perturbed answers of their mean log-probability per token
 */
public record TruthRatio(double paraphrased, double perturbed) {

    /**
     * The truth ratio of one question.
     *
     * @throws IllegalArgumentException when there is no perturbed answer
     */
    public static TruthRatio of(AnswerLikelihood paraphrased, List<AnswerLikelihood> perturbed) {
        if (perturbed.isEmpty()) {
            throw new IllegalArgumentException("a truth ratio needs at least one perturbed answer");
        }
        double sum = 0;
        for (AnswerLikelihood answer : perturbed) {
            sum += answer.perToken();
        }
        return new TruthRatio(paraphrased.perToken(), sum / perturbed.size());
    }

    /** {@code log R = perturbed - paraphrased}. */
    public double logRatio() {
        return perturbed - paraphrased;
    }

    /** {@code R}: above 1 when the model prefers the wrong answers. */
    public double ratio() {
        return Math.exp(logRatio());
    }

    /** {@code min(R, 1/R) = exp(-|log R|)}, in (0, 1]: TOFU's forget-set truth ratio (1 = no preference). */
    public double forgetValue() {
        return Math.exp(-Math.abs(logRatio()));
    }

    /** {@code max(0, 1 - R)}, in [0, 1): TOFU's retain-set truth ratio (near 1 = strongly prefers the truth). */
    public double retainValue() {
        return Math.max(0, 1 - ratio());
    }
}
