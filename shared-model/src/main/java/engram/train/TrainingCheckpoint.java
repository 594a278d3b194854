package engram.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.model.io.AtomicFiles;
import engram.model.io.Dtype;
import engram.model.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A resumable snapshot of a {@link Trainer}: the trained arrays ({@code trainable.safetensors}), AdamW's
 * moments ({@code optimizer.safetensors}) and {@code trainer.json} (step, seed, settings). The data order
 * and dropout are functions of (seed, step), so nothing else is needed to resume bit-exactly.
 * {@code trainer.json} is written last: a folder without it is not a checkpoint.
 */
public final class TrainingCheckpoint {
    private static final String TRAINABLE = "trainable.safetensors";
    private static final String OPTIMISER = "optimizer.safetensors";
    private static final String STATE = "trainer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCheckpoint() {}

    /** Writes the trainer's state into {@code folder}. */
    public static void save(Trainer trainer, Path folder) {
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(folder.resolve(STATE));
            Safetensors.write(folder.resolve(TRAINABLE), trainer.parameters(), Map.of("format", "pt"), Dtype.F32);
            Safetensors.write(folder.resolve(OPTIMISER), trainer.optimiser().state(), Map.of("format", "pt"), Dtype.F32);
            ObjectNode state = JSON.createObjectNode();
            state.put("step", trainer.step());
            state.set("config", JSON.valueToTree(trainer.config()));
            AtomicFiles.write(folder.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + folder, e);
        }
    }

    /**
     * Loads a checkpoint into a trainer built over the same parameters and settings.
     *
     * @throws IllegalArgumentException when the folder is not a checkpoint, the settings differ, or a
     *                                  tensor is missing or mis-shaped (naming it)
     */
    public static void restore(Trainer trainer, Path folder) {
        Path stateFile = folder.resolve(STATE);
        if (!Files.isRegularFile(stateFile)) {
            throw new IllegalArgumentException("no checkpoint at " + folder + " (" + STATE + " is missing)");
        }
        try {
            JsonNode state = JSON.readTree(stateFile.toFile());
            TrainingConfig saved = JSON.treeToValue(state.get("config"), TrainingConfig.class);
            if (!saved.equals(trainer.config())) {
                throw new IllegalArgumentException("checkpoint " + folder + " was trained with " + saved
                        + " but the trainer has " + trainer.config());
            }
            copyInto(folder.resolve(TRAINABLE), trainer.parameters());
            copyInto(folder.resolve(OPTIMISER), trainer.optimiser().state());
            trainer.restoreStep(state.get("step").asInt());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + folder, e);
        }
    }

    private static void copyInto(Path file, Map<String, NDArray> targets) {
        try (Safetensors source = Safetensors.open(file); NDManager scope = NDManager.newBaseManager()) {
            targets.forEach((name, target) -> {
                if (!source.names().contains(name)) {
                    throw new IllegalArgumentException("checkpoint file " + file + " lacks tensor '" + name + "'");
                }
                NDArray value = source.load(name, scope);
                if (!value.getShape().equals(target.getShape())) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + file + " has shape "
                            + value.getShape() + " but the trainer's is " + target.getShape());
                }
                target.set(value.toByteBuffer());
            });
        }
    }
}
