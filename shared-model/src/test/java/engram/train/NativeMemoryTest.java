package engram.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import engram.model.Scalars;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the three DJL pitfalls of docs/architecture.md ("DJL pitfalls"): results joining the parameters'
 * manager (leaks), gradients that are never zeroed, and Java-number operands freed before backward.
 */
class NativeMemoryTest {

    @Test
    void twoHundredTrainingStepsLeaveTheNumberOfLiveArraysUnchanged() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = TrainerTest.tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0.1f, LoraConfig.ALL_LINEAR, false), 1);
             Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(1e-3f, 201, 2, 1),
                     TokenLoss.CROSS_ENTROPY)) {
            adapter.training(true);
            List<Example> data = TrainerTest.examples(4, 8);
            trainer.train(data, 1, r -> { });                       // first step creates lazy constants
            int before = liveArrays(root);
            trainer.train(data, 201, r -> { });
            assertEquals(before, liveArrays(root), "arrays leaked during 200 forward/backward/update steps");
        }
    }

    @Test
    void liveArrayCountSeesALeak() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = TrainerTest.tiny(root)) {
            int before = liveArrays(root);
            NDArray weight = model.parameters().values().iterator().next();
            try (NDManager scope = model.manager().newSubManager()) {
                // the transpose joins the model's manager, and so does the sum whose first operand it is
                weight.transpose().add(scope.ones(new Shape(1)));
            }
            assertEquals(before + 2, liveArrays(root), "the counter must notice an array left in the model's manager");
        }
    }

    @Test
    void nativeScalarsKeepGradientsCorrectWhereJavaNumbersDoNot() {
        try (NDManager root = NDManager.newBaseManager()) {
            Scalars scalars = new Scalars(root);
            int wrong = 0;
            for (int trial = 0; trial < 300; trial++) {
                try (NDManager scope = root.newSubManager()) {
                    NDArray x = scope.ones(new Shape(1000));
                    x.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray y = x.mul(scalars.of(2.5f));
                        churnDirectMemory();
                        collector.backward(y.sum());
                    }
                    float[] gradient = x.getGradient().toFloatArray();
                    for (float g : gradient) {
                        wrong += g == 2.5f ? 0 : 1;
                    }
                }
            }
            assertEquals(0, wrong, "gradient entries differing from 2.5 over 300 trials");
        }
    }

    private static void churnDirectMemory() {
        System.gc();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            b.putFloat(0, -1e30f);
            buffers.add(b);
        }
        assertTrue(buffers.size() == 200);
    }

    /** Arrays alive under {@code manager}, its sub-managers included. */
    static int liveArrays(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }
}
