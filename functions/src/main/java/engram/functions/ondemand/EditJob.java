package engram.functions.ondemand;

import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.Requests;
import engram.functions.errors.EngramException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One submitted edit: its id, when it came, and the execution that runs it.
 *
 * @param id        the edit's id (a digest of the request) and its workflow run's
 * @param submitted when the request was accepted
 * @param execution completes with the workflow's result, or exceptionally when the run could not start
 */
public record EditJob(String id, Instant submitted, CompletableFuture<ExecutionResult> execution) {

    /** What {@link #status()} answers. */
    public enum Status { RUNNING, SUCCEEDED, FAILED }

    /** {@code RUNNING} until the execution ends, then how it ended. */
    public Status status() {
        if (!execution.isDone()) {
            return Status.RUNNING;
        }
        ExecutionResult result = execution.getNow(null);
        return result != null && result.succeeded() ? Status.SUCCEEDED : Status.FAILED;
    }

    /**
     * The job as the API shows it: {@code {"id", "status", "submitted"}}, plus {@code result} (the workflow's
     * output) when it succeeded, or {@code error} (the error's simple name) and {@code message} when it failed.
     */
    public ObjectNode toJson() {
        ObjectNode json = Requests.json().createObjectNode().put("id", id).put("status", status().name())
                .put("submitted", submitted.toString());
        if (!execution.isDone()) {
            return json;
        }
        ExecutionResult result;
        try {
            result = execution.join();
        } catch (RuntimeException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            String name = cause instanceof EngramException e ? e.errorName() : "InternalError";
            return json.put("error", name).put("message", cause instanceof EngramException ? cause.getMessage()
                    : "the edit could not start; see the server log");
        }
        if (result.succeeded()) {
            json.set("result", result.output());
        } else {
            json.put("error", simpleName(result.error())).put("message", result.cause());
        }
        return json;
    }

    /** The error name without its package: Lambda-style {@code engram.functions.errors.X} reads as {@code X}. */
    public static String simpleName(String error) {
        return error == null ? null : error.startsWith("engram.") ? error.substring(error.lastIndexOf('.') + 1) : error;
    }
}
