package engram.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arithmetic of the editing metrics (docs/methods.md §2.2 and §2.3), kept apart from the model so that
 * each formula can be checked on numbers whose answer is known. {@link EditEvaluation} feeds them.
 */
public final class EditMetrics {
    /** Word tokens for fluency: runs of letters/digits, or single other non-space characters. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+|[^\\s\\p{L}\\p{N}_]");

    private EditMetrics() {}

    /**
     * EasyEdit locality of one neighbour: the fraction of target positions whose argmax is unchanged by
     * the edit, {@code mean_j [before_j == after_j]} (KnowEdit: before [29, 234, 334], after
     * [29, 234, 333] gives 2/3).
     *
     * @throws IllegalArgumentException when the arrays differ in length or are empty
     */
    public static double unchangedFraction(long[] before, long[] after) {
        if (before.length != after.length || before.length == 0) {
            throw new IllegalArgumentException("before has " + before.length + " tokens, after " + after.length);
        }
        int same = 0;
        for (int i = 0; i < before.length; i++) {
            same += before[i] == after[i] ? 1 : 0;
        }
        return same / (double) before.length;
    }

    /**
     * ROME's success test for a rewrite or paraphrase prompt:
     * {@code [NLL(o_true) > NLL(o_new)]}, with {@code NLL(o) = −(1/|o|) Σ_j log p(o_j | prefix, o_<j)};
     * here given as mean log-probabilities, so the test reads {@code meanLogP(new) > meanLogP(true)}.
     * Efficacy score (ES) and paraphrase score (PS) are means of it; the neighbourhood score (NS) is the mean
     * of its negation ({@code meanLogP(true) > meanLogP(new)}).
     */
    public static boolean prefersNew(double meanLogProbabilityNew, double meanLogProbabilityTrue) {
        return meanLogProbabilityNew > meanLogProbabilityTrue;
    }

    /**
     * ROME's magnitude, {@code exp(−NLL_new) − exp(−NLL_true)}: the efficacy (EM) and paraphrase (PM)
     * magnitudes; the neighbourhood magnitude NM is its negation.
     */
    public static double probabilityMargin(double meanLogProbabilityNew, double meanLogProbabilityTrue) {
        return Math.exp(meanLogProbabilityNew) - Math.exp(meanLogProbabilityTrue);
    }

    /**
     * Fluency of one generated text, EasyEdit's {@code compute_n_gram_entropy}: for n ∈ {2, 3}, the entropy
     * {@code H_n = −Σ f·log2 f} of the relative frequencies f of the text's word n-grams, weighted 2/3 and
     * 4/3, and averaged: {@code (2/3·H_2 + 4/3·H_3) / 2}. EasyEdit tables print it ×100.
     *
     * <p>Approximation: EasyEdit splits words with NLTK's {@code word_tokenize}; engram splits on runs of
     * letters and digits and single punctuation marks, which agrees with it on plain prose but not on
     * contractions ({@code "don't"} is three tokens here, two in NLTK).
     */
    public static double nGramEntropy(String text) {
        List<String> words = words(text);
        return (2.0 / 3.0 * entropy(words, 2) + 4.0 / 3.0 * entropy(words, 3)) / 2.0;
    }

    /** Shannon entropy in bits of the n-gram frequency distribution of {@code words} (0 when there are none). */
    static double entropy(List<String> words, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= words.size(); i++) {
            counts.merge(words.subList(i, i + n), 1, Integer::sum);
        }
        int total = Math.max(0, words.size() - n + 1);
        double h = 0;
        for (int c : counts.values()) {
            double f = c / (double) total;
            h -= f * Math.log(f) / Math.log(2);
        }
        return h;
    }

    /** The word tokens fluency counts (case kept, as NLTK keeps it). */
    static List<String> words(String text) {
        Matcher m = WORD.matcher(text);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * The mean of the values that are not NaN (NaN when none is): how EasyEdit averages a metric over cases
     * that have the data for it, skipping the others (a case without portability questions, for example).
     */
    public static double meanOfDefined(double... values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The harmonic mean of non-negative values (0 when any is 0; NaN when any is NaN): ROME's score S. */
    public static double harmonicMean(double... values) {
        double inverse = 0;
        for (double v : values) {
            if (Double.isNaN(v) || v < 0) {
                return Double.NaN;
            }
            if (v == 0) {
                return 0;
            }
            inverse += 1 / v;
        }
        return values.length / inverse;
    }
}
