package engram.knowledge.filter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import engram.model.CausalLm;
import engram.model.WeightNames;
import engram.train.TokenLoss;

/**
 * The re-weighted learning step of Semantic Beacons (docs/methods.md §4.3, reconstructed [INF]): cross-entropy whose
 * per-item weight grows with the item's current semantic distance, plus an optional explicit distance term.
 * For item {@code i} of a batch of {@code B} items with answer tokens {@code a_{i,t}} and example weights
 * {@code v_i} (from {@link BeaconSelection#examples}, arriving as token weights):
 * <pre>
 *   ŝ_i = mean_t (softmax(logits_{i,t}) @ E)     s_i = stopgrad(mean_t E[a_{i,t}])
 *   d_i = 1 - cos(ŝ_i, s_i)                       cos with ε = 1e-8 on the norms
 *   w_i = 1 + γ · stopgrad(d_i);   w ← w · B / Σ_i w          (mean 1 over the items that have targets)
 *   sum = Σ_{i,t} v_i · w_i · CE_{i,t}  +  μ · Σ_i (Σ_t v_i) · d_i
 * </pre>
 * The trainer divides {@code sum} by the number of target tokens, so the first term is the token-level form of
 * §4.3's {@code (1/B) Σ_i w_i CE_i} and the second a token-weighted mean of {@code d_i}. With γ = μ = 0 this is
 * {@link TokenLoss#CROSS_ENTROPY}. Constants are native 0-d arrays (docs/architecture.md, "DJL pitfalls": no Java numbers in the
 * autograd graph).
 */
public final class BeaconLoss implements TokenLoss {
    private static final float EPS = 1e-8f;
    private final CausalLm model;
    private final float gamma;
    private final float mu;

    /**
     * A loss that reads the input embedding of {@code model} at every call (so a full fine-tune sees its own).
     *
     * @param gamma γ &gt;= 0, how strongly the distance re-weights an item (METHODS default 1.0)
     * @param mu    μ &gt;= 0, the weight of the explicit distance term (METHODS default 0)
     * @throws IllegalArgumentException when γ or μ is negative or not finite
     */
    public BeaconLoss(CausalLm model, float gamma, float mu) {
        if (!(gamma >= 0) || Float.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be >= 0, got " + gamma);
        }
        if (!(mu >= 0) || Float.isInfinite(mu)) {
            throw new IllegalArgumentException("mu must be >= 0, got " + mu);
        }
        this.model = model;
        this.gamma = gamma;
        this.mu = mu;
    }

    /** γ = 1, μ = 0: pure re-weighting, docs/methods.md's defaults. */
    public static BeaconLoss defaults(CausalLm model) {
        return new BeaconLoss(model, 1f, 0f);
    }

    /** {@inheritDoc} See the class comment for the formula. */
    @Override
    public NDArray sum(NDArray logits, NDArray targets, NDArray tokenWeights) {
        var scalars = model.scalars();
        NDArray embedding = model.parameters().get(WeightNames.embedding(model.config()));       // (V, d)
        NDArray logp = logits.logSoftmax(-1);                                                     // (B, T-1, V)
        NDArray crossEntropy = logp.gather(targets.expandDims(-1), -1).squeeze(-1).neg();        // (B, T-1)
        NDArray mask = tokenWeights.gt(scalars.of(0f)).toType(DataType.FLOAT32, false);          // (B, T-1)
        NDArray count = mask.sum(new int[] {1});                                                  // (B)
        NDArray hasTargets = count.gt(scalars.of(0f)).toType(DataType.FLOAT32, false);           // (B)
        NDArray safeCount = count.maximum(scalars.of(1f)).expandDims(-1);                        // (B, 1)
        NDArray expected = logp.exp().matMul(embedding);                                          // (B, T-1, d)
        NDArray sHat = expected.mul(mask.expandDims(-1)).sum(new int[] {1}).div(safeCount);      // (B, d)
        NDArray beacon = targets.getNDArrayInternal()
                .embedding(targets, embedding, SparseFormat.DENSE).singletonOrThrow().stopGradient();  // (B, T-1, d)
        NDArray s = beacon.mul(mask.expandDims(-1)).sum(new int[] {1}).div(safeCount);            // (B, d)
        NDArray norms = sHat.norm(new int[] {-1}).mul(s.norm(new int[] {-1})).add(scalars.of(EPS));   // (B)
        NDArray distance = sHat.mul(s).sum(new int[] {-1}).div(norms).neg().add(scalars.of(1f)); // (B) 1 - cos
        NDArray w = distance.stopGradient().mul(scalars.of(gamma)).add(scalars.of(1f)).mul(hasTargets); // (B)
        NDArray items = hasTargets.sum().maximum(scalars.of(1f));                                 // ()
        NDArray normalised = w.mul(items).div(w.sum().maximum(scalars.of(EPS)));                  // (B) mean 1
        NDArray loss = crossEntropy.mul(tokenWeights).mul(normalised.expandDims(-1)).sum();      // ()
        if (mu > 0) {
            NDArray itemWeights = tokenWeights.sum(new int[] {1});                                // (B)
            loss = loss.add(distance.mul(itemWeights).sum().mul(scalars.of(mu)));                // ()
        }
        return loss;
    }
}
