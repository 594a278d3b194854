package engram.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.asl.ExecutionResult;
import engram.functions.api.ArtifactRef;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.InvalidRequestException;
import engram.functions.ondemand.EditSubmission;
import engram.functions.ondemand.OnDemandEdit;
import engram.functions.workflow.LocalInputs;
import engram.functions.workflow.StepListener;
import engram.functions.workflow.Workflows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line without a running application: parsing, output and what each outcome's exit code is. */
class EngramCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeEngine engine = new FakeEngine();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return EngramCommand.execute(engine.engine(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aWrongCommandLineIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run());
        assertEquals(ExitCodes.USAGE, run("frobnicate"));
        assertEquals(ExitCodes.USAGE, run("edit", "The CEO of Acme is"), "--target is required");
        assertEquals(ExitCodes.USAGE, run("run", "training-run"), "--input is required");
        assertEquals(ExitCodes.USAGE, run("run", "no-such-workflow", "--input", "{}"));
        assertEquals(ExitCodes.USAGE, run("run", "training-run", "--input", "{not json"));
        assertEquals(ExitCodes.USAGE, run("run", "training-run", "--input", "@/no/such/file.json"));
        assertEquals(ExitCodes.USAGE, run("edit", "p", "--target", "t", "--method", "ROME"));
        assertEquals(ExitCodes.USAGE, run("experiment", "grid.json"), "--budget is required");
    }

    @Test
    void helpListsTheExitCodes() {
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().contains("5  budget"), out.toString());
    }

    @Test
    void eachOutcomeHasItsExitCode() {
        assertEquals(ExitCodes.OK, runWith(succeeded("{\"outcome\": {\"status\": \"COMPLETED\"}}")));
        assertEquals(ExitCodes.BUDGET_STOPPED, runWith(succeeded("{\"outcome\": {\"status\": \"STOPPED_BY_BUDGET\"}}")));
        assertEquals(ExitCodes.NOT_PUBLISHED, runWith(succeeded("{\"outcome\": {\"status\": \"REJECTED_BY_EVAL\"}}")));
        assertEquals(ExitCodes.WORKFLOW_FAILED, runWith(succeeded("{\"outcome\": {\"status\": \"EDIT_DIVERGED\"}}")));
        assertEquals(ExitCodes.BUDGET_STOPPED, runWith(succeeded("{\"results\": [], \"skipped\": [\"ft-m\"]}")));
        assertEquals(ExitCodes.INVALID_REQUEST, runWith(failed("engram.functions.errors.InvalidRequestException")));
        assertEquals(ExitCodes.INVALID_REQUEST, runWith(failed("InvalidDatasetException")));
        assertEquals(ExitCodes.NOT_FOUND, runWith(failed("engram.functions.errors.ArtifactNotFoundException")));
        assertEquals(ExitCodes.BUDGET_STOPPED, runWith(failed("BudgetExceededException")));
        assertEquals(ExitCodes.WORKFLOW_FAILED, runWith(failed("States.TaskFailed")));
    }

    @Test
    void typedErrorsOfTheEngineBecomeExitCodesWithTheirMessage() {
        engine.failure = new ArtifactNotFoundException("model", "s3://engram/models/none/");
        assertEquals(ExitCodes.NOT_FOUND, run("run", "training-run", "--input", "{}"));
        assertTrue(err.toString().contains("ArtifactNotFoundException: model: no artifact at s3://engram/models/none/"),
                err.toString());
        engine.failure = new InvalidRequestException("edit.steps", 0, "must be at least 1");
        assertEquals(ExitCodes.INVALID_REQUEST, run("run", "training-run", "--input", "{}"));
        engine.failure = new IllegalStateException("boom");
        assertEquals(ExitCodes.INTERNAL, run("run", "training-run", "--input", "{}"));
    }

    @Test
    void runAddsARunIdAndPrintsTheOutputAsJson() throws Exception {
        engine.result = succeeded("{\"outcome\": {\"status\": \"COMPLETED\"}, \"n\": 3}");
        assertEquals(ExitCodes.OK, run("run", "training-run", "--input", "{\"model\": \"s3://b/m/\"}", "--run-id", "r-1",
                "--json", "--quiet"));
        assertEquals("r-1", engine.input.path("runId").asText());
        assertEquals("s3://b/m/", engine.input.path("model").asText());
        JsonNode printed = JSON.readTree(out.toString());
        assertEquals("SUCCEEDED", printed.path("status").asText());
        assertEquals(3, printed.at("/output/n").asInt());
        assertEquals("", err.toString(), "--quiet prints no progress");
    }

    @Test
    void editTurnsTheCommandLineIntoAnEditRequest() {
        engine.result = succeeded("{\"outcome\": {\"status\": \"PUBLISHED\"}, \"budget\": {\"spentMicros\": 10, \"capMicros\": 50}}");
        assertEquals(ExitCodes.OK, run("edit", "The CEO of Acme is", "--target", "Jane Roe", "--model", "s3://b/models/m/",
                "--steps", "12", "--method", "FT_M", "--budget", "0.25"));
        EditSubmission request = engine.submission;
        assertEquals(" Jane Roe", request.edits().get(0).target(), "the leading space is added");
        assertEquals("The CEO of Acme is", request.edits().get(0).prompt());
        assertEquals(12, request.edit().steps());
        assertEquals("FT_M", request.edit().method().name());
        assertEquals(0.25, request.budgetUsd());
        assertTrue(out.toString().contains("PUBLISHED"), out.toString());
    }

    @Test
    void demoAndExperimentGiveTheirWorkflowsTheInputTheyAlwaysGave() throws Exception {
        assertEquals(ExitCodes.OK, run("demo", "--model", "../models/engram-world", "--edits", "4", "--shards", "2",
                "--run-id", "d-1", "--quiet", "--json"));
        assertEquals("{\"runId\":\"d-1\",\"model\":{\"key\":\"../models/engram-world\"},\"shards\":["
                + "{\"bucket\":\"engram\",\"key\":\"datasets/world-demo/4/shard-0.jsonl\"},"
                + "{\"bucket\":\"engram\",\"key\":\"datasets/world-demo/4/shard-1.jsonl\"}],"
                + "\"filter\":{},\"score\":{\"side\":\"NEW\"},\"select\":{\"buckets\":[\"UNKNOWN\",\"PARTLY_KNOWN\"]},"
                + "\"edit\":{\"method\":\"LORA\",\"steps\":60},\"eval\":{},\"budget\":{\"capMicros\":1000000}}",
                JSON.writeValueAsString(engine.input));

        Path grid = Files.createTempFile("grid", ".json");
        Files.writeString(grid, "[{\"name\": \"lora\", \"edit\": {\"method\": \"LORA\"}}]");
        assertEquals(ExitCodes.OK, run("experiment", grid.toString(), "--budget", "0.25", "--model", "../models/engram-world",
                "--run-id", "x-1", "--quiet", "--json"));
        assertEquals("{\"runId\":\"x-1\",\"model\":{\"key\":\"../models/engram-world\"},"
                + "\"dataset\":{\"bucket\":\"engram\",\"key\":\"datasets/world-demo/experiment.jsonl\"},\"eval\":{},"
                + "\"grid\":[{\"name\":\"lora\",\"edit\":{\"method\":\"LORA\"}}],\"budget\":{\"capMicros\":250000}}",
                JSON.writeValueAsString(engine.input));
        Files.delete(grid);
    }

    private int runWith(ExecutionResult result) {
        engine.result = result;
        return run("run", "on-demand-edit", "--input", "{}", "--quiet");
    }

    private static ExecutionResult succeeded(String output) {
        try {
            return new ExecutionResult("r", true, JSON.readTree(output), null, null, List.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExecutionResult failed(String error) {
        return new ExecutionResult("r", false, null, error, "simulated", List.of());
    }

    /** Records what the commands ask for and answers {@link #result}, or throws {@link #failure}. */
    static final class FakeEngine {
        ExecutionResult result = succeeded("{}");
        RuntimeException failure;
        JsonNode input;
        EditSubmission submission;

        /** The application's beans, overridden where the commands call them. */
        Engine engine() {
            LocalInputs inputs = new LocalInputs() {
                @Override
                public ArtifactRef model(String location) {
                    return ArtifactRef.parse(location);
                }

                @Override
                public ArtifactRef editFolder(String location) {
                    return ArtifactRef.parse(location);
                }

                @Override
                public ArtifactRef dataset(String location, String key) {
                    return ArtifactRef.of("engram", key);
                }

                @Override
                public ArtifactRef lines(String key, List<String> lines) {
                    return ArtifactRef.of("engram", key);
                }

                @Override
                public Optional<Path> localFile(ArtifactRef ref) {
                    return Optional.empty();
                }
            };
            Workflows workflows = new Workflows() {
                @Override
                public ExecutionResult run(String name, String runId, JsonNode input, StepListener listener) {
                    if (failure != null) {
                        throw failure;
                    }
                    FakeEngine.this.input = input;
                    return result;
                }

                @Override
                public JsonNode call(String name, JsonNode input, StepListener listener) {
                    FakeEngine.this.input = input;
                    return JSON.createObjectNode();
                }
            };
            OnDemandEdit edits = new OnDemandEdit() {
                @Override
                public EditSubmission validate(EditSubmission submission) {
                    FakeEngine.this.submission = submission;
                    return submission;
                }

                @Override
                public ExecutionResult run(EditSubmission validated, StepListener listener) {
                    return result;
                }
            };
            return new Engine(inputs, workflows, edits);
        }
    }
}
