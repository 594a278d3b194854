package engram.knowledge.edit.overtone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import engram.train.TokenLoss;

/**
 * OVERTONE's token-level smoothed editing loss (arXiv 2502.00602; docs/methods.md §7.3), a {@link TokenLoss} that
 * replaces cross-entropy in any of the three baselines. Per target token with logits {@code z} and label
 * {@code y}:
 *
 * <pre>
 * zd     = stopgrad(z)
 * thr    = max_v zd − nσ · std_v(zd)                        (population std over the vocabulary)
 * π_flt  = softmax(where(zd &gt; thr or zd = max zd, zd, −1e9))  (top-nσ filter, never empty)
 * π_cand = λ · onehot(y) + (1 − λ) · π_flt
 * π_tar  = π_cand if argmax π_cand = y, else onehot(y)      (top-1 fallback)
 * kl     = Σ_v π_tar(v) · (log max(π_tar(v), 1e-12) − log p(v))
 * ℓ      = max(kl, ε)                                       (clipped from below: no gradient once kl &lt; ε)
 * </pre>
 *
 * The batch loss is the weighted token-pooled sum {@code Σ_t w_t ℓ_t}; the trainer divides by the number of
 * target tokens. λ weighs the <b>one-hot</b> target, as in the third-party script: λ = 1 gives plain
 * one-hot targets, so with ε = 0 the loss is exactly cross-entropy.
 *
 * <p><b>Reconstructed, not from the paper</b> (the paper's text gave no formulas or values): the top-nσ filter,
 * the placement of λ on the one-hot term, the clip {@code max(kl, ε)} and the defaults λ = 0.1, ε = 0.01,
 * nσ = 0.5 come from a third-party reimplementation (docs/methods.md §7.3, [3P]). Ties of the maximum logit all
 * survive the filter (the script keeps one). The optional KL-to-reference term κ of that script is not
 * implemented (its default is 0).
 *
 * @param lambda  λ, weight of the one-hot target in the mixture, in [0, 1]
 * @param epsilon ε, lower clip of the per-token KL, &gt;= 0
 * @param nSigma  nσ, width of the top-nσ filter in standard deviations, &gt;= 0
 */
public record Overtone(float lambda, float epsilon, float nSigma) implements TokenLoss {

    /** The [3P] defaults: λ = 0.1, ε = 0.01, nσ = 0.5. */
    public static final Overtone DEFAULT = new Overtone(0.1f, 0.01f, 0.5f);

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public Overtone validate() {
        if (!(lambda >= 0 && lambda <= 1)) {
            throw new IllegalArgumentException("overtone.lambda must be in [0, 1], got " + lambda);
        }
        if (!(epsilon >= 0) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("overtone.epsilon must be >= 0 and finite, got " + epsilon);
        }
        if (!(nSigma >= 0) || Float.isInfinite(nSigma)) {
            throw new IllegalArgumentException("overtone.nSigma must be >= 0 and finite, got " + nSigma);
        }
        return this;
    }

    /** {@code Σ_t w_t · max(kl_t, ε)} over the batch; see the class comment. */
    @Override
    public NDArray sum(NDArray logits, NDArray targets, NDArray tokenWeights) {
        return perToken(logits, targets).mul(tokenWeights).sum();                        // ()
    }

    /**
     * The clipped per-token loss {@code ℓ_t = max(kl_t, ε)}.
     *
     * @param logits  {@code (..., V)} float32
     * @param targets {@code (...)} int64
     * @return {@code (...)} in the logits' manager
     */
    public NDArray perToken(NDArray logits, NDArray targets) {
        NDManager scope = logits.getManager();
        NDArray target = smoothedTarget(logits, targets);                                 // (..., V) no gradient
        NDArray logp = logits.logSoftmax(-1);                                             // (..., V)
        NDArray logTarget = target.maximum(1e-12f).log();                                 // (..., V) no gradient
        NDArray kl = target.mul(logTarget.sub(logp)).sum(new int[] {-1});                // (...)
        // a native scalar, alive until the scope closes (after backward): see engram.model.Scalars
        return kl.maximum(scope.full(new Shape(), epsilon, DataType.FLOAT32));             // (...)
    }

    /**
     * {@code π_tar}: the filtered self-prediction mixed with the one-hot label, or the one-hot label where the
     * mixture's top-1 is not the label. Carries no gradient.
     *
     * @param logits  {@code (..., V)}
     * @param targets {@code (...)} int64
     * @return {@code (..., V)} float32
     */
    public NDArray smoothedTarget(NDArray logits, NDArray targets) {
        int vocabulary = Math.toIntExact(logits.getShape().get(logits.getShape().dimension() - 1));
        NDArray zd = logits.stopGradient();                                               // (..., V)
        NDArray max = zd.max(new int[] {-1}, true);                                       // (..., 1)
        NDArray centred = zd.sub(zd.mean(new int[] {-1}, true));                          // (..., V)
        NDArray std = centred.square().mean(new int[] {-1}, true).sqrt();                 // (..., 1) population
        NDArray threshold = max.sub(std.mul(nSigma));                                     // (..., 1)
        NDArray keep = zd.gt(threshold).logicalOr(zd.gte(max));                           // (..., V) bool
        NDArray filtered = NDArrays.where(keep, zd, zd.zerosLike().sub(1e9f)).softmax(-1); // (..., V) π_flt
        NDArray oneHot = targets.oneHot(vocabulary, DataType.FLOAT32);                     // (..., V)
        NDArray candidate = oneHot.mul(lambda).add(filtered.mul(1 - lambda));            // (..., V) π_cand
        NDArray topIsLabel = candidate.argMax(-1).eq(targets).expandDims(-1);             // (..., 1) bool
        return NDArrays.where(topIsLabel.broadcast(candidate.getShape()), candidate, oneHot); // (..., V) π_tar
    }
}
