package engram.eval;

import java.util.List;

/**
 * What a model knows of one named set of questions (the forget set, or a retain set), each figure a mean over
 * the set's items (per-example means, docs/methods.md §2.7):
 * <ul>
 * <li>{@code tokenAccuracy}: EasyEdit's teacher-forced token accuracy of the true answer (docs/methods.md §2.1);</li>
 * <li>{@code exactMatch}: the fraction of answers whose every token is top-1 under teacher forcing;</li>
 * <li>{@code rougeLRecall}: ROUGE-L recall of the greedy generation against the true answer ({@link RougeL});</li>
 * <li>{@code answerProbability}: TOFU's {@code P(a|q)^(1/|a|)} of the true answer ({@link AnswerLikelihood});</li>
 * <li>{@code truthRatios}: one {@link TruthRatio} per item that has perturbed answers.</li>
 * </ul>
 *
 * @param name              the set's name, e.g. {@code forget} or {@code retain}
 * @param items             items scored
 * @param tokenAccuracy     mean teacher-forced token accuracy, in [0, 1]
 * @param exactMatch        mean teacher-forced exact match, in [0, 1]
 * @param rougeLRecall      mean ROUGE-L recall of greedy generations, in [0, 1]
 * @param answerProbability mean length-normalised answer probability, in [0, 1]
 * @param truthRatios       per-question truth ratios, in item order (items without perturbed answers skipped)
 */
public record SetScores(String name, int items, double tokenAccuracy, double exactMatch, double rougeLRecall,
                        double answerProbability, List<TruthRatio> truthRatios) {

    public SetScores {
        truthRatios = List.copyOf(truthRatios);
    }

    /** Mean of {@code min(R, 1/R)}: TOFU's forget-set truth ratio; NaN when the set has no truth ratios. */
    public double forgetTruthRatio() {
        return truthRatios.stream().mapToDouble(TruthRatio::forgetValue).average().orElse(Double.NaN);
    }

    /** Mean of {@code max(0, 1 - R)}: TOFU's retain-set truth ratio; NaN when the set has no truth ratios. */
    public double retainTruthRatio() {
        return truthRatios.stream().mapToDouble(TruthRatio::retainValue).average().orElse(Double.NaN);
    }

    /** Each question's {@code R}, the sample a forget-quality KS test compares. */
    public double[] ratios() {
        return truthRatios.stream().mapToDouble(TruthRatio::ratio).toArray();
    }
}
