package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import engram.asl.StateMachine;
import engram.functions.api.Requests;
import engram.functions.errors.EngramErrors;
import engram.functions.workflow.InProcessFunctions;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract between the state machines in {@code infra/statemachine} and the code: every Task calls a
 * function this artifact serves, and every error name a Retry or Catch matches is either a Step Functions or
 * Lambda service error or the fully qualified name of an exception class that exists (engram's own ones being
 * the functions' typed errors).
 */
@QuarkusTest
class WorkflowContractTest {
    private static final Path DEFINITIONS = Path.of("..", "infra", "statemachine").toAbsolutePath().normalize();

    @Inject InProcessFunctions functions;

    @Test
    void everyTaskCallsAFunctionThisArtifactServes() throws IOException {
        List<Path> files = definitions();
        assertEquals(3, files.size(), files.toString());
        TreeSet<String> called = new TreeSet<>();
        for (Path file : files) {
            String json = Files.readString(file);
            Map<String, String> names = StateMachine.localFunctionNames(json);
            for (JsonNode task : tasks(Requests.json().readTree(json))) {
                String placeholder = task.at("/Parameters/FunctionName").asText();
                assertTrue(placeholder.matches("\\$\\{[A-Za-z]+Function}"), file + ": " + placeholder);
                String function = names.get(placeholder.substring(2, placeholder.length() - 1));
                assertTrue(functions.names().contains(function), file.getFileName() + " calls " + function
                        + ", which this artifact does not serve; it serves " + functions.names());
                called.add(function);
            }
        }
        assertTrue(called.containsAll(List.of("plan-run", "filter-shard", "score-knowledge", "aggregate-shards",
                "decompress", "apply-edit", "run-eval")), called.toString());
    }

    @Test
    void everyCaughtOrRetriedErrorNameIsAServiceErrorOrAnExceptionClass() throws IOException {
        int engramErrors = 0;
        for (Path file : definitions()) {
            for (JsonNode task : tasks(Requests.json().readTree(Files.readString(file)))) {
                for (JsonNode rule : concat(task.path("Retry"), task.path("Catch"))) {
                    for (JsonNode name : rule.path("ErrorEquals")) {
                        String error = name.asText();
                        if (error.startsWith("States.") || error.startsWith("Lambda.")) {
                            continue;
                        }
                        Class<?> type;
                        try {
                            type = Class.forName(error);
                        } catch (ClassNotFoundException e) {
                            fail(file.getFileName() + " matches '" + error + "', which names no class");
                            return;
                        }
                        assertTrue(Throwable.class.isAssignableFrom(type), error + " is not an exception");
                        if (error.startsWith("engram.")) {
                            assertTrue(EngramErrors.BY_NAME.containsValue(type), error + " is not a typed engram error");
                            engramErrors++;
                        }
                    }
                }
            }
        }
        assertTrue(engramErrors > 0, "the definitions catch at least one typed engram error");
    }

    private static List<Path> definitions() throws IOException {
        try (Stream<Path> listing = Files.list(DEFINITIONS)) {
            return listing.filter(f -> f.toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    /** Every Task state, at any depth (Map processors, Parallel branches). */
    private static List<JsonNode> tasks(JsonNode machine) {
        List<JsonNode> out = new ArrayList<>();
        machine.path("States").forEach(state -> {
            if (state.path("Type").asText().equals("Task")) {
                out.add(state);
            }
            JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
            if (processor != null) {
                out.addAll(tasks(processor));
            }
            state.path("Branches").forEach(branch -> out.addAll(tasks(branch)));
        });
        assertFalse(out.isEmpty() && machine.path("States").isEmpty(), "a machine without states");
        return out;
    }

    private static List<JsonNode> concat(JsonNode a, JsonNode b) {
        List<JsonNode> out = new ArrayList<>();
        a.forEach(out::add);
        b.forEach(out::add);
        return out;
    }
}
