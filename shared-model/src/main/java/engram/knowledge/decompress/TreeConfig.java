package engram.knowledge.decompress;

import java.util.Collections;
import java.util.List;

/**
 * The shape and sampling of a generated dialogue tree (TG, arXiv 2406.11354; docs/methods.md §8.3, whose concrete
 * choices are [INF]). Layer {@code i} (1-based) is a question layer when {@code i} is odd and an answer layer when
 * it is even; every node of layer {@code i − 1} gets up to {@code branching.get(i − 1)} children.
 *
 * @param branching     N[i] per layer; its size is the depth (2k for k question/answer rounds)
 * @param temperature   sampling temperature, &gt; 0 (docs/methods.md: 0.7–1.0; sampling must be stochastic or all
 *                      children are identical)
 * @param topP          nucleus mass in (0, 1]
 * @param topK          keep this many most likely tokens (0 keeps all)
 * @param seed          seeds every choice; the same seed, model and roots give the same tree
 * @param maxNewTokens  generated tokens per turn at most (docs/methods.md's L_i, one value for every layer)
 * @param dedup         drop empty turns, questions already asked in the same layer, and answers equal to a
 *                      sibling's (compared case- and whitespace-insensitively); docs/methods.md's semantic (embedding)
 *                      de-duplication is not implemented
 * @param batchSize     prompts per generation call
 */
public record TreeConfig(List<Integer> branching, float temperature, float topP, int topK, long seed,
                         int maxNewTokens, boolean dedup, int batchSize) {

    public TreeConfig {
        branching = branching == null ? List.of() : List.copyOf(branching);
    }

    /**
     * docs/methods.md's Balance-Tree for {@code rounds} question/answer rounds: {@code questions} questions per node and
     * {@code answers} answers per question; temperature 0.8, top-p 0.95, no top-k, 24 tokens per turn, dedup on,
     * 64 prompts per generation call.
     */
    public static TreeConfig balanced(int rounds, int questions, int answers, long seed) {
        List<Integer> branching = new java.util.ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            branching.add(questions);
            branching.add(answers);
        }
        return new TreeConfig(branching, 0.8f, 0.95f, 0, seed, 24, true, 64);
    }

    /** The same settings with de-duplication on or off. */
    public TreeConfig withDedup(boolean on) {
        return new TreeConfig(branching, temperature, topP, topK, seed, maxNewTokens, on, batchSize);
    }

    /** The same settings with another seed. */
    public TreeConfig withSeed(long value) {
        return new TreeConfig(branching, temperature, topP, topK, value, maxNewTokens, dedup, batchSize);
    }

    /** The same settings with another per-turn token limit. */
    public TreeConfig withMaxNewTokens(int tokens) {
        return new TreeConfig(branching, temperature, topP, topK, seed, tokens, dedup, batchSize);
    }

    /** Layers in the tree (the root excluded). */
    public int depth() {
        return branching.size();
    }

    /** Leaves of a full tree without de-duplication: {@code Π N[i]}. */
    public long fullLeafCount() {
        long count = 1;
        for (int n : branching) {
            count *= n;
        }
        return count;
    }

    /**
     * Checks the ranges.
     *
     * @return this
     * @throws IllegalArgumentException naming the field and its value
     */
    public TreeConfig validate() {
        if (branching.isEmpty() || Collections.min(branching) < 1) {
            throw new IllegalArgumentException("branching must have at least one layer, each >= 1, got " + branching);
        }
        if (!(temperature > 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        return this;
    }
}
