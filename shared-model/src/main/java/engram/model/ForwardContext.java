package engram.model;

import ai.djl.ndarray.NDArray;

/**
 * What every layer of one forward pass shares. The arrays belong to the pass's scope.
 *
 * @param config         the model's shape
 * @param cos            RoPE cosines {@code (B, 1, T, D)}, or null for GPT-2
 * @param sin            RoPE sines {@code (B, 1, T, D)}, the first half negated, or null for GPT-2
 * @param maskBias       additive attention mask {@code (B, 1, 1, T, S)} (0 or a large negative), or null
 * @param cache          the KV cache to extend, or null
 * @param attentionScale {@code 1/sqrt(D)} as a native scalar
 * @param scalars        the model's native constants
 */
record ForwardContext(ModelConfig config, NDArray cos, NDArray sin, NDArray maskBias, KvCache cache,
                      NDArray attentionScale, Scalars scalars) {}
