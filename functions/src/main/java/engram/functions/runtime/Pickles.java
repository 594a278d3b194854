package engram.functions.runtime;

import engram.functions.errors.InvalidRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Refuses folders that carry Python pickles ({@code pytorch_model.bin}, {@code adapter_model.bin}, {@code .pt},
 * {@code .pth}, {@code .pkl}, {@code .ckpt}): unpickling runs whatever code the file names, so engram loads weights
 * from safetensors only, and says so instead of failing on a missing file.
 */
public final class Pickles {
    private static final List<String> SUFFIXES = List.of(".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt");

    private Pickles() {}

    /**
     * @param field names the folder's reference in the error ({@code model}, {@code adapter})
     * @throws InvalidRequestException naming the first pickle file found
     */
    public static void refuse(String field, Path folder) {
        find(folder).ifPresent(file -> {
            throw new InvalidRequestException(field, file, "is a pickle file; engram loads only safetensors (unpickling"
                    + " runs arbitrary code). Convert it, e.g. with safetensors.torch.save_file, and store the"
                    + " .safetensors file instead");
        });
    }

    private static Optional<String> find(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> folder.relativize(f).toString())
                    .filter(name -> SUFFIXES.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith))
                    .sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
