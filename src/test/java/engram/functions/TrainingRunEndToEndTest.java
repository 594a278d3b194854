package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.storage.ArtifactStore;
import engram.functions.workflow.StepListener;
import engram.functions.workflow.Workflows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repository's {@code training-run} state machine, end to end: the embedded runner executes
 * {@code infra/statemachine/training-run.asl.json} against the real functions in this process, on the committed
 * world model, with every artifact in a real S3 server on 127.0.0.1 (S3Proxy). Eight counterfactual edits in two
 * shards go through filter-shard, score-knowledge, aggregate-shards, apply-edit and run-eval; the report is read
 * back from S3 and must show the edits learned. With TG-SFT replay, decompress grows the replay from the edit set's
 * subjects and apply-edit trains with it, or, when the cap leaves no room for it, the edit runs alone.
 */
@QuarkusTest
@WithTestResource(LocalS3Resource.class)
class TrainingRunEndToEndTest {
    @Inject ArtifactStore store;
    @Inject Workflows workflows;

    /** Uploads the models and starts a workflow input that names its run and the model in S3. */
    private ObjectNode input(String runId) {
        Fixtures.uploadModels(store);
        return Requests.json().createObjectNode().put("runId", runId)
                .put("model", "s3://" + LocalS3Resource.BUCKET + "/" + Fixtures.MODEL);
    }

    /** Uploads world items {@code from..from+3} as {@code datasets/e2e/<name>.jsonl}; returns its s3:// URI. */
    private String dataset(String name, int from) {
        return Fixtures.put(store, "datasets/e2e/" + name + ".jsonl", Fixtures.worldItems(from, 4)).uri();
    }

