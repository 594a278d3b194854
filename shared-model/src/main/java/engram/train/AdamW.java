package engram.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, arXiv 1711.05101) as torch.optim.AdamW computes it: decoupled decay
 * {@code p -= lr * wd * p}, then {@code p -= lr * m_hat / (sqrt(v_hat) + eps)}. Moments live in the
 * optimiser's own manager; updates run outside the autograd graph, in place.
 */
final class AdamW implements AutoCloseable {
    private final TrainingConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();

    AdamW(Map<String, NDArray> parameters, TrainingConfig config, NDManager parent) {
        this.config = config;
        this.manager = parent.newSubManager();
        parameters.forEach((name, p) -> {
            firstMoments.put(name, manager.zeros(p.getShape()));
            secondMoments.put(name, manager.zeros(p.getShape()));
        });
    }

    /**
     * One update of every parameter. The update reads each gradient times {@code gradientScale} (the clipping
     * factor, so that clipping costs no pass of its own over the gradients) and leaves every gradient zero: each
     * chunk is cleared while it is still in cache, instead of in another pass over all of them.
     *
     * @param gradients     gradients by parameter name; zero afterwards
     * @param gradientScale factor applied to every gradient, 1 when there is no clipping
     * @param learningRate  this step's rate
     * @param t             1-based optimiser step (bias correction)
     * @param scope         owner of the temporaries
     */
    void update(Map<String, NDArray> parameters, Map<String, NDArray> gradients, float gradientScale,
                float learningRate, int t, NDManager scope) {
        float correction1 = (float) (1 - Math.pow(config.beta1(), t));
        double rootCorrection2 = Math.sqrt(1 - Math.pow(config.beta2(), t));
        // m_hat / (sqrt(v_hat) + eps) == (sqrt(c2) / c1) * m / (sqrt(v) + eps * sqrt(c2)): no v_hat array
        Step step = new Step((1 - config.beta1()) * gradientScale,
                (float) ((1 - config.beta2()) * (double) gradientScale * gradientScale),
                1 - learningRate * config.weightDecay(), (float) (learningRate * rootCorrection2 / correction1),
                (float) (config.epsilon() * rootCorrection2));
        parameters.forEach((name, p) -> {
            NDArray g = gradients.get(name);
            NDArray m = firstMoments.get(name);
            NDArray v = secondMoments.get(name);
            for (NDIndex rows : Chunks.of(p)) {
                // a scope per chunk: its temporaries go back to the allocator at once and are reused, still in
                // cache, by the next chunk
                try (NDManager chunk = scope.newSubManager()) {
                    update(Chunks.slice(p, rows, chunk), Chunks.slice(g, rows, chunk), Chunks.slice(m, rows, chunk),
                            Chunks.slice(v, rows, chunk), step, chunk);
                }
            }
        });
    }

    /** One step's constants: the moments' gradient factors (clipping folded in), decay factor, step size, epsilon. */
    private record Step(float firstScale, float secondScale, float decay, float size, float epsilon) {}

    /** The update of one parameter (or rows of one): in place on {@code p}, {@code m}, {@code v}; clears {@code g}. */
    private void update(NDArray p, NDArray g, NDArray m, NDArray v, Step step, NDManager chunk) {
        NDArray scaled = g.mul(step.firstScale());
        scaled.attach(chunk);
        m.muli(config.beta1()).addi(scaled);
        NDArray squared = g.square();
        squared.attach(chunk);
        v.muli(config.beta2()).addi(squared.muli(step.secondScale()));
        g.muli(0f); // DJL's PyTorch gradient collector never zeroes gradients
        if (step.decay() != 1f) {
            p.muli(step.decay());
        }
        // results of ops whose first operand is a moment join the optimiser's manager: move them to the chunk
        NDArray denominator = v.sqrt();
        denominator.attach(chunk);
        NDArray update = m.div(denominator.addi(step.epsilon()));
        update.attach(chunk);
        p.subi(update.muli(step.size()));
    }

    /** Moments as {@code m.<name>} and {@code v.<name>}, for checkpoints; owned by the optimiser. */
    Map<String, NDArray> state() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> out.put("m." + name, m));
        secondMoments.forEach((name, v) -> out.put("v." + name, v));
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
