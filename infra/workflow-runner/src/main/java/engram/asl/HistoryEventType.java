package engram.asl;

/**
 * The kinds of {@link HistoryEvent}, named after Step Functions' {@code HistoryEventType}
 * ({@link #awsName()} gives the spelling {@code GetExecutionHistory} uses, e.g. {@code TaskStateEntered}).
 */
public enum HistoryEventType {
    EXECUTION_STARTED, EXECUTION_SUCCEEDED, EXECUTION_FAILED,
    TASK_STATE_ENTERED, TASK_STATE_EXITED, TASK_SCHEDULED, TASK_SUCCEEDED, TASK_FAILED, TASK_TIMED_OUT,
    PASS_STATE_ENTERED, PASS_STATE_EXITED,
    CHOICE_STATE_ENTERED, CHOICE_STATE_EXITED,
    WAIT_STATE_ENTERED, WAIT_STATE_EXITED,
    SUCCEED_STATE_ENTERED, SUCCEED_STATE_EXITED,
    FAIL_STATE_ENTERED,
    MAP_STATE_ENTERED, MAP_STATE_EXITED, MAP_STATE_STARTED, MAP_STATE_SUCCEEDED, MAP_STATE_FAILED,
    MAP_ITERATION_STARTED, MAP_ITERATION_SUCCEEDED, MAP_ITERATION_FAILED,
    PARALLEL_STATE_ENTERED, PARALLEL_STATE_EXITED, PARALLEL_STATE_STARTED, PARALLEL_STATE_SUCCEEDED,
    PARALLEL_STATE_FAILED;

    /** The Step Functions spelling: {@code TASK_STATE_ENTERED} → {@code TaskStateEntered}. */
    public String awsName() {
        StringBuilder out = new StringBuilder();
        for (String word : name().split("_")) {
            out.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return out.toString();
    }

    /** Whether this event marks entering a state (the path of states taken is made of these). */
    public boolean isStateEntered() {
        return name().endsWith("_STATE_ENTERED");
    }

    static HistoryEventType entered(State state) {
        return valueOf(state.type().toUpperCase(java.util.Locale.ROOT) + "_STATE_ENTERED");
    }

    static HistoryEventType exited(State state) {
        return valueOf(state.type().toUpperCase(java.util.Locale.ROOT) + "_STATE_EXITED");
    }
}
