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
 * @param logitRows     with {@link LogitPositions#ROWS}: the positions, as rows {@code b * T + t} of the flattened
 *                      batch; otherwise null
 */
public record Forward(NDArray inputIds, NDArray attentionMask, KvCache cache, Set<Integer> captureLayers,
                      LogitPositions logits, long[] logitRows) {

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
        LAST,
        /**
         * Chosen positions of any rows, flattened: {@code (N, V)} for N positions (teacher forcing scores only the
         * target's positions, a few of each item's tokens).
         */
        ROWS
    }

    /** Checks that rows are given exactly when {@link LogitPositions#ROWS} asks for them. */
    public Forward {
        if ((logits == LogitPositions.ROWS) != (logitRows != null)) {
            throw new IllegalArgumentException("logitRows must be given exactly for LogitPositions.ROWS");
        }
    }

    /** A plain pass over unpadded ids. */
    public static Forward of(NDArray inputIds) {
        return new Forward(inputIds, null, null, null, LogitPositions.ALL, null);
    }

    /** The same pass, also returning the hidden states of {@code layers}. */
    public Forward capturing(Set<Integer> layers) {
        return new Forward(inputIds, attentionMask, cache, layers, logits, logitRows);
    }

    /** The same pass with an attention mask. */
    public Forward masked(NDArray mask) {
        return new Forward(inputIds, mask, cache, captureLayers, logits, logitRows);
    }

    /** The same pass with logits for {@code positions} only (not {@link LogitPositions#ROWS}: see {@link #logitsAtRows}). */
    public Forward logitsAt(LogitPositions positions) {
        return new Forward(inputIds, attentionMask, cache, captureLayers, positions, null);
    }

    /** The same pass with logits {@code (N, V)} for the N positions {@code b * T + t} of the flattened batch only. */
    public Forward logitsAtRows(long... rows) {
        return new Forward(inputIds, attentionMask, cache, captureLayers, LogitPositions.ROWS, rows.clone());
    }

    boolean captures(DecoderLayer layer) {
        int index = layer instanceof DecoderLayer.Llama l ? l.index() : ((DecoderLayer.Gpt2) layer).index();
        return captureLayers != null && captureLayers.contains(index);
    }
}
