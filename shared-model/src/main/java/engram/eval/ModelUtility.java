package engram.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * TOFU's model utility (Maini et al. 2024, §2.3; locuslab/tofu {@code aggregate_eval_stat.py
 * get_model_utility}): the harmonic mean of every non-forget figure,
 * <pre>
 *   utility = k / sum_i (1 / x_i)       (0 as soon as one x_i is 0, as scipy.stats.hmean returns)
 * </pre>
 * TOFU uses nine numbers: answer probability, ROUGE-L recall and truth ratio {@code max(0, 1 - R)} on each of
 * the retain set, the real-authors set and the world-facts set (on the last two the probability is normalised
 * over the answer options). Engram's generated world has no real authors and no world-facts questions, so
 * {@link #ofRetainSets(List)} takes the three figures of every set it is given, normally just the retain
 * authors (three numbers), and always uses the retain form of the probability, {@code P(a|q)^(1/|a|)}.
 * The components say exactly which numbers went in.
 *
 * @param value      the harmonic mean of the components, in [0, 1] when they are
 * @param components the named figures averaged, in order
 */
public record ModelUtility(double value, List<Component> components) {

    /**
     * One figure that enters the harmonic mean.
     *
     * @param name  e.g. {@code retain/answer probability}
     * @param value the figure, &ge; 0
     */
    public record Component(String name, double value) {}

    public ModelUtility {
        components = List.copyOf(components);
    }

    /**
     * The harmonic mean of {@code components}.
     *
     * @throws IllegalArgumentException when there are none, or one is negative or not finite
     */
    public static ModelUtility of(List<Component> components) {
        return new ModelUtility(harmonicMean(components.stream().mapToDouble(Component::value).toArray()),
                components);
    }

    /**
     * Utility from per-set scores: answer probability, ROUGE-L recall and the retain truth ratio
     * {@code mean max(0, 1 - R)} of each set; a set without truth-ratio questions contributes two figures.
     *
     * @throws IllegalArgumentException when {@code sets} is empty or a figure is negative or not finite
     */
    public static ModelUtility ofRetainSets(List<SetScores> sets) {
        List<Component> components = new ArrayList<>();
        for (SetScores set : sets) {
            components.add(new Component(set.name() + "/answer probability", set.answerProbability()));
            components.add(new Component(set.name() + "/ROUGE-L recall", set.rougeLRecall()));
            if (!set.truthRatios().isEmpty()) {
                components.add(new Component(set.name() + "/truth ratio max(0, 1-R)", set.retainTruthRatio()));
            }
        }
        return of(components);
    }

    /**
     * {@code k / sum(1/x_i)}; 0 when any value is 0.
     *
     * @throws IllegalArgumentException when {@code values} is empty, or a value is negative or not finite
     */
    public static double harmonicMean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the harmonic mean of no values is undefined");
        }
        double inverses = 0;
        boolean zero = false;
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "] must be finite and >= 0, got " + values[i]);
            }
            zero |= values[i] == 0;
            inverses += zero ? 0 : 1 / values[i];
        }
        return zero ? 0 : values.length / inverses;
    }
}
