package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Position ids and the additive attention mask of one forward pass. With padding, a row's positions
 * count its real tokens only ({@code cumsum(mask) - 1}, clamped at 0), so left-padded prompts get the
 * same positions as unpadded ones. The mask is built on the host: it is small and never needs a gradient.
 *
 * @param positions {@code (B, T)} int64
 * @param bias      {@code (B, 1, 1, T, S)} float32 with 0 where a query may attend and a large negative
 *                  number elsewhere, or null when nothing is padded and {@code T == 1}
 */
record MaskPlan(NDArray positions, NDArray bias) {

    /** Large enough to zero a softmax weight, small enough to keep fully masked rows finite. */
    private static final float MASKED = -1e9f;

    static MaskPlan of(NDManager scope, NDArray attentionMask, long batch, long steps, long past, int maxPositions) {
        int b = Math.toIntExact(batch);
        int t = Math.toIntExact(steps);
        int s = Math.toIntExact(past + steps);
        long[] mask = attentionMask == null ? null : attentionMask.toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
        if (mask != null && mask.length != (long) b * s) {
            throw new IllegalArgumentException("attention mask has shape " + attentionMask.getShape() + " but the pass needs ("
                    + b + ", " + s + ") = (batch, cached + new tokens)");
        }
        long longest = 0;                                   // real tokens of the longest row: its last position + 1
        for (int row = 0; row < b; row++) {
            long real = 0;
            for (int j = 0; j < s; j++) {
                real += mask == null || mask[row * s + j] != 0 ? 1 : 0;
            }
            longest = Math.max(longest, real);
        }
        if (longest > maxPositions) {
            throw new SequenceTooLongException(longest, maxPositions);
        }
        long[] positions = new long[b * t];
        float[] bias = new float[b * t * s];
        for (int row = 0; row < b; row++) {
            long seen = 0;
            for (int j = 0; j < s; j++) {
                boolean real = mask == null || mask[row * s + j] != 0;
                seen += real ? 1 : 0;
                int query = j - (int) past;
                if (query >= 0) {
                    positions[row * t + query] = Math.max(seen - 1, 0);
                }
                for (int i = Math.max(0, query); i < t; i++) {
                    // key j is visible to query i when it is real and not in the future (j <= past + i)
                    bias[(row * t + i) * s + j] = real ? 0f : MASKED;
                }
                for (int i = 0; i < Math.min(Math.max(query, 0), t); i++) {
                    bias[(row * t + i) * s + j] = MASKED;
                }
            }
        }
        NDArray positionIds = scope.create(positions, new Shape(b, t));
        boolean needsBias = mask != null || t > 1;
        return new MaskPlan(positionIds, needsBias ? scope.create(bias, new Shape(b, 1, 1, t, s)) : null);
    }
}
