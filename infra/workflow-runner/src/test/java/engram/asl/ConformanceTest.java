package engram.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedded runner and npm aws-local-stepfunctions 3.0.0 (an independent ASL implementation) run the
 * same definitions on the same inputs with the same task functions, and must agree on the final status,
 * error and cause, output, and the path of states taken in each scope (top level, each Map iteration,
 * each Parallel branch; the npm runner interleaves concurrent iterations, so paths are compared per scope).
 *
 * <p>A known difference, kept out of the shared definitions: aws-local-stepfunctions 3.0.0 evaluates a type
 * test with {@code false} ({@code "IsNull": false}, {@code "IsPresent": false}, ...) as always false, where
 * Step Functions negates the test. The definitions write {@code "Not": {... "IsNull": true}} instead, and
 * {@link RunnerSemanticsTest} pins the Step Functions behaviour.
 */
class ConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer server;
    /** The functions of the execution now running; the npm runner reaches them over HTTP. */
    private static volatile TaskHandler current;

    @BeforeAll
    static void startTaskServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/task/", ConformanceTest::invokeTask);
        server.start();
    }

    @AfterAll
    static void stopTaskServer() {
        server.stop(0);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', textBlock = """
            retry-catch.asl.json    | {"key": "k1", "value": 21}
            retry-catch.asl.json    | {"key": "k2", "value": -4}
            map-choice.asl.json     | {"runId": "test-1", "attempt": 1, "limitsJson": "{\\"maxKept\\": 1}", "shards": ["alpha", "be", "gamma-ray"]}
            map-choice.asl.json     | {"runId": "prod-2", "attempt": 4, "limitsJson": "{\\"maxKept\\": 1}", "shards": ["alpha", "be", "gamma-ray"]}
            map-choice.asl.json     | {"runId": "prod-3", "attempt": 0, "limitsJson": "{\\"maxKept\\": 5}", "shards": ["be"]}
            parallel-wait.asl.json  | {"value": 3}
            parallel-wait.asl.json  | {"value": 70}
            """)
    void embeddedRunnerAgreesWithAwsLocalStepFunctions(String definitionFile, String inputJson) throws IOException {
        assertRunnersAgree(AslValidationTest.TEST_DEFINITIONS.resolve(definitionFile), inputJson, TestFunctions::new,
                definitionFile);
    }

    /**
     * The repository's own state machines, with their {@code ${...Function}} placeholders resolved to local
     * function names, answered by {@link FakeEngramFunctions}: budget stops, a caught typed error, retries,
     * a Map whose iterations catch their own failures, and TG-SFT replay bought or skipped by the budget.
     */
    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            training-run.asl.json     | {"runId": "r1", "model": "m", "shards": ["a", "b"], "filter": {}, "score": {}, "select": {}, "edit": {}, "eval": {}, "budget": {"capMicros": 100000}} | completes
            training-run.asl.json     | {"runId": "r2", "model": "m", "shards": ["a", "b"], "filter": {}, "score": {}, "select": {}, "edit": {}, "eval": {}, "budget": {"capMicros": 5400}} | stops before the edit
            training-run.asl.json     | {"runId": "r3", "model": "m", "shards": ["a", "b"], "filter": {}, "score": {}, "select": {}, "edit": {"transientFailures": 2, "fail": "engram.functions.errors.LossDivergedException"}, "eval": {}, "budget": {"capMicros": 100000}} | retries, then catches divergence
            training-run.asl.json     | {"runId": "r4", "model": "m", "shards": ["a"], "filter": {}, "score": {}, "select": {}, "edit": {"fail": "engram.functions.errors.ModelMismatchException"}, "eval": {}, "budget": {"capMicros": 100000}} | fails with a typed error
            training-run.asl.json     | {"runId": "r5", "model": "m", "shards": ["a", "b"], "filter": {}, "score": {}, "select": {}, "edit": {}, "eval": {}, "replay": {"template": {}, "tree": {"depth": 2}, "ratio": 0.5}, "budget": {"capMicros": 100000}} | decompresses and edits with the replay
            training-run.asl.json     | {"runId": "r6", "model": "m", "shards": ["a", "b"], "filter": {}, "score": {}, "select": {}, "edit": {}, "eval": {}, "replay": {"template": {}, "tree": {}, "ratio": 2}, "budget": {"capMicros": 6000}} | skips decompress, edits without replay
            on-demand-edit.asl.json   | {"runId": "e1", "model": "m", "edits": "s3://bucket/runs/e/request/edits.jsonl", "edit": {}, "eval": {"efficacy": 0.95}, "publish": {"minEfficacy": 0.9}, "budget": {"capMicros": 10000}} | publishes
            on-demand-edit.asl.json   | {"runId": "e2", "model": "m", "edits": "s3://bucket/runs/e/request/edits.jsonl", "edit": {}, "eval": {"efficacy": 0.2}, "publish": {"minEfficacy": 0.9}, "budget": {"capMicros": 10000}} | rejects
            batch-experiment.asl.json | {"runId": "x1", "model": "m", "dataset": "d", "eval": {}, "grid": [{"name": "a", "edit": {}}, {"name": "b", "edit": {"fail": "engram.functions.errors.LossDivergedException"}}, {"name": "c", "edit": {}}], "budget": {"capMicros": 12000}} | runs two, skips one
            """)
    void repositoryDefinitionsAgreeToo(String definitionFile, String inputJson, String scenario, @TempDir Path temp)
            throws IOException {
        String json = Files.readString(AslValidationTest.INFRA_DEFINITIONS.resolve(definitionFile));
        Path definition = temp.resolve(definitionFile);
        Files.writeString(definition, StateMachine.substitute(json, StateMachine.localFunctionNames(json)));
        assertRunnersAgree(definition, inputJson, FakeEngramFunctions::new, scenario);
    }

    /**
     * Runs {@code definition} on both runners, each with a fresh handler from {@code functions}, and compares the
     * status, output or error and cause, and the states entered per scope.
     */
    private static void assertRunnersAgree(Path definition, String inputJson, Supplier<TaskHandler> functions,
            String label) throws IOException {
        String executionName = "conformance-" + definition.getFileName().toString().replace(".asl.json", "");
        current = functions.get();
        ExecutionResult embedded = new WorkflowRunner(current, new FakeClock())
                .run(StateMachine.read(definition), executionName, JSON.readTree(inputJson));
        current = functions.get();
        JsonNode reference = runAwsLocalStepFunctions(definition, inputJson, executionName);

        assertEquals(reference.path("status").asText(), embedded.status(), label + "; reference: " + reference);
        if (embedded.succeeded()) {
            assertSameJson(reference.get("output"), JSON.readTree(embedded.output().toString()), label + ": output");
        } else {
            assertEquals(reference.path("error").asText(), embedded.error(), label + ": error");
            assertEquals(reference.path("cause").asText(), embedded.cause(), label + ": cause");
        }
        assertEquals(referencePaths(reference, ScopeOfState.of(JSON.readTree(definition.toFile()))), embeddedPaths(embedded),
                label + ": states entered per scope");
    }

    /** JSON equality where numbers compare by value: JavaScript writes the double 1.0 as {@code 1}. */
    private static void assertSameJson(JsonNode expected, JsonNode actual, String message) {
        Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        assertTrue(expected != null && expected.equals(numbersByValue, actual),
                message + " ==> expected: <" + expected + "> but was: <" + actual + ">");
    }

    private static JsonNode runAwsLocalStepFunctions(Path definition, String inputJson, String executionName) throws IOException {
        NodeTools.requirePackage("aws-local-stepfunctions");
        String taskUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/task";
        NodeTools.Output result = NodeTools.node(List.of("--require", "./withresolvers-polyfill.cjs", "run-asl.mjs",
                definition.toString(), inputJson, executionName, taskUrl));
        assertEquals(0, result.exitCode(), "run-asl.mjs failed:\n" + result.stderr() + result.stdout());
        String[] lines = result.stdout().strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static void invokeTask(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String function = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        ObjectNode reply = JSON.createObjectNode();
        try {
            reply.set("output", current.invoke(function, JSON.readTree(exchange.getRequestBody())));
        } catch (Exception failure) {
            StateError error = StateError.fromTaskException(failure);
            reply.put("error", error.error()).put("cause", error.errorCause());
        }
        byte[] body = JSON.writeValueAsBytes(reply);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** Paths of the embedded run, keyed by innermost scope ("" top level, "ScoreShards[1]", "Both#2"). */
    private static Map<String, List<String>> embeddedPaths(ExecutionResult result) {
        Map<String, List<String>> paths = new LinkedHashMap<>();
        for (HistoryEvent event : result.history()) {
            if (event.type().isStateEntered()) {
                String scope = event.scope().isEmpty() ? "" : event.scope().substring(0, event.scope().length() - 1);
                scope = scope.substring(scope.lastIndexOf('/') + 1);
                paths.computeIfAbsent(scope, key -> new ArrayList<>()).add(event.stateName());
            }
        }
        return new HashMap<>(paths);
    }

    private static Map<String, List<String>> referencePaths(JsonNode reference, Map<String, String> scopeOfState) {
        Map<String, List<String>> paths = new HashMap<>();
        for (JsonNode entered : reference.path("statesEntered")) {
            String name = entered.path("name").asText();
            String scope = scopeOfState.get(name).replace("[]", "[" + entered.path("index").asText() + "]");
            paths.computeIfAbsent(scope, key -> new ArrayList<>()).add(name);
        }
        return paths;
    }

    /** Which scope each state lives in, from the definition (ASL state names are unique across it). */
    private static final class ScopeOfState {
        static Map<String, String> of(JsonNode definition) {
            Map<String, String> scopes = new HashMap<>();
            collect(definition, "", scopes);
            return scopes;
        }

        private static void collect(JsonNode machine, String scope, Map<String, String> scopes) {
            for (Iterator<Map.Entry<String, JsonNode>> it = machine.path("States").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> state = it.next();
                scopes.put(state.getKey(), scope);
                JsonNode processor = state.getValue().has("ItemProcessor")
                        ? state.getValue().get("ItemProcessor") : state.getValue().get("Iterator");
                if (processor != null) {
                    collect(processor, state.getKey() + "[]", scopes);
                }
                JsonNode branches = state.getValue().path("Branches");
                for (int branch = 0; branch < branches.size(); branch++) {
                    collect(branches.get(branch), state.getKey() + "#" + branch, scopes);
                }
            }
        }
    }
}
