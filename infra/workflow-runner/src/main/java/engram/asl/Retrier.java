package engram.asl;

import java.time.Duration;
import java.util.List;

/**
 * One entry of a state's {@code Retry} field. Defaults follow the ASL specification: IntervalSeconds 1,
 * MaxAttempts 3, BackoffRate 2.0, no MaxDelaySeconds ({@code null}). JitterStrategy FULL is rejected at
 * load time because it is random.
 */
public record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                      Double maxDelaySeconds) {

    /** Whether this retrier's ErrorEquals names {@code error}. */
    boolean matches(StateError error, boolean taskState) {
        return Retrier.errorMatches(errorEquals, error, taskState);
    }

    /**
     * The pause before retry number {@code retriesSoFar + 1}: IntervalSeconds × BackoffRate^retriesSoFar,
     * capped at MaxDelaySeconds.
     */
    Duration delayBefore(int retriesSoFar) {
        double seconds = intervalSeconds * Math.pow(backoffRate, retriesSoFar);
        if (maxDelaySeconds != null) {
            seconds = Math.min(seconds, maxDelaySeconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * The ErrorEquals rule shared by Retry and Catch: an exact name, {@code States.ALL} (anything), or
     * {@code States.TaskFailed} (anything but {@code States.Timeout}, in a Task state).
     */
    static boolean errorMatches(List<String> errorEquals, StateError error, boolean taskState) {
        if (!error.isRecoverable()) {
            return false;
        }
        for (String name : errorEquals) {
            if (name.equals(error.error()) || name.equals("States.ALL")) {
                return true;
            }
            if (name.equals("States.TaskFailed") && taskState && !error.error().equals("States.Timeout")) {
                return true;
            }
        }
        return false;
    }
}
