package engram.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.errors.InvalidRequestException;
import java.util.HashMap;
import java.util.Map;

/**
 * Deterministic task functions behind the test definitions in {@code src/test/resources/workflow}. One
 * instance per execution: {@code flaky} fails its first two calls. Both runners (embedded and
 * aws-local-stepfunctions) call the same instance, so their results can be compared exactly.
 */
final class TestFunctions implements TaskHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Integer> calls = new HashMap<>();

    /** A failure worth retrying. */
    static final class TransientException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientException(String message) {
            super(message);
        }
    }

    /** A failure the workflow should catch, never retry. */
    static final class InvalidRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRequestException(String message) {
            super(message);
        }
    }

    @Override
    public synchronized JsonNode invoke(String functionName, JsonNode input) {
        int call = calls.merge(functionName, 1, Integer::sum);
        ObjectNode out = JSON.createObjectNode();
        switch (functionName) {
            case "flaky":
                if (call <= 2) {
                    throw new TransientException("attempt " + call + " failed");
                }
                return out.put("key", input.path("key").asText()).put("attempts", call);
            case "validate":
                int value = input.path("value").asInt();
                if (value < 0) {
                    throw new InvalidRequestException("value must be >= 0, got " + value);
                }
                return out.put("valid", true).put("doubled", 2 * value);
            case "score":
                String shard = input.path("shard").asText();
                return out.put("shard", shard).put("position", input.path("position").asInt())
                        .put("score", (shard.length() % 10) / 10.0);
            case "count-kept":
                int kept = 0;
                for (JsonNode item : input.path("items")) {
                    kept += item.path("kept").asBoolean() ? 1 : 0;
                }
                return out.put("kept", kept).put("total", input.path("items").size());
            case "double":
                return out.put("value", 2 * input.path("value").asInt());
            default:
                throw new IllegalArgumentException("no test function called " + functionName);
        }
    }

    synchronized int calls(String functionName) {
        return calls.getOrDefault(functionName, 0);
    }
}
