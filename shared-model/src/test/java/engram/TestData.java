package engram;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths to fixtures: committed ones on the class path, real data in {@code ../shared/data}. */
public final class TestData {
    private TestData() {}

    /**
     * A file or folder under {@code ../shared/data}; a missing one fails the test with its path (never skips).
     */
    public static Path shared(String relative) {
        String root = System.getProperty("ENGRAM_SHARED_DATA", "../../shared/data");
        Path path = Path.of(root).resolve(relative).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            fail("test data missing: " + path + " (../shared/data must sit beside the repository)");
        }
        return path;
    }

    /** The committed embedded base model, {@code models/engram-world} at the repository root. */
    public static Path engramWorldModel() {
        Path path = repository().resolve("models").resolve("engram-world");
        if (!Files.isRegularFile(path.resolve("model.safetensors"))) {
            fail("the embedded model is missing: " + path + " (rebuild it with scripts/build-world-model.sh)");
        }
        return path;
    }

    /** A committed fixture folder under {@code shared-model/src/test/resources}. */
    public static Path resource(String relative) {
        Path path = repository().resolve("shared-model/src/test/resources").resolve(relative);
        if (!Files.exists(path)) {
            fail("fixture missing: " + path);
        }
        return path;
    }

    /**
     * The repository's root: the working directory or the nearest folder above it that holds {@code shared-model/}
     * (tests run in their module's folder: {@code shared-model/} or {@code scripts/tools/}).
     */
    private static Path repository() {
        Path start = Path.of("").toAbsolutePath();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("shared-model"))) {
                return folder;
            }
        }
        return fail("no shared-model/ folder at or above " + start);
    }
}
