package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The embedded Step Functions runner: executes a loaded {@link StateMachine} on this machine, calling
 * a {@link TaskHandler} for every Task state. It exists because no Java library executes Amazon
 * States Language; it implements the JSONPath dialect's semantics for the states and fields that
 * {@link StateMachine} accepts, and the tests check it against npm {@code aws-local-stepfunctions}.
 *
 * <p>Executions are independent; one runner may serve several threads, but each execution runs its
 * Map iterations and Parallel branches sequentially (which honours every MaxConcurrency).
 */
public final class WorkflowRunner {
    private final TaskHandler tasks;
    private final WorkflowClock clock;

    /** A runner whose waits and retry pauses go through {@code clock}. */
    public WorkflowRunner(TaskHandler tasks, WorkflowClock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    /** A runner on the system clock. */
    public WorkflowRunner(TaskHandler tasks) {
        this(tasks, WorkflowClock.system());
    }

    /**
     * Runs {@code machine} to its end. A failed execution is a result ({@link ExecutionResult#succeeded()}
     * false, with the ASL error and cause), not an exception.
     *
     * @param executionName what {@code $$.Execution.Name} returns
     */
    public ExecutionResult run(StateMachine machine, String executionName, JsonNode input) {
        return new Execution(tasks, clock, executionName, input).run(machine);
    }
}
