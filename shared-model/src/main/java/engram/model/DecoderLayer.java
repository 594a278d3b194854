package engram.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * One pre-norm decoder block: {@code x + attn(norm(x))}, then {@code x + mlp(norm(x))}. The Llama
 * variant follows {@code modeling_llama.py} (RMSNorm, SwiGLU), the GPT-2 variant {@code modeling_gpt2.py}
 * (LayerNorm, fused c_attn, GELU with the tanh approximation).
 */
sealed interface DecoderLayer permits DecoderLayer.Llama, DecoderLayer.Gpt2 {

    /**
     * Runs the block.
     *
     * @param x      residual stream {@code (B, T, C)}
     * @param traces where to add this layer's hidden states, or null when not captured
     * @return the new residual stream {@code (B, T, C)}
     */
    NDArray forward(NDArray x, ForwardContext ctx, List<LayerTrace> traces);

    /** Llama-family block. */
    record Llama(int index, WeightNames.LlamaLayer names, Map<String, Projection> projections,
                 NDArray inputNorm, NDArray postAttentionNorm) implements DecoderLayer {
        @Override
        public NDArray forward(NDArray x, ForwardContext ctx, List<LayerTrace> traces) {
            NDArray eps = ctx.scalars().of(ctx.config().normEpsilon());
            NDArray h = Norm.rms(x, inputNorm, eps);                                     // (B, T, C)
            NDArray q = projections.get(names.q()).apply(h);                            // (B, T, H*D)
            NDArray k = projections.get(names.k()).apply(h);                            // (B, T, KV*D)
            NDArray v = projections.get(names.v()).apply(h);                            // (B, T, KV*D)
            NDArray a = projections.get(names.o()).apply(Attention.attend(q, k, v, index, ctx)); // (B, T, C)
            NDArray mid = x.add(a);                                                     // (B, T, C)
            NDArray h2 = Norm.rms(mid, postAttentionNorm, eps);                         // (B, T, C)
            NDArray gate = projections.get(names.gate()).apply(h2);                     // (B, T, I)
            NDArray silu = gate.mul(gate.getNDArrayInternal().sigmoid());               // (B, T, I)
            NDArray up = projections.get(names.up()).apply(h2);                         // (B, T, I)
            NDArray m = projections.get(names.down()).apply(silu.mul(up));              // (B, T, C)
            NDArray out = mid.add(m);                                                   // (B, T, C)
            if (traces != null) {
                traces.add(new LayerTrace(index, a, m, out));
            }
            return out;
        }
    }

    /** GPT-2 block. */
    record Gpt2(int index, WeightNames.Gpt2Layer names, Map<String, Projection> projections,
                NDArray norm1Weight, NDArray norm1Bias, NDArray norm2Weight, NDArray norm2Bias)
            implements DecoderLayer {
        @Override
        public NDArray forward(NDArray x, ForwardContext ctx, List<LayerTrace> traces) {
            float eps = ctx.config().normEpsilon();
            long width = x.getShape().get(2);
            NDArray h = Norm.layer(x, norm1Weight, norm1Bias, eps);                      // (B, T, C)
            NDArray qkv = projections.get(names.qkv()).apply(h);                        // (B, T, 3C)
            NDArray q = qkv.get("..., :" + width);                                      // (B, T, C)
            NDArray k = qkv.get("..., " + width + ":" + 2 * width);                     // (B, T, C)
            NDArray v = qkv.get("..., " + 2 * width + ":");                             // (B, T, C)
            NDArray a = projections.get(names.attentionOut()).apply(Attention.attend(q, k, v, index, ctx)); // (B, T, C)
            NDArray mid = x.add(a);                                                     // (B, T, C)
            NDArray h2 = Norm.layer(mid, norm2Weight, norm2Bias, eps);                  // (B, T, C)
            NDArray fc = projections.get(names.fc()).apply(h2);                         // (B, T, 4C)
            NDArray m = projections.get(names.mlpOut()).apply(geluTanh(fc, ctx.scalars())); // (B, T, C)
            NDArray out = mid.add(m);                                                   // (B, T, C)
            if (traces != null) {
                traces.add(new LayerTrace(index, a, m, out));
            }
            return out;
        }

        /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, GPT-2's "gelu_new". */
        private static NDArray geluTanh(NDArray x, Scalars s) {
            NDArray cube = x.mul(x).mul(x);                                             // (..., I)
            NDArray inner = x.add(cube.mul(s.of(0.044715f))).mul(s.of((float) Math.sqrt(2 / Math.PI))); // (..., I)
            return x.mul(inner.tanh().add(s.of(1f))).mul(s.of(0.5f));                   // (..., I)
        }
    }
}
