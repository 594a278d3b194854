package engram.knowledge.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.model.CausalLm;
import engram.model.Dense;
import engram.model.Projection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The change an {@link Unlearner} run made to a model's weights: one delta per changed weight, written in as
 * {@code W ← W_before + ΔW}. It can be reverted, which restores a bit-exact copy of the weights taken before the
 * change (never {@code W − ΔW}), and applied again. Like any in-place change it is exact only while it is the
 * latest change to those weights.
 *
 * <p>Owns its arrays (the snapshot and the deltas) in a sub-manager of the model's; {@link #close()} frees them and
 * leaves the weights as they are, applied or reverted.
 */
public final class Unlearning implements AutoCloseable {

    /**
     * One training the run did.
     *
     * @param phase     what was trained
     * @param steps     optimiser steps run
     * @param finalLoss the last step's mean loss (negative for gradient ascent)
     */
    public record Training(UnlearningProgress.Phase phase, int steps, float finalLoss) {}

    private final CausalLm model;
    private final UnlearnMethod method;
    private final NDManager manager;
    private final Map<String, NDArray> before = new LinkedHashMap<>();
    private final Map<String, NDArray> deltas = new LinkedHashMap<>();
    private final List<LayerSubspace> layers;
    private final List<Training> trainings;
    private boolean applied;
    private boolean closed;

    private Unlearning(CausalLm model, UnlearnMethod method, List<LayerSubspace> layers, List<Training> trainings) {
        this.model = model;
        this.method = method;
        this.manager = model.manager().newSubManager();
        this.layers = List.copyOf(layers);
        this.trainings = List.copyOf(trainings);
    }

    /**
     * Snapshots the weights named in {@code changes} and adds each change to its weight.
     *
     * @param changes {@code ΔW (out, in)} per Hugging Face weight name; transposed here for GPT-2's Conv1D layout
     */
    static Unlearning apply(CausalLm model, UnlearnMethod method, Map<String, DMatrixRMaj> changes,
                            List<LayerSubspace> layers, List<Training> trainings) {
        Unlearning u = new Unlearning(model, method, layers, trainings);
        try {
            changes.forEach((name, change) -> {
                NDArray w = model.parameters().get(name);
                if (w == null) {
                    throw new IllegalArgumentException("no weight '" + name + "' in " + model.config().hfClassName());
                }
                u.snapshot(name, w);
                u.deltas.put(name, u.manager.create(layout(change, conv1d(model, name)), w.getShape()));
            });
            u.apply();
            return u;
        } catch (RuntimeException e) {
            u.close();
            throw e;
        }
    }

    /** An unlearning with no change yet, for {@link UnlearningFiles#load}; fill it with {@link #add}. */
    static Unlearning empty(CausalLm model, UnlearnMethod method, List<LayerSubspace> layers,
                           List<Training> trainings) {
        return new Unlearning(model, method, layers, trainings);
    }

    /** Snapshots weight {@code name} and records a copy of {@code delta} (in the weight's layout) for it. */
    void add(String name, NDArray delta) {
        requireOpen();
        snapshot(name, model.parameters().get(name));
        NDArray copy = manager.create(delta.getShape(), delta.getDataType());
        delta.copyTo(copy);
        deltas.put(name, copy);
    }

    /**
     * Writes the change into {@code folder} as an edit folder of kind {@code engram-unlearning}: {@code edit.json}
     * and {@code deltas.safetensors} ({@link UnlearningFiles}). The same change always writes the same bytes.
     *
     * @return the folder's SHA-256 ({@link engram.report.Hashes#sha256})
     */
    public String save(Path folder) {
        requireOpen();
        return UnlearningFiles.save(this, deltas, folder);
    }

    /**
     * Reads a change saved by {@link #save} and applies it to {@code model}, which must be the model it was made
     * on; revert or close it as any other.
     *
     * @return the change, applied; owned by the caller
     * @throws IllegalArgumentException naming the file, tensor or field that does not fit
     */
    public static Unlearning load(CausalLm model, Path folder) {
        return UnlearningFiles.load(model, folder);
    }

    /** Whether {@code folder} holds a change saved by {@link #save} (its {@code edit.json} is of that kind). */
    public static boolean isSaved(Path folder) {
        return UnlearningFiles.isUnlearning(folder);
    }

    /** The method that produced it. */
    public UnlearnMethod method() {
        return method;
    }

    /** Per weight: ranks and energies of the subspaces (UNLEARN/LEARN; empty for the baselines). */
    public List<LayerSubspace> layers() {
        return layers;
    }

    /** The trainings the run did, in order. */
    public List<Training> trainings() {
        return trainings;
    }

    /** Hugging Face names of the changed weights, in model order. */
    public List<String> weightNames() {
        return List.copyOf(deltas.keySet());
    }

    /** Whether the change is in the weights. */
    public boolean isApplied() {
        return applied;
    }

    /** Writes the change in: {@code W ← W_before + ΔW}, the same bits every time. */
    public void apply() {
        requireOpen();
        deltas.forEach((name, delta) -> {
            NDArray w = model.parameters().get(name);
            before.get(name).copyTo(w);
            w.addi(delta);
        });
        applied = true;
    }

    /** Takes the change out: every changed weight gets back the exact bits it had before. */
    public void revert() {
        requireOpen();
        before.forEach((name, w) -> w.copyTo(model.parameters().get(name)));
        applied = false;
    }

    /** Frees the snapshot and the deltas; the weights stay as they are. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the unlearning is closed");
        }
    }

    private void snapshot(String name, NDArray w) {
        NDArray copy = manager.create(w.getShape(), w.getDataType());
        w.copyTo(copy);
        before.put(name, copy);
    }

    private static boolean conv1d(CausalLm model, String weight) {
        Projection p = model.projections().get(weight.substring(0, weight.length() - ".weight".length()));
        return p instanceof Dense dense && dense.conv1d();
    }

    /** Row-major float32 values of {@code change}, transposed to {@code (in, out)} for a Conv1D weight. */
    private static float[] layout(DMatrixRMaj change, boolean conv1d) {
        int rows = change.numRows;
        int columns = change.numCols;
        float[] out = new float[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                out[conv1d ? j * rows + i : i * columns + j] = (float) change.get(i, j);
            }
        }
        return out;
    }
}
