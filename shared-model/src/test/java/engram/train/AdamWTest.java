package engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    @Test
    void threeStepsFollowTorchAdamWFormula() {
        float[] start = {1f, -2f, 3f};
        float[][] gradients = {{0.1f, 0.2f, -0.3f}, {-0.05f, 0.4f, 0.0f}, {0.3f, -0.1f, 0.2f}};
        TrainingConfig config = TrainingConfig.adamW(0.1f, 3, 1, 1).withWeightDecay(0.01f);
        double[] p = {1, -2, 3};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= 3; t++) {
            for (int i = 0; i < 3; i++) {
                double g = gradients[t - 1][i];
                p[i] *= 1 - 0.1 * 0.01;
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                p[i] -= 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray parameter = root.create(start);
            try (AdamW optimiser = new AdamW(Map.of("p", parameter), config, root)) {
                for (int t = 1; t <= 3; t++) {
                    try (NDManager scope = root.newSubManager()) {
                        optimiser.update(Map.of("p", parameter), Map.of("p", scope.create(gradients[t - 1])), 1f, 0.1f, t, scope);
                    }
                }
            }
            float[] expected = {(float) p[0], (float) p[1], (float) p[2]};
            assertArrayEquals(expected, parameter.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aGradientScaleActsAsScaledGradientsAndTheGradientsEndZero() {
        float[] gradient = {0.1f, 0.2f, -0.3f};
        float[] halved = {0.05f, 0.1f, -0.15f};
        TrainingConfig config = TrainingConfig.adamW(0.1f, 3, 1, 1).withWeightDecay(0.01f);
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray scaled = root.create(new float[] {1f, -2f, 3f});
            NDArray prescaled = scaled.duplicate();
            try (AdamW a = new AdamW(Map.of("p", scaled), config, root);
                 AdamW b = new AdamW(Map.of("p", prescaled), config, root)) {
                for (int t = 1; t <= 3; t++) {
                    try (NDManager scope = root.newSubManager()) {
                        NDArray g = scope.create(gradient);
                        a.update(Map.of("p", scaled), Map.of("p", g), 0.5f, 0.1f, t, scope);
                        b.update(Map.of("p", prescaled), Map.of("p", scope.create(halved)), 1f, 0.1f, t, scope);
                        assertArrayEquals(new float[3], g.toFloatArray(), 0f, "the update consumed the gradient");
                    }
                }
                assertArrayEquals(prescaled.toFloatArray(), scaled.toFloatArray(), 1e-6f);
                assertNotEquals(1f, scaled.getFloat(0), "the parameter moved");
            }
        }
    }
}
