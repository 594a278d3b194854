package engram.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ROUGE-L between a generated answer and its reference (Lin 2004): with {@code LCS} the length of the
 * longest common subsequence of the two token sequences,
 * <pre>
 *   recall    = LCS / |reference tokens|
 *   precision = LCS / |candidate tokens|
 *   F         = 2 · precision · recall / (precision + recall)     (0 when both are 0)
 * </pre>
 * TOFU (Maini et al. 2024, locuslab/tofu {@code evaluate_util.py eval_rouge_recall}) reports the recall of
 * {@code rouge_score.RougeScorer(['rougeL'], use_stemmer=True)} with the ground-truth answer as reference.
 * Tokens here follow rouge_score's default tokenizer: lower-case, replace every run of characters outside
 * {@code [a-z0-9]} by a space, split on spaces (so non-ASCII letters separate words, as there).
 *
 * <p>Approximation: rouge_score's Porter stemmer (applied to tokens longer than three characters when
 * {@code use_stemmer=True}) is <em>not</em> applied, so "writes" and "write" count as different words here.
 * Engram's generated-world answers are names, numbers and short noun phrases, where stemming rarely matters.
 *
 * <p>Written by hand because we found no maintained ROUGE implementation for Java on Maven Central; the
 * LCS is the textbook O(|a|·|b|) dynamic programme over two rows.
 */
public final class RougeL {
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

    private RougeL() {}

    /**
     * ROUGE-L of one candidate against one reference, each in [0, 1].
     *
     * @param precision LCS over the number of candidate tokens (0 for an empty candidate)
     * @param recall    LCS over the number of reference tokens (0 for an empty reference)
     * @param f         harmonic mean of precision and recall (0 when both are 0)
     */
    public record Score(double precision, double recall, double f) {}

    /** Scores {@code candidate} (e.g. a greedy generation) against {@code reference} (the true answer). */
    public static Score score(String reference, String candidate) {
        List<String> ref = tokens(reference);
        List<String> cand = tokens(candidate);
        int lcs = longestCommonSubsequence(ref, cand);
        double recall = ref.isEmpty() ? 0 : lcs / (double) ref.size();
        double precision = cand.isEmpty() ? 0 : lcs / (double) cand.size();
        double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new Score(precision, recall, f);
    }

    /** rouge_score's default tokens of {@code text}: lower-cased runs of {@code [a-z0-9]}, stemmer off. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (String token : NOT_ALPHANUMERIC.split(text.toLowerCase(Locale.ROOT))) {
            if (!token.isEmpty()) {
                out.add(token);
            }
        }
        return out;
    }

    /** Length of the longest common subsequence of {@code a} and {@code b} (tokens compared with equals). */
    static int longestCommonSubsequence(List<String> a, List<String> b) {
        int[] previous = new int[b.size() + 1];
        int[] current = new int[b.size() + 1];
        for (String x : a) {
            for (int j = 1; j <= b.size(); j++) {
                current[j] = x.equals(b.get(j - 1)) ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.size()];
    }
}
