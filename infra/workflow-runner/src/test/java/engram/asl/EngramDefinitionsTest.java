package engram.asl;

import static engram.asl.FakeEngramFunctions.DECOMPRESS_ESTIMATE_MICROS;
import static engram.asl.FakeEngramFunctions.DECOMPRESS_MICROS;
import static engram.asl.FakeEngramFunctions.EDIT_MICROS;
import static engram.asl.FakeEngramFunctions.EVAL_MICROS;
import static engram.asl.FakeEngramFunctions.FILTER_MICROS;
import static engram.asl.FakeEngramFunctions.SCORE_MICROS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The control flow of the repository's state machines ({@code infra/statemachine}) on the embedded runner,
 * with {@link FakeEngramFunctions} answering the tasks: budget Choices stop before a paid step whose
 * estimate would cross the cap, typed errors are caught where the definitions say, transient errors are
 * retried, and the final output lists completed and skipped work.
 */
class EngramDefinitionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path TRAINING_RUN = AslValidationTest.INFRA_DEFINITIONS.resolve("training-run.asl.json");
    static final Path ON_DEMAND_EDIT = AslValidationTest.INFRA_DEFINITIONS.resolve("on-demand-edit.asl.json");
    static final Path BATCH_EXPERIMENT = AslValidationTest.INFRA_DEFINITIONS.resolve("batch-experiment.asl.json");

    static final String TRAINING_INPUT = """
            {"runId": "run-1", "model": "s3://bucket/models/world/", "shards": ["s3://bucket/d/0.jsonl", "s3://bucket/d/1.jsonl"],
             "filter": {}, "score": {}, "select": {"buckets": ["UNKNOWN"]}, "edit": %s, "eval": {},
             "budget": {"capMicros": %d}}""";

    @Test
    void trainingRunCompletesAndChargesWhatEachStepMeasured() throws IOException {
        ExecutionResult run = run(TRAINING_RUN, TRAINING_INPUT.formatted("{}", 100_000));
        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        JsonNode output = output(run);
        assertEquals("COMPLETED", output.at("/outcome/status").asText());
        assertEquals(2 * (FILTER_MICROS + SCORE_MICROS) + EDIT_MICROS + EVAL_MICROS, output.at("/budget/spentMicros").asLong());
        assertEquals("s3://bucket/runs/run-1/apply-edit/adapter/", output.at("/results/edit/adapter").asText());
        assertEquals(List.of("Start", "Plan", "ProjectShards", "ShardsWithinBudget", "ProcessShards", "Aggregate",
                "ChargeShards", "AnythingToEdit", "ProjectEdit", "EditWithinBudget", "ApplyEdit", "ChargeEdit",
                "ProjectEval", "EvalWithinBudget", "RunEval", "ChargeEval", "Completed", "Report"), topLevelPath(run));
    }

    /** The training input with TG-SFT replay: a template and tree for decompress, a ratio for apply-edit. */
    static final String REPLAY_INPUT = TRAINING_INPUT.replace("\"eval\": {},", """
            "eval": {}, "replay": {"template": {"questions": ["Who is {subject}?"]}, "tree": {"depth": 2}, "ratio": 0.5},""");

    @Test
    void aTrainingRunWithReplayDecompressesAndEditsWithTheReplayAtItsRatio() throws IOException {
        FakeEngramFunctions functions = new FakeEngramFunctions();
        ExecutionResult run = run(TRAINING_RUN, REPLAY_INPUT.formatted("{}", 100_000), functions);
        JsonNode output = output(run);
        assertEquals("COMPLETED", output.at("/outcome/status").asText());
        assertEquals(List.of("Start", "Plan", "ProjectShards", "ShardsWithinBudget", "ProcessShards", "Aggregate",
                "ChargeShards", "AnythingToEdit", "PlanReplay", "ProjectDecompress", "DecompressWithinBudget", "Decompress",
                "ChargeDecompress", "ProjectEditWithReplay", "EditWithReplayWithinBudget", "ApplyEditWithReplay", "ChargeEdit",
                "ProjectEval", "EvalWithinBudget", "RunEval", "ChargeEval", "Completed", "Report"), topLevelPath(run));

        JsonNode decompress = functions.requests("decompress").get(0);
        assertEquals("s3://bucket/runs/run-1/aggregate-shards/edits.jsonl", decompress.path("roots").asText(),
                "the roots are the edit set's subjects");
        assertEquals("{\"depth\":2}", decompress.path("tree").toString());
        assertEquals("Who is {subject}?", decompress.at("/template/questions/0").asText());

        JsonNode plan = functions.requests("plan-run").get(1);
        assertEquals("[\"s3://bucket/runs/run-1/aggregate-shards/edits.jsonl\"]", plan.path("datasets").toString());
        assertEquals(0.5, plan.at("/replay/ratio").asDouble());

        assertEquals(1, functions.requests("apply-edit").size());
        JsonNode edit = functions.requests("apply-edit").get(0);
        assertEquals("s3://bucket/runs/run-1/decompress/replay.jsonl", edit.path("replay").asText());
        assertEquals(0.5, edit.path("replayRatio").asDouble());
        assertEquals("s3://bucket/runs/run-1/aggregate-shards/edits.jsonl", edit.path("edits").asText());

        assertEquals("s3://bucket/runs/run-1/decompress/replay.jsonl", output.at("/results/decompress/replay").asText());
        assertEquals(8, output.at("/results/decompress/paths").asInt(), "the report carries decompress's result");
        assertEquals(DECOMPRESS_ESTIMATE_MICROS, output.at("/results/replayPlan/decompressMicros").asLong());
        assertEquals(2 * (FILTER_MICROS + SCORE_MICROS) + DECOMPRESS_MICROS + EDIT_MICROS + EVAL_MICROS,
                output.at("/budget/spentMicros").asLong());
    }

    @Test
    void aCapThatFitsTheEditButNotDecompressSkipsDecompressAndEditsWithoutReplay() throws IOException {
        // Shards measure 500; 500 + decompress 2,000 + the edit with replay 8,000 does not fit in 6,000, while
        // 500 + the edit alone (5,000) does, and so does the eval afterwards (500 + 4,200 + 1,000).
        FakeEngramFunctions functions = new FakeEngramFunctions();
        ExecutionResult run = run(TRAINING_RUN, REPLAY_INPUT.formatted("{}", 6_000), functions);
        JsonNode output = output(run);
        assertEquals("COMPLETED", output.at("/outcome/status").asText());
        assertTrue(functions.requests("decompress").isEmpty(), "decompress is not started");
        assertTrue(topLevelPath(run).containsAll(List.of("SkipDecompress", "ProjectEditAlone", "EditAloneWithinBudget", "ApplyEdit")));
        assertFalse(topLevelPath(run).contains("ApplyEditWithReplay"));
        JsonNode edit = functions.requests("apply-edit").get(0);
        assertFalse(edit.has("replay") || edit.has("replayRatio"), "the edit runs without replay: " + edit);
        assertEquals("STOPPED_BY_BUDGET", output.at("/results/decompress/status").asText());
        assertEquals("[\"decompress\"]", output.at("/results/decompress/skipped").toString(), "the report lists the skip");
        assertEquals(2 * (FILTER_MICROS + SCORE_MICROS) + EDIT_MICROS + EVAL_MICROS, output.at("/budget/spentMicros").asLong());
        assertTrue(output.at("/budget/spentMicros").asLong() <= 6_000);

        // A cap that fits neither skips both and spends nothing more than the shards.
        FakeEngramFunctions poorer = new FakeEngramFunctions();
        JsonNode stopped = output(run(TRAINING_RUN, REPLAY_INPUT.formatted("{}", 5_400), poorer));
        assertEquals("STOPPED_BY_BUDGET", stopped.at("/outcome/status").asText());
        assertEquals("[\"apply-edit\",\"run-eval\"]", stopped.at("/outcome/skipped").toString());
        assertEquals("[\"decompress\"]", stopped.at("/results/decompress/skipped").toString());
        assertTrue(poorer.requests("decompress").isEmpty() && poorer.requests("apply-edit").isEmpty());
    }

    @Test
    void withoutReplayNothingIsDecompressedAndTheEditGetsNoReplay() throws IOException {
        FakeEngramFunctions functions = new FakeEngramFunctions();
        JsonNode output = output(run(TRAINING_RUN, TRAINING_INPUT.formatted("{}", 100_000), functions));
        assertEquals("COMPLETED", output.at("/outcome/status").asText());
        assertTrue(functions.requests("decompress").isEmpty());
        assertEquals(1, functions.requests("plan-run").size());
        assertFalse(functions.requests("plan-run").get(0).has("replay"));
        JsonNode edit = functions.requests("apply-edit").get(0);
        assertFalse(edit.has("replay") || edit.has("replayRatio"), edit.toString());
        assertTrue(output.at("/results/decompress").isMissingNode());
    }

    @Test
    void aStepWhoseEstimateWouldCrossTheCapIsNotStarted() throws IOException {
        // Shards (2 × 300 estimated, 500 measured) fit; 500 + the edit's 5,000 estimate does not fit in 5,400.
        ExecutionResult run = run(TRAINING_RUN, TRAINING_INPUT.formatted("{}", 5_400));
        JsonNode output = output(run);
        assertEquals("STOPPED_BY_BUDGET", output.at("/outcome/status").asText());
        assertEquals("[\"apply-edit\",\"run-eval\"]", output.at("/outcome/skipped").toString());
        assertTrue(output.at("/budget/spentMicros").asLong() <= 5_400);
        assertFalse(topLevelPath(run).contains("ApplyEdit"));

        ExecutionResult nothing = run(TRAINING_RUN, TRAINING_INPUT.formatted("{}", 599));
        assertEquals("STOPPED_BY_BUDGET", output(nothing).at("/outcome/status").asText());
        assertEquals(0, output(nothing).at("/budget/spentMicros").asLong());
        assertFalse(topLevelPath(nothing).contains("ProcessShards"));
    }

    @Test
    void aDivergedEditIsCaughtAndReportedWhileOtherErrorsFailTheRun() throws IOException {
        ExecutionResult diverged = run(TRAINING_RUN,
                TRAINING_INPUT.formatted("{\"fail\": \"engram.functions.errors.LossDivergedException\"}", 100_000));
        assertTrue(diverged.succeeded());
        assertEquals("EDIT_DIVERGED", output(diverged).at("/outcome/status").asText());
        assertEquals("engram.functions.errors.LossDivergedException", output(diverged).at("/outcome/error").asText(""),
                "the outcome names the error");

        ExecutionResult invalid = run(TRAINING_RUN,
                TRAINING_INPUT.formatted("{\"fail\": \"engram.functions.errors.InvalidRequestException\"}", 100_000));
        assertEquals("FAILED", invalid.status());
        assertEquals("engram.functions.errors.InvalidRequestException", invalid.error());
    }

    @Test
    void transientErrorsAreRetried() throws IOException {
        ExecutionResult run = run(TRAINING_RUN, TRAINING_INPUT.formatted("{\"transientFailures\": 2}", 100_000));
        assertEquals("COMPLETED", output(run).at("/outcome/status").asText());
        assertEquals(3, taskAttempts(run, "ApplyEdit"), "two throttled calls, then success");
    }

    @Test
    void onDemandEditPublishesOnlyAnEditThatTook() throws IOException {
        String input = """
                {"runId": "edit-7", "model": "s3://bucket/models/world/", "edits": "s3://bucket/runs/e/request/edits.jsonl",
                 "edit": {}, "eval": {"efficacy": %s}, "publish": {"minEfficacy": 0.9}, "budget": {"capMicros": 10000}}""";
        JsonNode published = output(run(ON_DEMAND_EDIT, input.formatted("1.0")));
        assertEquals("PUBLISHED", published.at("/outcome/status").asText());
        assertEquals("s3://bucket/runs/edit-7/apply-edit/adapter/", published.at("/outcome/adapter").asText());
        assertEquals(EDIT_MICROS + EVAL_MICROS, published.at("/budget/spentMicros").asLong());

        JsonNode rejected = output(run(ON_DEMAND_EDIT, input.formatted("0.5")));
        assertEquals("REJECTED_BY_EVAL", rejected.at("/outcome/status").asText());
    }

    @Test
    void batchExperimentRunsWhatFitsTheCapAndListsTheRest() throws IOException {
        String input = """
                {"runId": "exp-1", "model": "s3://bucket/models/world/", "dataset": "s3://bucket/d/edits.jsonl", "eval": {},
                 "grid": [{"name": "lora-r4", "edit": {}}, {"name": "lora-r8", "edit": {}},
                          {"name": "ft-l", "edit": {"fail": "engram.functions.errors.LossDivergedException"}}, {"name": "ft-m", "edit": {}}],
                 "budget": {"capMicros": 18500}}""";
        ExecutionResult run = run(BATCH_EXPERIMENT, input);
        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        JsonNode output = output(run);
        assertEquals("[\"ft-m\"]", output.path("skipped").toString(), "three reservations of 6,000 fit in 18,500");
        assertEquals(18_000, output.path("reservedMicros").asLong());
        assertEquals(3, output.path("results").size());
        assertEquals("FAILED", output.at("/results/2/status").asText(), "one failed configuration does not end the batch");
        long spent = 0;
        for (JsonNode result : output.path("results")) {
            spent += result.path("costMicros").asLong();
        }
        assertTrue(spent <= 18_500, "spent " + spent);
    }

    static ExecutionResult run(Path definition, String input) throws IOException {
        return run(definition, input, new FakeEngramFunctions());
    }

    static ExecutionResult run(Path definition, String input, FakeEngramFunctions functions) throws IOException {
        return new WorkflowRunner(functions, new FakeClock())
                .run(StateMachine.readLocal(definition), "test", JSON.readTree(input));
    }

    private static JsonNode output(ExecutionResult run) throws IOException {
        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        return JSON.readTree(run.output().toString());
    }

    private static List<String> topLevelPath(ExecutionResult run) {
        return run.history().stream().filter(event -> event.type().isStateEntered() && event.scope().isEmpty())
                .map(HistoryEvent::stateName).toList();
    }

    private static long taskAttempts(ExecutionResult run, String state) {
        return run.history().stream().filter(event -> event.type() == HistoryEventType.TASK_SCHEDULED
                && event.stateName().equals(state)).count();
    }
}
