package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the function behind a {@code Task} state. The runner resolves the state's {@code Resource} to a
 * function name (see {@link TaskResource}) and hands over the state's effective input.
 *
 * <p>A failure is any exception: its fully qualified class name becomes the ASL error name and its message the
 * cause, as with the Lambda integration; throw {@link StateError} to pick the name explicitly.
 */
@FunctionalInterface
public interface TaskHandler {

    /**
     * @param functionName the function the resource names, e.g. {@code score-knowledge}
     * @param input        the effective input (after InputPath and Parameters); do not modify it
     * @return the task's result, before ResultSelector/ResultPath/OutputPath
     */
    JsonNode invoke(String functionName, JsonNode input) throws Exception;
}
