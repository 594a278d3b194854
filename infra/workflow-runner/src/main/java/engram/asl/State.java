package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One state of a loaded definition, already validated: every path compiled, every template parsed,
 * every transition target known. Absent optional fields are {@code null} where noted.
 */
public sealed interface State
        permits State.Task, State.Pass, State.Choice, State.Wait, State.Succeed, State.Fail, State.Map, State.Parallel {

    /** The state's name, unique within its state machine. */
    String name();

    /** The ASL {@code Type}, e.g. {@code "Task"}. */
    String type();

    /** The retriers of a Task, Map or Parallel state, in definition order; empty for the others. */
    default List<Retrier> retriers() {
        return List.of();
    }

    /** The catchers of a Task, Map or Parallel state, in definition order; empty for the others. */
    default List<Catcher> catchers() {
        return List.of();
    }

    /**
     * InputPath and OutputPath: {@code "$"} when absent, {@code null} when the definition says JSON
     * {@code null} (which selects the empty object {@code {}}).
     */
    record Filters(String inputPath, String outputPath) {
        static final Filters IDENTITY = new Filters("$", "$");
    }

    /** Where a state goes next: a state name, or the end of its state machine when {@code next} is null. */
    record Transition(String next) {
        static final Transition END = new Transition(null);
    }

    /** ResultSelector (null when absent), ResultPath and OutputPath, applied in that order. */
    record ResultHandling(PayloadTemplate resultSelector, ResultPath resultPath) {}

    /** Calls a function; {@code parameters} and {@code timeoutSeconds} are null when absent. */
    record Task(String name, Filters filters, TaskResource resource, PayloadTemplate parameters,
                ResultHandling result, Integer timeoutSeconds, List<Retrier> retriers, List<Catcher> catchers,
                Transition transition) implements State {
        @Override
        public String type() {
            return "Task";
        }
    }

    /** Passes its input on, or a fixed {@code result} (null when absent), possibly reshaped. */
    record Pass(String name, Filters filters, PayloadTemplate parameters, JsonNode result, ResultPath resultPath,
                Transition transition) implements State {
        @Override
        public String type() {
            return "Pass";
        }
    }

    /** Branches on the first matching rule; {@code defaultState} is null when absent. */
    record Choice(String name, Filters filters, List<ChoiceRule.Branch> choices, String defaultState) implements State {
        @Override
        public String type() {
            return "Choice";
        }
    }

    /** Waits; exactly one of the four duration fields is non-null. */
    record Wait(String name, Filters filters, Long seconds, String secondsPath, Instant timestamp,
                String timestampPath, Transition transition) implements State {
        @Override
        public String type() {
            return "Wait";
        }
    }

    /** Ends its state machine successfully. */
    record Succeed(String name, Filters filters) implements State {
        @Override
        public String type() {
            return "Succeed";
        }
    }

    /** Ends its state machine with an error; of each pair (error/errorPath, cause/causePath) at most one is set. */
    record Fail(String name, String error, String errorPath, String cause, String causePath) implements State {
        @Override
        public String type() {
            return "Fail";
        }
    }

    /**
     * Runs {@code processor} once per item (inline mode; iterations run one after another, which
     * satisfies any MaxConcurrency). {@code itemSelector} is null when absent.
     */
    record Map(String name, Filters filters, String itemsPath, PayloadTemplate itemSelector, int maxConcurrency,
               StateMachine processor, ResultHandling result, List<Retrier> retriers, List<Catcher> catchers,
               Transition transition) implements State {
        @Override
        public String type() {
            return "Map";
        }
    }

    /** Runs every branch on the same input (one after another) and outputs their results as an array. */
    record Parallel(String name, Filters filters, PayloadTemplate parameters, List<StateMachine> branches,
                    ResultHandling result, List<Retrier> retriers, List<Catcher> catchers, Transition transition)
            implements State {
        @Override
        public String type() {
            return "Parallel";
        }
    }
}
