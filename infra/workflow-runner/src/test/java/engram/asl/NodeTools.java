package engram.asl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pinned npm tools of the workflow tests (installed by {@code scripts/install-node-tools.sh}, which
 * {@code ./mvnw verify} runs). A missing tool fails the test, with the command that fixes it.
 */
final class NodeTools {
    /** Tests run with the module as working directory (infra/workflow-runner). */
    static final Path DIR = Path.of("src/test/node").toAbsolutePath();
    /** The repository's root, from this module or from functions (its budget tests read the definitions here). */
    static final Path REPOSITORY = repository();

    private NodeTools() {}

    /** The working directory or the nearest folder above it that holds {@code infra/statemachine}. */
    private static Path repository() {
        Path start = Path.of("").toAbsolutePath();
        for (Path folder = start; folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("infra/statemachine"))) {
                return folder;
            }
        }
        throw new IllegalStateException("no infra/statemachine at or above " + start);
    }

    /** What a finished process wrote and how it exited. */
    record Output(int exitCode, String stdout, String stderr) {}

    /** Fails unless node and the npm package {@code name} are installed. */
    static Path requirePackage(String name) {
        Path packageDir = DIR.resolve("node_modules").resolve(name);
        assertTrue(Files.isRegularFile(packageDir.resolve("package.json")), "npm package " + name
                + " is missing from " + DIR.resolve("node_modules") + ": run scripts/install-node-tools.sh");
        return packageDir;
    }

    /** Runs {@code node args...} in {@link #DIR}; fails the test if node is missing or hangs. */
    static Output node(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        try {
            Path stderr = Files.createTempFile("node-stderr", ".txt");
            Process process = new ProcessBuilder(command).directory(DIR.toFile())
                    .redirectError(stderr.toFile()).start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("node did not finish within 120 s: " + command);
            }
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            return new Output(process.exitValue(), stdout, errors);
        } catch (IOException noNode) {
            throw new AssertionError("cannot run node (install node 20+, then scripts/install-node-tools.sh): "
                    + noNode.getMessage(), noNode);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, interrupted);
        }
    }
}
