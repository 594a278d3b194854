package engram.train;

import java.util.Arrays;

/**
 * One training sequence: its tokens, which of them the loss counts (target tokens only, e.g. the
 * answer after a prompt), and a weight for the whole example (Semantic Beacons re-weighting; 1 otherwise). A
 * negative weight turns descent into ascent on that example's loss (gradient-ascent unlearning,
 * {@code engram.knowledge.unlearn}).
 *
 * @param tokens token ids, BOS included when the model uses one
 * @param target {@code target[i]} is true when token {@code i} is predicted in the loss (never for i = 0)
 * @param weight the example's weight, finite; negative for gradient ascent
 */
public record Example(long[] tokens, boolean[] target, float weight) {

    /** Defensive copies; validation happens in {@link #validate()}. */
    public Example {
        tokens = tokens.clone();
        target = target.clone();
    }

    /** A prompt followed by a completion; only the completion's tokens count. */
    public static Example completion(long[] prompt, long[] completion, float weight) {
        long[] tokens = Arrays.copyOf(prompt, prompt.length + completion.length);
        System.arraycopy(completion, 0, tokens, prompt.length, completion.length);
        boolean[] target = new boolean[tokens.length];
        Arrays.fill(target, prompt.length, tokens.length, true);
        return new Example(tokens, target, weight);
    }

    /**
     * Checks lengths and values.
     *
     * @throws IllegalArgumentException naming the field
     */
    public void validate() {
        if (tokens.length < 2) {
            throw new IllegalArgumentException("tokens must hold at least 2 ids, got " + tokens.length);
        }
        if (target.length != tokens.length) {
            throw new IllegalArgumentException("target has " + target.length + " flags for " + tokens.length + " tokens");
        }
        if (target[0]) {
            throw new IllegalArgumentException("target[0] must be false: the first token is never predicted");
        }
        if (!Float.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite, got " + weight);
        }
    }
}
