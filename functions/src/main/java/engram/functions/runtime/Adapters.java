package engram.functions.runtime;

import java.util.List;
import engram.model.WeightNames.ModuleKind;
import engram.model.WeightNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.errors.InvalidRequestException;
import engram.functions.errors.ModelMismatchException;
import engram.knowledge.change.ChangeFiles;
import engram.knowledge.change.WeightChange;
import engram.knowledge.edit.Edit;
import engram.knowledge.unlearn.Unlearning;
import engram.lora.LoraAdapter;
import engram.lora.PeftFiles;
import engram.lora.TaiaLora;
import engram.lora.TaiaMode;
import engram.lora.TaiaView;
import engram.model.CausalLm;
import engram.model.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks that an edit folder is bound to the model it was trained on, and puts a bound edit into effect.
 *
 * <p>The binding is {@code base_model_name_or_path = "sha256:<model hash>"}, written into the folder's
 * {@code edit.json} (every edit has one) and, for LoRA, into PEFT's {@code adapter_config.json} too, so PEFT
 * tools see the same name; the library writes it when the change is saved ({@code WeightChange.bindTo}). A hash rather than a path: the same checkpoint has many paths (S3 keys, cache
 * folders), and two checkpoints may share a name, but only the right bytes have the right hash.
 */
public final class Adapters {
    /** The key PEFT uses for the base model, reused in {@code edit.json}. */
    public static final String BASE_MODEL = ChangeFiles.BASE_MODEL;
    private static final String EDIT_FILE = ChangeFiles.DESCRIPTION;

    private Adapters() {}

    /** An edit in effect; closing takes it out again, restoring the model's exact weights. */
    public interface Applied extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Checks that the edit in {@code folder} was trained on the model whose hash is {@code modelHash}.
     *
     * @param field names the adapter reference in errors
     * @throws ModelMismatchException  when it names another model or none
     * @throws InvalidRequestException when the folder holds a pickle or no {@code edit.json}
     */
    public static void requireBoundTo(Path folder, String modelHash, String field) {
        Pickles.refuse(field, folder);
        Path file = folder.resolve(EDIT_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidRequestException(field, folder.getFileName(), "not an edit folder (no " + EDIT_FILE + ")");
        }
        String expected = "sha256:" + modelHash;
        String actual;
        try {
            actual = ChangeFiles.read(folder).baseModel();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, EDIT_FILE, "unreadable: " + e.getMessage());
        }
        if (!expected.equals(actual)) {
            throw new ModelMismatchException(field, actual, "the adapter was trained on " + actual
                    + ", not on the requested model " + expected);
        }
    }

    /**
     * Puts the edit in {@code folder} into effect on {@code model} until closed; the caller holds the model
     * exclusively. The folder is an {@code apply-edit} edit or an {@code unlearn} change (its {@code edit.json}
     * of format {@code engram-unlearning}); closing restores the model's exact weights either way.
     *
     * @param inference {@link TaiaMode#TAIA} shows only a LoRA adapter's attention deltas
     * @throws ModelMismatchException when a tensor does not fit the model
     */
    public static Applied apply(CausalLm model, Path folder, TaiaMode inference, String field) {
        Pickles.refuse(field, folder);
        requireSafetensors(folder, field);
        try {
            if (inference == TaiaMode.TAIA) {
                if (!Files.isRegularFile(folder.resolve(PeftFiles.CONFIG))) {
                    throw new InvalidRequestException("inference", inference, "TAIA needs a LoRA adapter");
                }
                LoraAdapter adapter = PeftFiles.load(model, folder);
                if (adapter.moduleNames().stream().noneMatch(m -> WeightNames.kindOf(m) == ModuleKind.ATTENTION)) {
                    List<String> modules = adapter.moduleNames().stream().map(m -> m.substring(m.lastIndexOf('.') + 1))
                            .distinct().toList();
                    adapter.close();
                    // TAIA keeps only attention deltas: with none, the evaluation would silently score the base model
                    throw new InvalidRequestException("inference", inference, "the adapter adapts no attention module "
                            + "(only " + modules + "), so TAIA would evaluate the base model; evaluate it with "
                            + "inference TUNED, or train it with method TAIA");
                }
                TaiaLora view = TaiaView.lora(adapter);
                view.useTaia();
                return () -> {
                    view.close();
                    adapter.close();
                };
            }
            WeightChange change = WeightChange.load(model, folder);
            return change::close;                       // closing an applied change takes it out
        } catch (IllegalArgumentException e) {
            throw new ModelMismatchException(field, folder.getFileName(), e.getMessage());
        } catch (UncheckedIOException e) {
            // a file the edit's description names is not in the folder
            throw new InvalidRequestException(field, folder.getFileName(), "not a complete edit folder: "
                    + e.getCause().getMessage());
        }
    }

    /** Opens every safetensors file's header, so a cut-off or lying file is refused as such, before anything loads. */
    private static void requireSafetensors(Path folder, String field) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().toList()) {
                try (Safetensors checked = Safetensors.open(file)) {
                    checked.names();
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(field, file.getFileName(), "not a valid safetensors file: "
                            + e.getMessage().replace(folder.toString(), "").replaceFirst("^/", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
