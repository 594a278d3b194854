package engram.model.io;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real files under {@code ../shared/data}; a missing one fails the test, naming its path. */
final class SharedData {

    private SharedData() {}

    static Path file(String relative) {
        String root = System.getProperty("ENGRAM_SHARED_DATA");
        if (root == null) {
            fail("system property ENGRAM_SHARED_DATA is not set (surefire sets it to <repo>/../shared/data)");
        }
        Path path = Path.of(root).resolve(relative).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            fail("missing test data file " + path);
        }
        return path;
    }
}
