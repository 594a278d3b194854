package engram.knowledge.unlearn;

import ai.djl.ndarray.NDArray;
import engram.knowledge.unlearn.UnlearningProgress.Phase;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Step 1 of UNLEARN, "subspace identification", in its task-vector reading (docs/methods.md §6.3, [INF]): a LoRA task
 * adapter is trained on a task's examples from the current weights, and each adapted weight's task matrix is its
 * delta {@code T = (alpha / r) · B A}, computed in float64 from the adapter's factors, so its rank is at most r
 * exactly. The adapter is closed afterwards; the model's weights are untouched. The baselines train the same way
 * with their own examples and apply {@code T} unchanged.
 */
final class TaskMatrices {
    private TaskMatrices() {}

    /**
     * One training run's task matrices and how it ended.
     *
     * @param byWeight  {@code T (out, in)} per Hugging Face weight name, in model order
     * @param steps     optimiser steps run
     * @param finalLoss the last step's mean loss
     */
    record Result(Map<String, DMatrixRMaj> byWeight, int steps, float finalLoss) {}

    static Result train(CausalLm model, List<Example> data, LoraConfig lora, TrainingConfig training, Phase phase,
                        Consumer<UnlearningProgress> progress) {
        float[] lastLoss = {Float.NaN};
        try (LoraAdapter adapter = LoraAdapter.attach(model, lora, training.seed())) {
            try (Trainer trainer = new Trainer(model, adapter.peftTensors(), training, TokenLoss.CROSS_ENTROPY)) {
                adapter.training(true);
                trainer.train(data, report -> {
                    lastLoss[0] = report.loss();
                    progress.accept(new UnlearningProgress(phase, report));
                });
                adapter.training(false);
                return new Result(deltas(adapter), trainer.step(), lastLoss[0]);
            }
        }
    }

    /** {@code (alpha / r) · B A} of every adapted module, keyed by the module's weight name. */
    private static Map<String, DMatrixRMaj> deltas(LoraAdapter adapter) {
        List<String> modules = adapter.moduleNames();
        List<NDArray> factors = adapter.trainableParameters();                       // A, B per module
        int rank = adapter.config().rank();
        double scaling = adapter.config().scaling();
        Map<String, DMatrixRMaj> out = new LinkedHashMap<>();
        for (int m = 0; m < modules.size(); m++) {
            NDArray a = factors.get(2 * m);                                          // (r, in)
            NDArray b = factors.get(2 * m + 1);                                      // (out, r)
            DMatrixRMaj left = matrix(b.toFloatArray(), (int) b.getShape().get(0), rank);
            DMatrixRMaj right = matrix(a.toFloatArray(), rank, (int) a.getShape().get(1));
            DMatrixRMaj t = new DMatrixRMaj(left.numRows, right.numCols);
            CommonOps_DDRM.mult(scaling, left, right, t);                            // (out, in)
            out.put(modules.get(m) + ".weight", t);
        }
        return out;
    }

    private static DMatrixRMaj matrix(float[] values, int rows, int columns) {
        DMatrixRMaj m = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < values.length; i++) {
            m.data[i] = values[i];
        }
        return m;
    }
}
