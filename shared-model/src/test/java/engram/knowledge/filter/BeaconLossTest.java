package engram.knowledge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.TestData;
import engram.model.CausalLm;
import engram.model.WeightNames;
import engram.train.TokenLoss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The re-weighted loss against a plain-Java evaluation of its formula, on the tiny Llama fixture's embedding. */
class BeaconLossTest {
    private static final int ROWS = 3;
    private static final int STEPS = 4;

    @Test
    void withoutReweightingItIsCrossEntropy() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             NDManager scope = model.manager().newSubManager()) {
            Batch b = batch(model, scope);
            float plain = TokenLoss.CROSS_ENTROPY.sum(b.logits, b.targets, b.weights).getFloat();
            float beacon = new BeaconLoss(model, 0f, 0f).sum(b.logits, b.targets, b.weights).getFloat();
            assertEquals(plain, beacon, 1e-4f * Math.abs(plain));
        }
    }

    @Test
    void matchesTheFormulaComputedInJava() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             NDManager scope = model.manager().newSubManager()) {
            Batch b = batch(model, scope);
            float gamma = 1.5f;
            float mu = 0.3f;
            float actual = new BeaconLoss(model, gamma, mu).sum(b.logits, b.targets, b.weights).getFloat();
            assertEquals(reference(model, b, gamma, mu), actual, 1e-4 * Math.abs(actual));
        }
    }

    @Test
    void rejectsNegativeSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BeaconLoss(null, -1f, 0f));
        assertThrows(IllegalArgumentException.class, () -> new BeaconLoss(null, 1f, Float.NaN));
    }

    /** Σ v w CE + μ Σ (Σ_t v) d, with w = (1 + γ d) normalised to mean 1 over rows that have targets. */
    private static double reference(CausalLm model, Batch b, float gamma, float mu) {
        float[] e = model.parameters().get(WeightNames.embedding(model.config())).toFloatArray();
        int vocab = model.config().vocabSize();
        int dim = e.length / vocab;
        float[] logits = b.logits.toFloatArray();
        long[] targets = b.targets.toLongArray();
        float[] weights = b.weights.toFloatArray();
        double[] distance = new double[ROWS];
        double[][] ce = new double[ROWS][STEPS];
        boolean[] has = new boolean[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double[] sHat = new double[dim];
            double[] s = new double[dim];
            int count = 0;
            for (int t = 0; t < STEPS; t++) {
                int at = (r * STEPS + t) * vocab;
                double max = Double.NEGATIVE_INFINITY;
                for (int v = 0; v < vocab; v++) {
                    max = Math.max(max, logits[at + v]);
                }
                double z = 0;
                for (int v = 0; v < vocab; v++) {
                    z += Math.exp(logits[at + v] - max);
                }
                int target = (int) targets[r * STEPS + t];
                ce[r][t] = -(logits[at + target] - max - Math.log(z));
                if (weights[r * STEPS + t] > 0) {
                    count++;
                    for (int v = 0; v < vocab; v++) {
                        double p = Math.exp(logits[at + v] - max) / z;
                        for (int x = 0; x < dim; x++) {
                            sHat[x] += p * e[v * dim + x];
                        }
                    }
                    for (int x = 0; x < dim; x++) {
                        s[x] += e[target * dim + x];
                    }
                }
            }
            has[r] = count > 0;
            distance[r] = has[r] ? 1 - SemanticBeacons.cosine(sHat, s) : 0; // the common 1/count cancels in cos
        }
        double wSum = 0;
        int items = 0;
        for (int r = 0; r < ROWS; r++) {
            if (has[r]) {
                wSum += 1 + gamma * distance[r];
                items++;
            }
        }
        double loss = 0;
        for (int r = 0; r < ROWS; r++) {
            double w = has[r] ? (1 + gamma * distance[r]) * items / wSum : 0;
            double rowWeight = 0;
            for (int t = 0; t < STEPS; t++) {
                loss += weights[r * STEPS + t] * w * ce[r][t];
                rowWeight += weights[r * STEPS + t];
            }
            loss += mu * rowWeight * distance[r];
        }
        return loss;
    }

    private record Batch(NDArray logits, NDArray targets, NDArray weights) {}

    /** Random logits; row 0 has two target tokens (weight 1), row 1 three (weight 2.5), row 2 none. */
    private static Batch batch(CausalLm model, NDManager scope) {
        int vocab = model.config().vocabSize();
        SplittableRandom random = new SplittableRandom(5);
        float[] logits = new float[ROWS * STEPS * vocab];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (random.nextDouble() * 6 - 3);
        }
        long[] targets = random.longs(ROWS * STEPS, 0, vocab).toArray();
        float[] weights = {0, 0, 1, 1, 0, 2.5f, 2.5f, 2.5f, 0, 0, 0, 0};
        return new Batch(scope.create(logits, new Shape(ROWS, STEPS, vocab)), scope.create(targets, new Shape(ROWS, STEPS)),
                scope.create(weights, new Shape(ROWS, STEPS)));
    }

    private static CausalLm tiny(NDManager root) {
        return CausalLm.load(TestData.resource("golden/tiny-llama"), root);
    }
}
