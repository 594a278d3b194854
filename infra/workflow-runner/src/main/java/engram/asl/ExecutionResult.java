package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How an execution ended. On success {@code output} is set and {@code error}/{@code cause} are null;
 * on failure the reverse.
 *
 * @param history every event in order; see {@link #statesEntered()} and {@link #historyJson()}
 */
public record ExecutionResult(String executionName, boolean succeeded, JsonNode output, String error, String cause,
                              List<HistoryEvent> history) {

    /** {@code "SUCCEEDED"} or {@code "FAILED"}, as Step Functions reports an execution's status. */
    public String status() {
        return succeeded ? "SUCCEEDED" : "FAILED";
    }

    /** The path of states taken: {@code scope + stateName} of every state entered, in order. */
    public List<String> statesEntered() {
        return history.stream().filter(event -> event.type().isStateEntered())
                .map(event -> event.scope() + event.stateName()).toList();
    }

    /** The history as JSON: {@code {"executionName", "status", "events": [...]}}. */
    public ObjectNode historyJson() {
        ObjectNode json = JsonPaths.JSON.createObjectNode();
        json.put("executionName", executionName);
        json.put("status", status());
        ArrayNode events = json.putArray("events");
        history.forEach(event -> events.add(event.toJson()));
        return json;
    }
}
