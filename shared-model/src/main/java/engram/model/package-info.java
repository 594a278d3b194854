/**
 * The decoder-only transformer: configuration, weights addressed by Hugging Face names, the forward
 * pass with a KV cache, per-token log-probabilities, hidden states and generation. Nothing here knows
 * about files (see {@code engram.model.io}), adapters ({@code engram.lora}) or training ({@code engram.train}).
 */
package engram.model;
