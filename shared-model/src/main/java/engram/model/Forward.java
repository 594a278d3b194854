package engram.model;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * One forward pass's inputs.
 *
 * @param inputIds         token ids {@code (B, T)} int64; every array of the pass joins their manager
 * @param attentionMask    {@code (B, S)} with 1 for real tokens and 0 for padding, covering cached and new
 *                         tokens ({@code S = cache length + T}); null when nothing is padded
 * @param cache            a KV cache to read and extend, or null
 * @param captureLayers    layers whose hidden states to return, or null for none
 * @param lastPositionOnly compute logits for the last position only (generation)
 */
public record Forward(NDArray inputIds, NDArray attentionMask, KvCache cache, Set<Integer> captureLayers,
                      boolean lastPositionOnly) {

    /** A plain pass over unpadded ids. */
    public static Forward of(NDArray inputIds) {
        return new Forward(inputIds, null, null, null, false);
    }

    /** The same pass, also returning the hidden states of {@code layers}. */
    public Forward capturing(Set<Integer> layers) {
        return new Forward(inputIds, attentionMask, cache, layers, lastPositionOnly);
    }

    /** The same pass with an attention mask. */
    public Forward masked(NDArray mask) {
        return new Forward(inputIds, mask, cache, captureLayers, lastPositionOnly);
    }

    boolean captures(DecoderLayer layer) {
        int index = layer instanceof DecoderLayer.Llama l ? l.index() : ((DecoderLayer.Gpt2) layer).index();
        return captureLayers != null && captureLayers.contains(index);
    }
}
