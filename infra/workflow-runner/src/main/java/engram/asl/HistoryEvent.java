package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One entry of an execution's history, in the spirit of Step Functions' {@code GetExecutionHistory}.
 *
 * @param id        1-based position in the history
 * @param timestamp from the runner's {@link WorkflowClock}
 * @param type      what happened
 * @param scope     where: {@code ""} at the top level, {@code "Shards[2]/"} inside iteration 2 of Map state
 *                  {@code Shards}, {@code "Both#1/"} inside branch 1 of Parallel state {@code Both}; nested scopes concatenate
 * @param stateName the state concerned, or {@code ""} for execution-level events
 * @param details   event-specific data, e.g. {@code input}, {@code output}, {@code error}, {@code cause}, {@code index}
 */
public record HistoryEvent(int id, Instant timestamp, HistoryEventType type, String scope, String stateName,
                           JsonNode details) {

    /** This event as JSON: {@code {"id", "timestamp", "type", "scope", "stateName", "details"}}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonPaths.JSON.createObjectNode();
        json.put("id", id);
        json.put("timestamp", timestamp.toString());
        json.put("type", type.awsName());
        json.put("scope", scope);
        json.put("stateName", stateName);
        json.set("details", details);
        return json;
    }
}
