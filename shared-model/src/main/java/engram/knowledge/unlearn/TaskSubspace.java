package engram.knowledge.unlearn;

import engram.model.CausalLm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The task-specific matrices {@code T̂} of UNLEARN/LEARN, per weight, before they are written in (steps 1 and 2 of
 * {@link Unlearner}); plain JVM data. {@link #apply} performs step 3 with a chosen α, as often as wanted.
 *
 * @param method   UNLEARN (subtract) or LEARN (add)
 * @param matrices {@code T̂ (out, in)} per Hugging Face weight name
 * @param layers   ranks and energies per weight
 * @param trainings the task-adapter trainings
 */
public record TaskSubspace(UnlearnMethod method, Map<String, DMatrixRMaj> matrices, List<LayerSubspace> layers,
                           List<Unlearning.Training> trainings) {

    public TaskSubspace {
        matrices = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matrices));
        layers = List.copyOf(layers);
        trainings = List.copyOf(trainings);
    }

    /**
     * Writes {@code W' = W − α T̂} (UNLEARN) or {@code W' = W + α T̂} (LEARN) into {@code model}.
     *
     * @param scale α &gt; 0
     * @return the change, applied; owned by the caller
     */
    public Unlearning apply(CausalLm model, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        double sign = method == UnlearnMethod.LEARN ? scale : -scale;
        Map<String, DMatrixRMaj> changes = new LinkedHashMap<>();
        matrices.forEach((name, t) -> {
            DMatrixRMaj change = new DMatrixRMaj(t.numRows, t.numCols);
            CommonOps_DDRM.scale(sign, t, change);
            changes.put(name, change);
        });
        return Unlearning.apply(model, method, changes, layers, trainings);
    }
}