    @Test
    void trainingRunLearnsItsEditsAndReportsThemInS3() throws Exception {
        ObjectNode input = input("e2e-training-run");
        ArrayNode shards = input.putArray("shards");
        for (int s = 0; s < 2; s++) {
            shards.add(dataset("shard-" + s, 100 + 4 * s));
        }
        input.putObject("filter");
        input.putObject("score").put("side", "NEW");
        input.putObject("select").putArray("buckets").add("UNKNOWN").add("PARTLY_KNOWN");
        input.putObject("edit").put("method", "LORA").put("steps", 40).put("seed", 7);
        input.putObject("eval").put("fluencyItems", 2);
        input.putObject("budget").put("capMicros", 1_000_000);

        Calls seen = new Calls();
        ExecutionResult run = workflows.run("training-run", "e2e", input, seen);
        List<String> calls = seen.functions;

        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        assertEquals(List.of("plan-run", "filter-shard", "score-knowledge", "filter-shard", "score-knowledge",
                "aggregate-shards", "apply-edit", "run-eval"), calls);
        JsonNode output = Requests.json().readTree(run.output().toString());
        assertEquals("COMPLETED", output.at("/outcome/status").asText());
        int learned = output.at("/results/aggregate/items").asInt();
        assertTrue(learned > 0 && learned <= 8, "items the model did not know yet: " + learned);
        // Semantic Beacons' loss weights travel from filter-shard's kept items through aggregate-shards to apply-edit
        ArtifactRef edits = Requests.json().treeToValue(output.at("/results/aggregate/dataset"), ArtifactRef.class);
        List<Double> weights = new java.util.ArrayList<>();
        for (String line : new String(store.read(edits), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            weights.add(Requests.json().readTree(line).path("weight").asDouble(1));
        }
        assertEquals(learned, weights.size());
        assertTrue(weights.stream().anyMatch(w -> Math.abs(w - 1) > 1e-3), "re-weighted items in the edit set: " + weights);

        ArtifactRef reportJson = Requests.json().treeToValue(output.at("/results/eval/reportJson"), ArtifactRef.class);
        JsonNode report = Requests.json().readTree(store.read(reportJson));
        JsonNode metrics = report.at("/metrics/0/values");
        assertTrue(metrics.path("efficacy").asDouble() >= 0.8, "efficacy in the stored report: " + metrics);
        assertEquals(output.at("/results/eval/metrics/efficacy").asDouble(), metrics.path("efficacy").asDouble(), 1e-9,
                "the workflow's result is the report's first row");
        assertTrue(store.stat(Requests.json().treeToValue(output.at("/results/eval/reportHtml"), ArtifactRef.class)).isPresent());

        long spent = output.at("/budget/spentMicros").asLong();
        assertTrue(spent > 0 && spent <= output.at("/budget/capMicros").asLong(), "spent " + spent);
    }

    /** TG-SFT: a tiny tree per subject of the edit set, mixed in at {@code ratio} replay items per edit. */
    private static void replay(ObjectNode input, double ratio) {
        ObjectNode replay = input.putObject("replay").put("ratio", ratio);
        replay.putObject("template").putArray("questions").add("Where was {subject} born?").add("Where does {subject} live?");
        replay.putObject("tree").put("depth", 2).put("maxNewTokens", 6).put("seed", 3).putArray("branching").add(2);
    }

    @Test
    void aTrainingRunWithReplayDecompressesTheEditSetAndTrainsWithIt() throws Exception {
        ObjectNode input = input("e2e-replay");
        input.putArray("shards").add(dataset("replay", 400));
        input.putObject("filter");
        input.putObject("score").put("side", "NEW");
        input.putObject("select").putArray("buckets").add("UNKNOWN").add("PARTLY_KNOWN");
        input.putObject("edit").put("method", "LORA").put("steps", 10).put("seed", 7);
        input.putObject("eval").put("fluencyItems", 0);
        input.putObject("budget").put("capMicros", 1_000_000);
        replay(input, 1.0);

        Calls seen = new Calls();
        ExecutionResult run = workflows.run("training-run", "e2e-replay", input, seen);
        List<String> calls = seen.functions;
        List<JsonNode> edits = seen.applyEdits;

        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        JsonNode output = Requests.json().readTree(run.output().toString());
        assertEquals("COMPLETED", output.at("/outcome/status").asText(), output.toString());
        assertEquals(List.of("plan-run", "filter-shard", "score-knowledge", "aggregate-shards", "plan-run", "decompress",
                "apply-edit", "run-eval"), calls);
        int learned = output.at("/results/aggregate/items").asInt();
        JsonNode decompressed = output.at("/results/decompress");
        assertTrue(decompressed.path("paths").asInt() > 0, "decompress grew replay paths: " + decompressed);
        assertEquals(decompressed.path("replay").toString(), edits.get(0).path("replay").toString(),
                "apply-edit gets the dataset decompress wrote");
        assertEquals(1.0, edits.get(0).path("replayRatio").asDouble());
        ArtifactRef replayRef = Requests.json().treeToValue(decompressed.path("replay"), ArtifactRef.class);
        assertEquals(decompressed.path("paths").asInt(), new String(store.read(replayRef)).lines().count(),
                "the replay dataset holds one item per path");
        assertTrue(output.at("/results/replayPlan/applyEditMicros").asLong()
                > output.at("/results/replayPlan/applyEditAloneMicros").asLong(), "the edit's estimate counts the replay");
        assertTrue(learned > 0 && output.at("/results/edit/steps").asInt() > 0);
        long spent = output.at("/budget/spentMicros").asLong();
        assertTrue(spent > 0 && spent <= 1_000_000, "spent " + spent);
    }

    @Test
    void aCapThatFitsTheEditButNotDecompressEditsWithoutReplay() throws Exception {
        ObjectNode input = input("e2e-replay-budget");
        input.putArray("shards").add(dataset("replay-budget", 200));
        input.putObject("filter");
        input.putObject("score").put("side", "NEW");
        input.putObject("select");
        input.putObject("edit").put("method", "LORA").put("steps", 5);
        input.putObject("eval").put("fluencyItems", 0);
        // shards 480 + the edit alone (at most 2,000 + 4 x 500) + the eval (at most 700) fit in 6,000; decompress and
        // the edit with 16 replayed items per edit (at least 500 + 80 + 2,000 + 17 x 500) do not.
        input.putObject("budget").put("capMicros", 6_000);
        replay(input, 16);

        Calls seen = new Calls();
        ExecutionResult run = workflows.run("training-run", "e2e-replay-budget", input, seen);
        List<String> calls = seen.functions;
        List<JsonNode> edits = seen.applyEdits;

        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        JsonNode output = Requests.json().readTree(run.output().toString());
        assertTrue(output.at("/results/aggregate/items").asInt() > 0, output.toString());
        assertEquals("COMPLETED", output.at("/outcome/status").asText(), output.toString());
        assertEquals(List.of("plan-run", "filter-shard", "score-knowledge", "aggregate-shards", "plan-run", "apply-edit",
                "run-eval"), calls);
        assertEquals("[\"decompress\"]", output.at("/results/decompress/skipped").toString());
        assertTrue(!edits.get(0).has("replay") && !edits.get(0).has("replayRatio"), "no replay: " + edits.get(0));
        assertTrue(output.at("/budget/spentMicros").asLong() <= 6_000);
    }

    @Test
    void aCapTooSmallForTheEditStopsBeforeItAndSpendsNoMore() throws Exception {
        ObjectNode input = input("e2e-budget");
        input.putArray("shards").add(dataset("budget", 200));
        input.putObject("filter");
        input.putObject("score").put("side", "NEW");
        input.putObject("select");
        input.putObject("edit").put("method", "LORA").put("steps", 5);
        input.putObject("eval");
        input.putObject("budget").put("capMicros", 1_000); // the shard's two steps fit; the edit's estimate does not

        ExecutionResult run = workflows.run("training-run", "e2e-budget", input, StepListener.NONE);

        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        JsonNode output = Requests.json().readTree(run.output().toString());
        assertEquals("STOPPED_BY_BUDGET", output.at("/outcome/status").asText());
        assertEquals("[\"apply-edit\",\"run-eval\"]", output.at("/outcome/skipped").toString());
        assertTrue(output.at("/budget/spentMicros").asLong() <= 1_000);
    }

    @Test
    void aBatchExperimentRunsWhatItsCapAllowsAndListsTheRest() throws Exception {
        ObjectNode input = input("e2e-batch");
        input.put("dataset", dataset("batch", 300));
        ArrayNode grid = input.putArray("grid");
        for (String name : List.of("lora-r2", "lora-r4", "lora-r8")) {
            grid.addObject().put("name", name).putObject("edit").put("method", "LORA").put("steps", 5)
                    .put("rank", Integer.parseInt(name.substring(6)));
        }
        input.putObject("eval").put("fluencyItems", 0);
        // one configuration costs apply-edit (0.002 + 4 x 0.0005) + run-eval (0.0005 + 4 x 0.00005) = $0.0047
        input.putObject("budget").put("capMicros", 9_500);

        ExecutionResult run = workflows.run("batch-experiment", "e2e-batch", input, StepListener.NONE);

        assertTrue(run.succeeded(), run.error() + ": " + run.cause());
        JsonNode output = Requests.json().readTree(run.output().toString());
        assertEquals("[\"lora-r8\"]", output.path("skipped").toString());
        assertEquals(2, output.path("results").size());
        long spent = 0;
        for (JsonNode result : output.path("results")) {
            assertEquals("COMPLETED", result.path("status").asText(), result.toString());
            spent += result.path("costMicros").asLong();
        }
        assertEquals(9_400, spent, "two configurations, each charged its price");
        assertTrue(spent <= 9_500);
    }

    /** The functions a run called, in order, and the requests apply-edit got. */
    private static final class Calls implements StepListener {
        final List<String> functions = new ArrayList<>();
        final List<JsonNode> applyEdits = new ArrayList<>();

        @Override
        public void started(String function, JsonNode in) {
            functions.add(function);
            if (function.equals("apply-edit")) {
                applyEdits.add(in);
            }
        }
    }
}
