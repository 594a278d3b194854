package engram.repository;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cross-module contract of the repository itself: CI runs exactly the test command the README gives,
 * and the layout users expect is there. Runs from the functions module (top-level src/test is one of
 * its test roots).
 */
class RepositoryContractTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void ciRunsTheReadmeTestCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher test = Pattern.compile("(?m)^\\s*(scripts/test\\.sh)\\s*$").matcher(readme);
        assertTrue(test.find(), "README.md must give the test command scripts/test.sh on a line of its own");
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        assertTrue(ci.contains("exec " + test.group(1)), ".ci/run must run the README's test command");
        assertTrue(Pattern.compile("(?m)^\\s*scripts/demo\\.sh").matcher(readme).find(),
                "README.md must give the demo command");
    }

    @Test
    void topLevelLayoutIsComplete() {
        for (String entry : List.of("pom.xml", "README.md", "functions", "shared-model", "infra", "scripts", "src/test",
                "mvnw", "scripts/make-fixtures.sh", "scripts/benchmark-training.sh", "scripts/run-java.sh")) {
            assertTrue(Files.exists(ROOT.resolve(entry)), "missing " + entry);
        }
    }
}
