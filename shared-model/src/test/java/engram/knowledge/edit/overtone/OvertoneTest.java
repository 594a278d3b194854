package engram.knowledge.edit.overtone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import engram.knowledge.edit.ft.PromptLast;
import engram.train.TokenLoss;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** OVERTONE's loss on random and hand-built logits; expected values come from the formulas, in Java. */
class OvertoneTest {

    @Test
    void withAPureOneHotTargetAndNoClipTheLossIsExactlyCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(5);
            float[] values = new float[2 * 5 * 37];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 8 - 4);
            }
            NDArray logits = m.create(values, new Shape(2, 5, 37));
            NDArray targets = m.create(random.longs(10, 0, 37).toArray(), new Shape(2, 5));
            NDArray weights = m.create(new float[] {0, 0, 1, 1, 1, 0, 1, 1, 0, 0}, new Shape(2, 5));
            // λ weighs the one-hot term (docs/methods.md §7.3), so λ = 1 is the one-hot target of cross-entropy
            float overtone = new Overtone(1f, 0f, 0.5f).sum(logits, targets, weights).getFloat();
            float crossEntropy = TokenLoss.CROSS_ENTROPY.sum(logits, targets, weights).getFloat();
            assertEquals(crossEntropy, overtone, 0f);
        }
    }

    @Test
    void aTokenWhoseKlIsBelowEpsilonCountsEpsilonAndGetsNoGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new float[] {12, 0, 0, 0, 0, 0, 1, 2}, new Shape(2, 4));  // two tokens
            logits.setRequiresGradient(true);
            NDArray targets = m.create(new long[] {0, 3});
            Overtone loss = new Overtone(1f, 0.01f, 0.5f);
            float[] perToken;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.perToken(logits, targets);
                perToken = l.toFloatArray();
                collector.backward(l.sum());
            }
            double kl0 = -Math.log(Math.exp(12) / (Math.exp(12) + 3));                  // one-hot target: KL = −log p
            double kl1 = -Math.log(Math.exp(2) / (2 + Math.exp(1) + Math.exp(2)));
            assertEquals(true, kl0 < 0.01, "the first token is already learned");
            assertEquals(0.01f, perToken[0], 0f, "clipped from below at ε");
            assertEquals(kl1, perToken[1], 1e-5);
            float[] gradient = logits.getGradient().toFloatArray();
            assertArrayEquals(new float[] {0, 0, 0, 0}, java.util.Arrays.copyOf(gradient, 4), "no gradient once clipped");
            assertEquals(true, Math.abs(gradient[7]) > 0.01, "the unclipped token still learns");
        }
    }

    @Test
    void theTargetIsSmoothedWhenTheLabelIsTopOneAndOneHotOtherwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] z = {4f, 3.5f, 0, 0, 0, 0};
            NDArray logits = m.create(new float[][] {z, z});                               // (2, 6)
            NDArray targets = m.create(new long[] {0, 1});                                 // top-1, then not top-1
            float lambda = 0.1f;
            float[] target = new Overtone(lambda, 0.01f, 0.5f).smoothedTarget(logits, targets).toFloatArray();

            double mean = 7.5 / 6;
            double variance = 0;
            for (float v : z) {
                variance += (v - mean) * (v - mean) / 6;
            }
            double threshold = 4 - 0.5 * Math.sqrt(variance);                              // keeps 4 and 3.5 only
            assertEquals(true, 3.5 > threshold && 0 < threshold, "hand-built so that two logits survive");
            double p0 = Math.exp(4) / (Math.exp(4) + Math.exp(3.5));
            double[] expectedFirst = {lambda + (1 - lambda) * p0, (1 - lambda) * (1 - p0), 0, 0, 0, 0};
            for (int v = 0; v < 6; v++) {
                assertEquals(expectedFirst[v], target[v], 1e-6, "smoothed target, entry " + v);
            }
            // label 1: the mixture's top-1 is still token 0, so the target falls back to one-hot
            assertArrayEquals(new float[] {0, 1, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(target, 6, 12));
        }
    }

    @Test
    void promptLastScoresEveryTargetTokenAtTheLastPromptPosition() {
        try (NDManager m = NDManager.newBaseManager()) {
            SplittableRandom random = new SplittableRandom(9);
            float[] values = new float[4 * 11];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 6 - 3);
            }
            NDArray logits = m.create(values, new Shape(1, 4, 11));
            long[] next = {3, 7, 2, 9};
            NDArray weights = m.create(new float[] {0, 1, 1, 1}, new Shape(1, 4));     // prompt ends at position 1
            float loss = new PromptLast(TokenLoss.CROSS_ENTROPY).sum(logits, m.create(next, new Shape(1, 4)), weights)
                    .getFloat();
            double normaliser = 0;
            for (int v = 0; v < 11; v++) {
                normaliser += Math.exp(values[11 + v]);
            }
            double expected = 0;
            for (int j = 1; j < 4; j++) {
                expected -= values[11 + (int) next[j]] - Math.log(normaliser);
            }
            assertEquals(expected, loss, 1e-4);
        }
    }
}
