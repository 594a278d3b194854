package engram.model;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * One forward pass's inputs.
 *
 * @param inputIds      token ids {@code (B, T)} int64; every array of the pass joins their manager
 * @param attentionMask {@code (B, S)} with 1 for real tokens and 0 for padding, covering cached and new
 *                      tokens ({@code S = cache length + T}); null when nothing is padded
 * @param cache         a KV cache to read and extend, or null
 * @param captureLayers layers whose hidden states to return, or null for none
 * @param logits        which positions get logits (the vocabulary projection is most of a small model's work)
 */
public record Forward(NDArray inputIds, NDArray attentionMask, KvCache cache, Set<Integer> captureLayers,
                      LogitPositions logits) {

    /** Positions whose logits a pass computes. */
    public enum LogitPositions {
        /** Every position: {@code (B, T, V)}. */
        ALL,
        /**
         * Every position but the last, the ones whose next token is in the input (teacher forcing, training):
         * {@code (B, T-1, V)}. Slicing before the projection saves the last row and, in training, a copy of
         * the whole logits tensor forward and backward.
         */
        ALL_BUT_LAST,
        /** The last position only (generation): {@code (B, 1, V)}. */
        LAST
    }

    /** A plain pass over unpadded ids. */
    public static Forward of(NDArray inputIds) {
        return new Forward(inputIds, null, null, null, LogitPositions.ALL);
    }

    /** The same pass, also returning the hidden states of {@code layers}. */
    public Forward capturing(Set<Integer> layers) {
        return new Forward(inputIds, attentionMask, cache, layers, logits);
    }

    /** The same pass with an attention mask. */
    public Forward masked(NDArray mask) {
        return new Forward(inputIds, mask, cache, captureLayers, logits);
    }

    /** The same pass with logits for {@code positions} only. */
    public Forward logitsAt(LogitPositions positions) {
        return new Forward(inputIds, attentionMask, cache, captureLayers, positions);
    }

    boolean captures(DecoderLayer layer) {
        int index = layer instanceof DecoderLayer.Llama l ? l.index() : ((DecoderLayer.Gpt2) layer).index();
        return captureLayers != null && captureLayers.contains(index);
    }
}
