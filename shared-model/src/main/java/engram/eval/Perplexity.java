package engram.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.CausalLm;
import java.util.List;

/**
 * Perplexity of texts: {@code exp} of the mean negative log-likelihood per predicted token, every token
 * after the first (BOS) predicted from its prefix. Batches are right-padded; pads are not counted.
 */
public final class Perplexity {
    private Perplexity() {}

    /**
     * Perplexity of token sequences (each with its BOS when the model uses one).
     *
     * @throws IllegalArgumentException when a sequence has fewer than two tokens
     */
    public static double of(CausalLm model, List<long[]> sequences, int batchSize) {
        double nll = 0;
        long count = 0;
        for (int from = 0; from < sequences.size(); from += batchSize) {
            List<long[]> batch = sequences.subList(from, Math.min(sequences.size(), from + batchSize));
            int length = batch.stream().mapToInt(s -> s.length).max().orElseThrow();
            long[] ids = new long[batch.size() * length];
            for (int r = 0; r < batch.size(); r++) {
                if (batch.get(r).length < 2) {
                    throw new IllegalArgumentException("sequence " + (from + r) + " has fewer than two tokens");
                }
                System.arraycopy(batch.get(r), 0, ids, r * length, batch.get(r).length);
            }
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray input = scope.create(ids, new Shape(batch.size(), length));       // (B, T)
                float[] logp = model.tokenLogProbs(input, null).toFloatArray();         // (B, T-1)
                for (int r = 0; r < batch.size(); r++) {
                    for (int t = 0; t < batch.get(r).length - 1; t++) {
                        nll -= logp[r * (length - 1) + t];
                        count++;
                    }
                }
            }
        }
        return Math.exp(nll / count);
    }
}
