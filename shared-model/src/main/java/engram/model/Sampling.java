package engram.model;

/**
 * How to pick each generated token. Temperature 0 is greedy (argmax, lowest id on ties); otherwise
 * logits are divided by the temperature, cut to the {@code topK} most likely tokens and then to the
 * smallest set whose probability reaches {@code topP}, and sampled with a seeded generator.
 *
 * @param maxNewTokens tokens to generate at most
 * @param temperature  0 for greedy, else &gt; 0
 * @param topK         keep this many most likely tokens (0 keeps all)
 * @param topP         nucleus mass in (0, 1] (1 keeps all)
 * @param seed         seed of the sampler; the same seed gives the same tokens
 * @param stopToken    generation of a row ends after this token (-1 for none)
 */
public record Sampling(int maxNewTokens, float temperature, int topK, float topP, long seed, int stopToken) {

    /** Greedy decoding for {@code maxNewTokens} tokens without a stop token. */
    public static Sampling greedy(int maxNewTokens) {
        return new Sampling(maxNewTokens, 0f, 0, 1f, 0L, -1);
    }

    /** The same settings, stopping after {@code token}. */
    public Sampling stoppingAt(int token) {
        return new Sampling(maxNewTokens, temperature, topK, topP, seed, token);
    }

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public void validate() {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 and finite, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
    }
}
