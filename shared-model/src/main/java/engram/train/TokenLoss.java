package engram.train;

import ai.djl.ndarray.NDArray;

/**
 * A loss over next-token predictions. Cross-entropy is the default; OVERTONE's smoothed targets and
 * other token-level losses implement the same contract.
 */
public interface TokenLoss {

    /**
     * The summed, weighted loss of a batch.
     *
     * @param logits       predictions for positions {@code 0..T-2} {@code (B, T-1, V)}
     * @param targets      the next tokens {@code (B, T-1)} int64
     * @param tokenWeights {@code (B, T-1)}: 0 where a token is not a target, else the example's weight
     * @return a 0-d array in the logits' manager: {@code sum(weight * loss_token)}
     */
    NDArray sum(NDArray logits, NDArray targets, NDArray tokenWeights);

    /** Token-level cross-entropy {@code -log p(target)}. */
    TokenLoss CROSS_ENTROPY = (logits, targets, weights) -> {
        NDArray logp = logits.logSoftmax(-1);                                         // (B, T-1, V)
        NDArray picked = logp.gather(targets.expandDims(-1), -1).squeeze(-1);         // (B, T-1)
        return picked.mul(weights).sum().neg();                                       // ()
    };
}
