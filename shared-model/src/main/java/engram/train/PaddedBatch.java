package engram.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Examples right-padded into arrays. Right padding needs no attention mask: causal attention already
 * keeps real tokens from seeing the pads that follow them, and pads carry zero loss weight.
 *
 * @param inputIds     {@code (B, T)} int64
 * @param targets      next tokens {@code (B, T-1)} int64
 * @param weights      {@code (B, T-1)}: the example's weight where the next token is a target, else 0
 * @param targetTokens target tokens in the batch
 */
record PaddedBatch(NDArray inputIds, NDArray targets, NDArray weights, int targetTokens) {

    static PaddedBatch of(List<Example> batch, NDManager scope) {
        int rows = batch.size();
        int length = batch.stream().mapToInt(e -> e.tokens().length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] next = new long[rows * (length - 1)];
        float[] weights = new float[rows * (length - 1)];
        int count = 0;
        for (int r = 0; r < rows; r++) {
            Example e = batch.get(r);
            System.arraycopy(e.tokens(), 0, ids, r * length, e.tokens().length);
            for (int t = 1; t < e.tokens().length; t++) {
                next[r * (length - 1) + t - 1] = e.tokens()[t];
                if (e.target()[t]) {
                    weights[r * (length - 1) + t - 1] = e.weight();
                    count++;
                }
            }
        }
        return new PaddedBatch(scope.create(ids, new Shape(rows, length)), scope.create(next, new Shape(rows, length - 1)),
                scope.create(weights, new Shape(rows, length - 1)), count);
    }
}
