package engram.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Forget% of the forget set and RetainDelta of each retain set (docs/methods.md §2.5), from evaluations of the same
 * sets before and after unlearning, on one chosen accuracy.
 *
 * @param measure the accuracy compared
 * @param forget  the forget set's change; its {@link AccuracyChange#forgetPercent()} is Forget%
 * @param retain  each retain set's change; {@link AccuracyChange#delta()} is RetainDelta
 */
public record UnlearningChange(Measure measure, AccuracyChange forget, List<AccuracyChange> retain) {

    public UnlearningChange {
        retain = List.copyOf(retain);
    }

    /** Which per-set accuracy the change is measured on. */
    public enum Measure {
        /** EasyEdit's teacher-forced token accuracy (the default "Acc" of docs/methods.md §2.5). */
        TOKEN_ACCURACY(SetScores::tokenAccuracy),
        /** Teacher-forced exact match. */
        EXACT_MATCH(SetScores::exactMatch),
        /** ROUGE-L recall of greedy generations. */
        ROUGE_L_RECALL(SetScores::rougeLRecall),
        /** Length-normalised answer probability. */
        ANSWER_PROBABILITY(SetScores::answerProbability);

        private final ToDoubleFunction<SetScores> read;

        Measure(ToDoubleFunction<SetScores> read) {
            this.read = read;
        }

        /** This measure's value in {@code scores}. */
        public double of(SetScores scores) {
            return read.applyAsDouble(scores);
        }
    }

    /**
     * Compares two evaluations of the same sets; retain sets are matched by name.
     *
     * @throws IllegalArgumentException when a retain set of {@code after} is missing from {@code before}
     */
    public static UnlearningChange between(UnlearningScores before, UnlearningScores after, Measure measure) {
        AccuracyChange forget = new AccuracyChange(after.forget().name(), measure.of(before.forget()),
                measure.of(after.forget()));
        List<AccuracyChange> retain = new ArrayList<>();
        for (SetScores set : after.retain()) {
            SetScores old = before.retain().stream().filter(s -> s.name().equals(set.name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("retain set " + set.name()
                            + " was not evaluated before unlearning"));
            retain.add(new AccuracyChange(set.name(), measure.of(old), measure.of(set)));
        }
        return new UnlearningChange(measure, forget, retain);
    }
}
