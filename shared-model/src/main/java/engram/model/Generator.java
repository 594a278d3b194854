package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Autoregressive generation with a KV cache: prompts of different lengths are left-padded into one
 * batch, the prompt is fed once, then one token per step. Token choice happens on the host in
 * {@link TokenChooser}, so sampling is reproducible from the seed.
 */
public final class Generator {
    private Generator() {}

    /**
     * Continues each prompt.
     *
     * @param prompts token ids, one non-empty array per row
     * @return the new tokens of each row (without the prompt); a row that hit the stop token ends with it
     */
    public static long[][] generate(CausalLm model, long[][] prompts, Sampling sampling) {
        sampling.validate();
        int rows = prompts.length;
        int promptLength = Arrays.stream(prompts).mapToInt(p -> p.length).max().orElse(0);
        if (rows == 0 || Arrays.stream(prompts).anyMatch(p -> p.length == 0)) {
            throw new IllegalArgumentException("every prompt needs at least one token");
        }
        int total = promptLength + sampling.maxNewTokens();
        long[] mask = new long[rows * total];
        long[] firstIds = new long[rows * promptLength];
        for (int r = 0; r < rows; r++) {
            int pad = promptLength - prompts[r].length;
            System.arraycopy(prompts[r], 0, firstIds, r * promptLength + pad, prompts[r].length);
            Arrays.fill(mask, r * total + pad, r * total + promptLength, 1L);
        }
        long[][] out = new long[rows][sampling.maxNewTokens()];
        int[] produced = new int[rows];
        boolean[] done = new boolean[rows];
        TokenChooser chooser = new TokenChooser(sampling, rows);
        // without padding the causal mask alone is right, and a one-token step needs no mask at all
        boolean padded = Arrays.stream(prompts).anyMatch(p -> p.length < promptLength);
        try (NDManager session = model.manager().newSubManager();
             KvCache cache = new KvCache(session, model.config().numberOfLayers())) {
            long[] stepIds = firstIds;
            int seen = promptLength;
            for (int step = 0; step < sampling.maxNewTokens() && !allDone(done); step++) {
                float[] logits = lastLogits(model, session, cache, stepIds, padded ? mask : null, rows, seen, total);
                int vocab = logits.length / rows;
                stepIds = new long[rows];
                for (int r = 0; r < rows; r++) {
                    long token = chooser.choose(r, logits, r * vocab, vocab);
                    stepIds[r] = token;
                    mask[r * total + seen] = 1L;
                    if (!done[r]) {
                        out[r][produced[r]++] = token;
                        done[r] = token == sampling.stopToken();
                    }
                }
                seen++;
            }
        }
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOf(out[r], produced[r]);
        }
        return out;
    }

    private static float[] lastLogits(CausalLm model, NDManager session, KvCache cache, long[] ids, long[] mask,
                                      int rows, int seen, int total) {
        try (NDManager step = session.newSubManager()) {
            int steps = ids.length / rows;
            NDArray input = step.create(ids, new Shape(rows, steps));                       // (B, T)
            NDArray attention = null;
            if (mask != null) {
                long[] visible = new long[rows * seen];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(mask, r * total, visible, r * seen, seen);
                }
                attention = step.create(visible, new Shape(rows, seen));                  // (B, S)
            }
            Forward pass = new Forward(input, attention, cache, null, Forward.LogitPositions.LAST, null);
            return model.forward(pass).logits().toFloatArray();                            // (B * V)
        }
    }

    private static boolean allDone(boolean[] done) {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    /** Greedy or seeded top-k / top-p sampling over one row of logits. */
    static final class TokenChooser {
        private final Sampling sampling;
        private final SplittableRandom[] randoms;

        TokenChooser(Sampling sampling, int rows) {
            this.sampling = sampling;
            this.randoms = new SplittableRandom[rows];
            for (int r = 0; r < rows; r++) {
                randoms[r] = new SplittableRandom(sampling.seed() * 1_000_003L + r);
            }
        }

        long choose(int row, float[] logits, int offset, int vocab) {
            if (sampling.temperature() == 0f) {
                int best = 0;
                for (int i = 1; i < vocab; i++) {
                    if (logits[offset + i] > logits[offset + best]) {
                        best = i;
                    }
                }
                return best;
            }
            Integer[] order = new Integer[vocab];
            for (int i = 0; i < vocab; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Float.compare(logits[offset + b], logits[offset + a]));
            int keep = sampling.topK() == 0 ? vocab : Math.min(sampling.topK(), vocab);
            double max = logits[offset + order[0]] / sampling.temperature();
            double[] weights = new double[keep];
            double sum = 0;
            for (int i = 0; i < keep; i++) {
                weights[i] = Math.exp(logits[offset + order[i]] / sampling.temperature() - max);
                sum += weights[i];
            }
            double mass = 0;
            int nucleus = 0;
            while (nucleus < keep && (nucleus == 0 || mass < sampling.topP() * sum)) {
                mass += weights[nucleus++];
            }
            double pick = randoms[row].nextDouble() * mass;
            for (int i = 0; i < nucleus; i++) {
                pick -= weights[i];
                if (pick < 0) {
                    return order[i];
                }
            }
            return order[nucleus - 1];
        }
    }
}
