package engram.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every state machine of the repository (infra/statemachine) and every test definition is valid ASL
 * according to npm asl-validator 4.0.0, and loads in the embedded runner.
 */
class AslValidationTest {
    static final Path TEST_DEFINITIONS = Path.of("src/test/resources/workflow").toAbsolutePath();
    static final Path INFRA_DEFINITIONS = NodeTools.REPOSITORY.resolve("infra/statemachine");

    static List<Path> allDefinitions() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(INFRA_DEFINITIONS, TEST_DEFINITIONS)) {
            try (Stream<Path> listing = Files.list(dir)) {
                listing.filter(file -> file.toString().endsWith(".asl.json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyDefinitionPassesAslValidator() throws IOException {
        List<Path> definitions = allDefinitions();
        assertTrue(definitions.size() >= 3, "the test definitions are missing: " + definitions);
        NodeTools.Output result = validate(definitions);
        assertEquals(0, result.exitCode(), "asl-validator rejected a definition:\n" + result.stdout() + result.stderr());
        for (Path definition : definitions) {
            assertTrue(result.stdout().contains(definition.toString()) && result.stdout().contains("is valid"),
                    "asl-validator did not report " + definition + " as valid:\n" + result.stdout());
        }
    }

    @Test
    void everyDefinitionLoadsInTheEmbeddedRunner() throws IOException {
        for (Path definition : allDefinitions()) {
            assertFalse(StateMachine.read(definition).states().isEmpty(), definition.toString());
        }
    }

    @Test
    void aslValidatorRejectsATransitionToAMissingState(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.asl.json");
        Files.writeString(broken, """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}}}""");
        NodeTools.Output result = validate(List.of(broken));
        assertNotEquals(0, result.exitCode());
        assertTrue((result.stdout() + result.stderr()).contains("Nope"), result.stdout() + result.stderr());
    }

    private static NodeTools.Output validate(List<Path> definitions) {
        Path validator = NodeTools.requirePackage("asl-validator");
        List<String> args = new ArrayList<>(List.of(validator.resolve("dist/bin/asl-validator.js").toString()));
        for (Path definition : definitions) {
            args.add("--json-path");
            args.add(definition.toString());
        }
        return NodeTools.node(args);
    }
}
