package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Causal scaled dot-product attention with grouped-query heads, rotary positions (RoPE, arXiv
 * 2104.09864, Hugging Face's rotate-half convention) and an optional KV cache.
 */
final class Attention {
    private Attention() {}

    /**
     * Attends new queries to all keys so far.
     *
     * @param q     {@code (B, T, H*D)}
     * @param k     {@code (B, T, KV*D)}
     * @param v     {@code (B, T, KV*D)}
     * @param layer layer index (for the cache)
     * @param ctx   positions, mask, cache and constants of this forward pass
     * @return {@code (B, T, H*D)}
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, int layer, ForwardContext ctx) {
        ModelConfig c = ctx.config();
        long batch = q.getShape().get(0);
        long steps = q.getShape().get(1);
        int heads = c.numberOfHeads();
        int kvHeads = c.numberOfKvHeads();
        int d = c.headSize();
        NDArray qh = q.reshape(batch, steps, heads, d).transpose(0, 2, 1, 3);        // (B, H, T, D)
        NDArray kh = k.reshape(batch, steps, kvHeads, d).transpose(0, 2, 1, 3);      // (B, KV, T, D)
        NDArray vh = v.reshape(batch, steps, kvHeads, d).transpose(0, 2, 1, 3);      // (B, KV, T, D)
        if (ctx.cos() != null) {
            qh = rotate(qh, ctx.cos(), ctx.sin());                                    // (B, H, T, D)
            kh = rotate(kh, ctx.cos(), ctx.sin());                                    // (B, KV, T, D)
        }
        if (ctx.cache() != null) {
            NDArray[] history = ctx.cache().append(layer, kh, vh);
            kh = history[0];                                                          // (B, KV, S, D)
            vh = history[1];                                                          // (B, KV, S, D)
        }
        long keysLength = kh.getShape().get(2);
        int group = c.queriesPerKvHead();
        // the G query heads of a KV head ride along as rows of one product: (G*T, D) x (D, S) per (batch, KV head),
        // plain batched matmuls, where broadcasting K over G would first copy it G times
        NDArray qg = qh.mul(ctx.attentionScale()).reshape(batch, kvHeads, group * steps, d); // (B, KV, G*T, D)
        NDArray scores = qg.matMul(kh.transpose(0, 1, 3, 2))                         // (B, KV, G*T, S)
                .reshape(batch, kvHeads, group, steps, keysLength);                  // (B, KV, G, T, S)
        if (ctx.maskBias() != null) {
            scores = scores.add(ctx.maskBias());                                      // (B, KV, G, T, S)
        }
        NDArray weights = scores.softmax(-1)                                         // (B, KV, G, T, S)
                .reshape(batch, kvHeads, group * steps, keysLength);                 // (B, KV, G*T, S)
        NDArray out = weights.matMul(vh);                                            // (B, KV, G*T, D)
        return out.reshape(batch, heads, steps, d)                                   // (B, H, T, D)
                .transpose(0, 2, 1, 3)                                               // (B, T, H, D)
                .reshape(new Shape(batch, steps, (long) heads * d));                  // (B, T, H*D)
    }

    /**
     * {@code x cos + rotate_half(x) sin} with {@code rotate_half(x) = [-x2, x1]}, computed as
     * {@code x cos + [x2, x1] signedSin} where {@code signedSin = [-sin, sin]}: the same products bit for bit (a
     * sign moves from one factor to the other), in four operators instead of seven.
     */
    private static NDArray rotate(NDArray x, NDArray cos, NDArray signedSin) {
        Shape shape = x.getShape();
        long half = shape.get(3) / 2;
        NDArray swapped = x.reshape(shape.get(0), shape.get(1), shape.get(2), 2, half)  // (B, H, T, 2, D/2)
                .flip(3)                                                                // halves swapped
                .reshape(shape);                                                        // (B, H, T, D)
        return x.mul(cos).add(swapped.mul(signedSin));                                  // (B, H, T, D)
    }
}
