package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.AggregateShardsRequest;
import engram.functions.api.ArtifactRef;
import engram.functions.api.BatchExperimentInput;
import engram.functions.api.Budget;
import engram.functions.api.EditParams;
import engram.functions.api.EvalParams;
import engram.functions.api.OnDemandEditInput;
import engram.functions.api.Requests;
import engram.functions.api.TrainingRunInput;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.KnowledgeScorer.Bucket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workflow input records write byte for byte the JSON the CLI and the edit API built by hand before them
 * ({@code input.putObject("budget").put("capMicros", ...)}): the expected side of each case is that code, kept here.
 */
class WorkflowInputsTest {
    private static final ObjectMapper JSON = Requests.json();

    private static String text(Object value) throws Exception {
        return JSON.writeValueAsString(value instanceof JsonNode ? value : JSON.valueToTree(value));
    }

    @Test
    void trainingRunInputIsTheDemosJson() throws Exception {
        for (int[] shape : new int[][] {{2, 60}, {5, 1}}) {
            int shards = shape[0];
            int steps = shape[1];
            double budgetUsd = shards == 2 ? 1.00 : 0.0000015;
            ArtifactRef model = ArtifactRef.of("engram", "models/engram-world/");
            List<ArtifactRef> refs = new ArrayList<>();
            for (int s = 0; s < shards; s++) {
                refs.add(ArtifactRef.of("engram", "datasets/world-demo/50/shard-" + s + ".jsonl"));
            }

            ObjectNode input = JSON.createObjectNode().put("runId", "demo-1");          // DemoCommand until now
            input.set("model", JSON.valueToTree(model));
            ArrayNode shardRefs = input.putArray("shards");
            refs.forEach(ref -> shardRefs.add(JSON.valueToTree(ref)));
            input.putObject("filter");
            input.putObject("score").put("side", "NEW");
            input.putObject("select").putArray("buckets").add("UNKNOWN").add("PARTLY_KNOWN");
            input.putObject("edit").put("method", "LORA").put("steps", steps);
            input.putObject("eval");
            input.putObject("budget").put("capMicros", Math.round(budgetUsd * 1_000_000));

            TrainingRunInput typed = new TrainingRunInput("demo-1", model, refs, JSON.createObjectNode(),
                    JSON.createObjectNode().put("side", "NEW"),
                    new AggregateShardsRequest.Selection(List.of(Bucket.UNKNOWN, Bucket.PARTLY_KNOWN)),
                    JSON.createObjectNode().put("method", "LORA").put("steps", steps), JSON.createObjectNode(), null,
                    Budget.ofUsd(budgetUsd));
            assertEquals(text(input), text(typed));
        }
    }

    @Test
    void batchExperimentInputIsTheExperimentCommandsJson() throws Exception {
        JsonNode grid = JSON.readTree("[{\"name\": \"lora\", \"edit\": {\"method\": \"LORA\", \"rank\": 4}},"
                + " {\"name\": \"ft-m\", \"edit\": {\"method\": \"FT_M\"}, \"extra\": [1, 2.5, null]}]");
        ArtifactRef model = ArtifactRef.parse("s3://bucket/models/m/");
        ArtifactRef dataset = ArtifactRef.of("engram", "runs/x-1/input/items.jsonl").withSha256("0".repeat(64));

        ObjectNode input = JSON.createObjectNode().put("runId", "x-1");                 // ExperimentCommand until now
        input.set("model", JSON.valueToTree(model));
        input.set("dataset", JSON.valueToTree(dataset));
        input.putObject("eval");
        input.set("grid", grid);
        input.putObject("budget").put("capMicros", Math.round(0.25 * 1_000_000));

        assertEquals(text(input), text(new BatchExperimentInput("x-1", model, dataset, JSON.createObjectNode(), grid,
                Budget.ofUsd(0.25))));
    }

    @Test
    void onDemandEditInputIsTheEditApisJson() throws Exception {
        ArtifactRef model = ArtifactRef.of("engram", "models/engram-world/");
        ArtifactRef edits = ArtifactRef.of("engram", "runs/edit-1/request/edits.jsonl");
        for (EditParams edit : List.of(
                new EditParams(EditMethod.LORA, null, null, null, null, null, null, null, null, null, null, null,
                        null, null),
                new EditParams(EditMethod.FT_M, 2, 8, 16f, 0.05f, List.of("q_proj"), true, 3e-3f, 12, 4, 0.01f,
                        null, null, 7L))) {
            EvalParams eval = new EvalParams(null, 0, null, null, null);
            double minEfficacy = 0.5;
            double budgetUsd = 1.0;

            ObjectNode input = JSON.createObjectNode().put("runId", "edit-1");          // OnDemandEdit until now
            input.set("model", JSON.valueToTree(model));
            input.set("edits", JSON.valueToTree(edits));
            input.set("edit", JSON.valueToTree(edit));
            input.set("eval", JSON.valueToTree(eval));
            input.putObject("publish").put("minEfficacy", minEfficacy);
            input.putObject("budget").put("capMicros", Math.round(budgetUsd * 1_000_000));

            assertEquals(text(input), text(new OnDemandEditInput("edit-1", model, edits, JSON.valueToTree(edit),
                    JSON.valueToTree(eval), new OnDemandEditInput.Publish(minEfficacy), Budget.ofUsd(budgetUsd))));
        }
    }
}
