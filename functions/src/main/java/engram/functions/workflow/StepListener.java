package engram.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Hears about every function call a workflow makes while it runs (the CLI's progress lines). Called on the
 * thread that runs the execution; a listener must not throw.
 */
public interface StepListener {

    /** Nobody listens. */
    StepListener NONE = new StepListener() {};

    /** {@code function} is about to be called with {@code input} (after the state's Parameters). */
    default void started(String function, JsonNode input) {}

    /** {@code function} answered {@code output} after {@code took}. */
    default void succeeded(String function, JsonNode output, Duration took) {}

    /** {@code function} failed with {@code error} after {@code took}; the workflow may retry or catch it. */
    default void failed(String function, Throwable error, Duration took) {}
}
