package engram.knowledge.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.knowledge.change.ChangeFiles;
import engram.knowledge.change.Description;
import engram.knowledge.change.WeightChange;
import engram.model.CausalLm;
import engram.model.Dense;
import engram.model.Projection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * The change an {@link Unlearner} run made to a model's weights: a {@link WeightChange} of weight deltas
 * ({@code W ← W_before + ΔW}) that also remembers the method, the subspaces and the trainings. Its folder is a
 * change folder of format {@value ChangeFiles#UNLEARNING}, whose {@code edit.json} carries {@code weights},
 * {@code layers} and {@code trainings}. Like every change, closing an applied unlearning takes it out; merge it
 * first to keep it.
 */
public final class Unlearning extends WeightChange {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One training the run did.
     *
     * @param phase     what was trained
     * @param steps     optimiser steps run
     * @param finalLoss the last step's mean loss (negative for gradient ascent)
     */
    public record Training(UnlearningProgress.Phase phase, int steps, float finalLoss) {}

    private final UnlearnMethod method;
    private final List<LayerSubspace> layers;
    private final List<Training> trainings;

    private Unlearning(WeightChange change, UnlearnMethod method, List<LayerSubspace> layers, List<Training> trainings) {
        super(change);
        this.method = method;
        this.layers = List.copyOf(layers);
        this.trainings = List.copyOf(trainings);
    }

    /**
     * Writes {@code changes} into the weights ({@link WeightChange#addDeltas}) and returns them as an applied
     * unlearning.
     *
     * @param changes {@code ΔW (out, in)} per Hugging Face weight name; transposed here for GPT-2's Conv1D layout
     * @throws IllegalArgumentException naming a weight the model lacks
     */
    static Unlearning apply(CausalLm model, UnlearnMethod method, Map<String, DMatrixRMaj> changes,
                            List<LayerSubspace> layers, List<Training> trainings) {
        try (NDManager scope = model.manager().newSubManager()) {
            Map<String, NDArray> deltas = new LinkedHashMap<>();
            changes.forEach((name, change) -> {
                NDArray w = model.parameters().get(name);
                if (w == null) {
                    throw new IllegalArgumentException("no weight '" + name + "' in " + model.config().hfClassName());
                }
                deltas.put(name, scope.create(layout(change, conv1d(model, name)), w.getShape()));
            });
            return new Unlearning(WeightChange.addDeltas(model, describe(method, deltas.keySet(), layers, trainings),
                    deltas), method, layers, trainings);
        }
    }

    /**
     * Reads a change saved by {@link #save} and applies it to {@code model}, which must be the model it was made
     * on. {@link WeightChange#load} reads any change without its subspaces.
     *
     * @return the change, applied; owned by the caller
     * @throws IllegalArgumentException naming the file, tensor or field that does not fit, or when the folder holds
     *                                  another kind of change
     */
    public static Unlearning load(CausalLm model, Path folder) {
        WeightChange change = WeightChange.load(model, folder, ChangeFiles.UNLEARNING);
        try {
            Description d = change.description();
            List<LayerSubspace> layers = new ArrayList<>();
            for (JsonNode layer : d.field("layers")) {
                layers.add(JSON.treeToValue(layer, LayerSubspace.class));
            }
            List<Training> trainings = new ArrayList<>();
            for (JsonNode training : d.field("trainings")) {
                trainings.add(JSON.treeToValue(training, Training.class));
            }
            return new Unlearning(change, UnlearnMethod.valueOf(d.method()), layers, trainings);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            change.close();
            throw new IllegalArgumentException(folder.resolve(ChangeFiles.DESCRIPTION) + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code folder} holds a change saved by {@link #save} (its {@code edit.json} is of that kind). */
    public static boolean isSaved(Path folder) {
        try {
            return ChangeFiles.UNLEARNING.equals(ChangeFiles.read(folder).format());
        } catch (IllegalArgumentException e) {
            return false;
        }
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

    private static Description describe(UnlearnMethod method, Iterable<String> weights, List<LayerSubspace> layers,
                                        List<Training> trainings) {
        ObjectNode fields = JSON.createObjectNode();
        fields.set("weights", JSON.valueToTree(weights));
        fields.set("layers", JSON.valueToTree(layers));
        fields.set("trainings", JSON.valueToTree(trainings));
        return new Description(ChangeFiles.UNLEARNING, method.name(), fields, List.of(), null);
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
