package engram.asl;

import java.util.List;

/**
 * One entry of a state's {@code Catch} field: on a matching error the state's raw input, merged with
 * {@code {"Error": ..., "Cause": ...}} at {@code resultPath}, goes to {@code next}.
 */
public record Catcher(List<String> errorEquals, ResultPath resultPath, String next) {

    /** Whether this catcher's ErrorEquals names {@code error}. */
    boolean matches(StateError error, boolean taskState) {
        return Retrier.errorMatches(errorEquals, error, taskState);
    }
}
