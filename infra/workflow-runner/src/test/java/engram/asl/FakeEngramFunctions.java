package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-ins for engram's functions with the result shapes the repository's state machines read, so the
 * definitions' control flow (budget Choices, Retry, Catch, Map) is tested without a model. Costs are fixed
 * micro-dollar figures; what a function does wrong is steered from the request: {@code edit.fail}
 * names the error apply-edit throws, {@code edit.transientFailures} how many calls fail with a
 * retryable Lambda error first, {@code eval.efficacy} what run-eval measures. Every request is kept, by
 * function, for tests that check what a step was given. The real functions answer the same definitions in the
 * end-to-end tests.
 */
final class FakeEngramFunctions implements TaskHandler {
    static final long SHARD_MICROS = 300;
    static final long FILTER_MICROS = 100;
    static final long SCORE_MICROS = 150;
    static final long EDIT_ESTIMATE_MICROS = 5_000;
    static final long EDIT_MICROS = 4_200;
    static final long EVAL_ESTIMATE_MICROS = 1_000;
    static final long EVAL_MICROS = 700;
    static final long DECOMPRESS_ESTIMATE_MICROS = 2_000;
    static final long DECOMPRESS_MICROS = 1_500;
    /** apply-edit's estimate when the plan has replay: the edits plus the replayed items. */
    static final long REPLAY_EDIT_ESTIMATE_MICROS = 8_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, List<JsonNode>> requests = new HashMap<>();

    /** The requests {@code functionName} was called with, in order; empty when it was not called. */
    synchronized List<JsonNode> requests(String functionName) {
        return List.copyOf(requests.getOrDefault(functionName, List.of()));
    }

    @Override
    public synchronized JsonNode invoke(String functionName, JsonNode input) {
        int call = calls.merge(functionName, 1, Integer::sum);
        requests.computeIfAbsent(functionName, name -> new ArrayList<>()).add(input.deepCopy());
        ObjectNode out = JSON.createObjectNode();
        String runId = input.path("runId").asText();
        switch (functionName) {
            case "plan-run" -> plan(input, out);
            case "filter-shard" -> out.put("kept", input.path("shard").asText() + ".kept").set("cost", cost(FILTER_MICROS));
            case "score-knowledge" -> out.put("scores", input.path("dataset").asText() + ".scores").put("items", 5)
                    .put("known", 3).put("partlyKnown", 0).put("unknown", 2).set("cost", cost(SCORE_MICROS));
            case "aggregate-shards" -> {
                int unknown = 0;
                long micros = 0;
                for (JsonNode shard : input.path("shards")) {
                    unknown += shard.path("summary").path("unknown").asInt();
                    micros += shard.path("costMicros").asLong();
                }
                out.put("dataset", "s3://bucket/runs/" + runId + "/aggregate-shards/edits.jsonl")
                        .put("items", unknown).put("shardsCostMicros", micros).set("cost", cost(0));
            }
            case "apply-edit" -> {
                JsonNode parameters = input.path("edit");
                if (call <= parameters.path("transientFailures").asInt()) {
                    throw new StateError("Lambda.ServiceException", "call " + call + " hit a throttled service");
                }
                if (parameters.hasNonNull("fail")) {
                    throw new StateError(parameters.get("fail").asText(), "simulated: " + runId);
                }
                out.put("adapter", "s3://bucket/runs/" + runId + "/apply-edit/adapter/").put("steps", 40).put("finalLoss", 0.01)
                        .put("learned", "s3://bucket/runs/" + runId + "/apply-edit/edits.jsonl").set("cost", cost(EDIT_MICROS));
            }
            case "decompress" -> out.put("replay", "s3://bucket/runs/" + runId + "/decompress/replay.jsonl")
                    .put("report", "s3://bucket/runs/" + runId + "/decompress/trees.json").put("trees", 2).put("paths", 8)
                    .put("duplicatesDropped", 0).set("cost", cost(DECOMPRESS_MICROS));
            case "run-eval" -> {
                out.put("reportJson", "s3://bucket/runs/" + runId + "/run-eval/report.json")
                        .put("reportHtml", "s3://bucket/runs/" + runId + "/run-eval/report.html");
                out.putObject("metrics").put("efficacy", input.path("eval").path("efficacy").asDouble(1.0));
                out.set("cost", cost(EVAL_MICROS));
            }
            default -> throw new StateError("UnknownFunction", functionName);
        }
        return out;
    }

    /**
     * Estimates as the real planner returns them; for a grid, reserves each configuration in order while the
     * sum stays within the cap and lists the rest as skipped.
     */
    private static void plan(JsonNode input, ObjectNode out) {
        long cap = input.path("capMicros").asLong();
        out.put("capMicros", cap);
        if (input.has("grid")) {
            ArrayNode selected = out.putArray("selected");
            ArrayNode skipped = out.putArray("skipped");
            long reserved = 0;
            for (JsonNode config : input.path("grid")) {
                long need = EDIT_ESTIMATE_MICROS + EVAL_ESTIMATE_MICROS;
                if (reserved + need <= cap) {
                    reserved += need;
                    ObjectNode chosen = selected.addObject().put("name", config.path("name").asText())
                            .put("runId", input.path("runId").asText() + "/" + config.path("name").asText())
                            .put("applyEditMicros", EDIT_ESTIMATE_MICROS).put("runEvalMicros", EVAL_ESTIMATE_MICROS);
                    chosen.set("edit", config.path("edit"));
                } else {
                    skipped.add(config.path("name").asText());
                }
            }
            out.put("reservedMicros", reserved);
            return;
        }
        out.put("items", 2 * input.path("datasets").size());
        ObjectNode estimates = out.putObject("estimates").put("shardsMicros", SHARD_MICROS * input.path("datasets").size())
                .put("applyEditMicros", EDIT_ESTIMATE_MICROS).put("runEvalMicros", EVAL_ESTIMATE_MICROS);
        if (input.has("replay")) {
            estimates.put("applyEditMicros", REPLAY_EDIT_ESTIMATE_MICROS).put("decompressMicros", DECOMPRESS_ESTIMATE_MICROS)
                    .put("applyEditAloneMicros", EDIT_ESTIMATE_MICROS);
        }
    }

    private static ObjectNode cost(long micros) {
        return JSON.createObjectNode().put("micros", micros).put("seconds", micros / 1000.0).put("resourceClass", "cpu");
    }
}
