package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of a state machine: the interpreter and its history. Input processing follows the ASL order:
 * InputPath → Parameters/ItemSelector → the state's work → ResultSelector → ResultPath (into the raw
 * input) → OutputPath. Map iterations and Parallel branches run one after another on the calling thread.
 */
final class Execution {
    /** Only Task states with TimeoutSeconds run on another thread, so that the wait can be bounded. */
    private static final ExecutorService TIMED_TASKS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "workflow-task");
        thread.setDaemon(true);
        return thread;
    });

    private final TaskHandler tasks;
    private final WorkflowClock clock;
    private final String executionName;
    private final JsonNode executionInput;
    private final Instant startTime;
    private final List<HistoryEvent> history = new ArrayList<>();

    private record Step(JsonNode output, String next) {}

    Execution(TaskHandler tasks, WorkflowClock clock, String executionName, JsonNode input) {
        this.tasks = tasks;
        this.clock = clock;
        this.executionName = executionName;
        this.executionInput = input;
        this.startTime = clock.now();
    }

    ExecutionResult run(StateMachine machine) {
        record(HistoryEventType.EXECUTION_STARTED, "", "", details().set("input", executionInput));
        try {
            JsonNode output = runMachine(machine, executionInput, "");
            record(HistoryEventType.EXECUTION_SUCCEEDED, "", "", details().set("output", output));
            return new ExecutionResult(executionName, true, output, null, null, List.copyOf(history));
        } catch (StateError failure) {
            record(HistoryEventType.EXECUTION_FAILED, "", "", errorDetails(failure));
            return new ExecutionResult(executionName, false, null, failure.error(), failure.errorCause(), List.copyOf(history));
        }
    }

    private JsonNode runMachine(StateMachine machine, JsonNode input, String scope) {
        State state = machine.state(machine.startAt());
        JsonNode data = input;
        while (true) {
            Step step = runState(state, data, scope);
            if (step.next() == null) {
                return step.output();
            }
            state = machine.state(step.next());
            data = step.output();
        }
    }

    private Step runState(State state, JsonNode rawInput, String scope) {
        Instant entered = clock.now();
        record(HistoryEventType.entered(state), scope, state.name(), details().set("input", rawInput));
        Step step;
        if (state instanceof State.Fail fail) {
            throw failWith(fail, rawInput, context(state, entered, 0));
        } else if (state instanceof State.Choice choice) {
            step = choose(choice, rawInput, context(state, entered, 0));
        } else if (state instanceof State.Succeed succeed) {
            JsonNode context = context(state, entered, 0);
            JsonNode effective = JsonPaths.read(succeed.filters().inputPath(), rawInput, context);
            step = new Step(JsonPaths.read(succeed.filters().outputPath(), effective, context), null);
        } else {
            step = withRetryAndCatch(state, rawInput, scope, entered);
        }
        record(HistoryEventType.exited(state), scope, state.name(), details().set("output", step.output()));
        return step;
    }

    private Step withRetryAndCatch(State state, JsonNode rawInput, String scope, Instant entered) {
        boolean taskState = state instanceof State.Task;
        int[] retriesPerRetrier = new int[state.retriers().size()];
        int retryCount = 0;
        while (true) {
            try {
                JsonNode output = work(state, rawInput, scope, context(state, entered, retryCount));
                return new Step(output, DefinitionParser.transitionOf(state).next());
            } catch (StateError failure) {
                Duration pause = retryPause(state, failure, retriesPerRetrier, taskState);
                if (pause != null) {
                    sleep(pause);
                    retryCount++;
                    continue;
                }
                for (Catcher catcher : state.catchers()) {
                    if (catcher.matches(failure, taskState)) {
                        ObjectNode errorOutput = JsonPaths.JSON.createObjectNode()
                                .put("Error", failure.error()).put("Cause", failure.errorCause());
                        return new Step(catcher.resultPath().apply(rawInput, errorOutput), catcher.next());
                    }
                }
                throw failure;
            }
        }
    }

    /** The pause before the next attempt, or null when no retrier applies or the matching one is spent. */
    private static Duration retryPause(State state, StateError failure, int[] retriesPerRetrier, boolean taskState) {
        for (int i = 0; i < retriesPerRetrier.length; i++) {
            Retrier retrier = state.retriers().get(i);
            if (retrier.matches(failure, taskState)) {
                if (retriesPerRetrier[i] >= retrier.maxAttempts()) {
                    return null; // the first matching retrier decides, even when it has no attempts left
                }
                return retrier.delayBefore(retriesPerRetrier[i]++);
            }
        }
        return null;
    }

    private JsonNode work(State state, JsonNode rawInput, String scope, JsonNode context) {
        if (state instanceof State.Task task) {
            return task(task, rawInput, scope, context);
        } else if (state instanceof State.Pass pass) {
            JsonNode effective = effectiveInput(pass.filters(), pass.parameters(), rawInput, context);
            JsonNode result = pass.result() != null ? pass.result().deepCopy() : effective;
            return JsonPaths.read(pass.filters().outputPath(), pass.resultPath().apply(rawInput, result), context);
        } else if (state instanceof State.Wait wait) {
            JsonNode effective = JsonPaths.read(wait.filters().inputPath(), rawInput, context);
            sleep(waitDuration(wait, effective, context));
            return JsonPaths.read(wait.filters().outputPath(), effective, context);
        } else if (state instanceof State.Map map) {
            return map(map, rawInput, scope, context);
        } else if (state instanceof State.Parallel parallel) {
            return parallel(parallel, rawInput, scope, context);
        }
        throw new IllegalStateException("unreachable: " + state.type() + " has no work of its own");
    }

    private JsonNode task(State.Task task, JsonNode rawInput, String scope, JsonNode context) {
        JsonNode effective = effectiveInput(task.filters(), task.parameters(), rawInput, context);
        String function = task.resource().functionName();
        JsonNode payload = effective;
        if (task.resource().isLambdaInvoke()) {
            function = TaskResource.functionNameOf(effective.path("FunctionName").asText());
            payload = effective.has("Payload") ? effective.get("Payload") : JsonPaths.JSON.createObjectNode();
        }
        record(HistoryEventType.TASK_SCHEDULED, scope, task.name(),
                details().put("resource", task.resource().arn()).put("function", function).set("parameters", payload));
        JsonNode result;
        try {
            result = invoke(function, payload, task.timeoutSeconds());
        } catch (StateError failure) {
            boolean timedOut = failure.error().equals("States.Timeout");
            record(timedOut ? HistoryEventType.TASK_TIMED_OUT : HistoryEventType.TASK_FAILED, scope, task.name(),
                    errorDetails(failure));
            throw failure;
        }
        record(HistoryEventType.TASK_SUCCEEDED, scope, task.name(), details().set("output", result));
        if (task.resource().isLambdaInvoke()) {
            ObjectNode wrapped = JsonPaths.JSON.createObjectNode().put("ExecutedVersion", "$LATEST");
            wrapped.set("Payload", result);
            result = wrapped.put("StatusCode", 200);
        }
        return finish(task.result(), task.filters(), rawInput, result, context);
    }

    private JsonNode invoke(String function, JsonNode payload, Integer timeoutSeconds) {
        Callable<JsonNode> call = () -> tasks.invoke(function, payload.deepCopy());
        try {
            JsonNode result;
            if (timeoutSeconds == null) {
                result = call.call();
            } else {
                Future<JsonNode> running = TIMED_TASKS.submit(call);
                try {
                    result = running.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (TimeoutException late) {
                    running.cancel(true);
                    throw new StateError("States.Timeout", "Task '" + function + "' ran longer than " + timeoutSeconds + " s");
                } catch (ExecutionException failed) {
                    throw StateError.fromTaskException(failed.getCause());
                }
            }
            return result == null ? NullNode.getInstance() : result;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("execution " + executionName + " interrupted");
        } catch (Exception failure) {
            throw StateError.fromTaskException(failure);
        }
    }

    private JsonNode map(State.Map map, JsonNode rawInput, String scope, JsonNode context) {
        JsonNode effective = JsonPaths.read(map.filters().inputPath(), rawInput, context);
        JsonNode items = map.itemsPath() == null ? effective : JsonPaths.read(map.itemsPath(), effective, context);
        if (!items.isArray()) {
            throw StateError.runtime("Map state '" + map.name() + "': items must be an array, got " + items);
        }
        record(HistoryEventType.MAP_STATE_STARTED, scope, map.name(), details().put("length", items.size()));
        ArrayNode results = JsonPaths.JSON.createArrayNode();
        for (int index = 0; index < items.size(); index++) {
            ObjectNode itemContext = ((ObjectNode) context).deepCopy();
            itemContext.putObject("Map").putObject("Item").put("Index", index).set("Value", items.get(index));
            JsonNode itemInput = map.itemSelector() == null ? items.get(index) : map.itemSelector().evaluate(effective, itemContext);
            record(HistoryEventType.MAP_ITERATION_STARTED, scope, map.name(), details().put("index", index));
            try {
                results.add(runMachine(map.processor(), itemInput, scope + map.name() + "[" + index + "]/"));
            } catch (StateError failure) {
                record(HistoryEventType.MAP_ITERATION_FAILED, scope, map.name(), errorDetails(failure).put("index", index));
                record(HistoryEventType.MAP_STATE_FAILED, scope, map.name(), errorDetails(failure));
                throw failure;
            }
            record(HistoryEventType.MAP_ITERATION_SUCCEEDED, scope, map.name(), details().put("index", index));
        }
        record(HistoryEventType.MAP_STATE_SUCCEEDED, scope, map.name(), details());
        return finish(map.result(), map.filters(), rawInput, results, context);
    }

    private JsonNode parallel(State.Parallel parallel, JsonNode rawInput, String scope, JsonNode context) {
        JsonNode effective = effectiveInput(parallel.filters(), parallel.parameters(), rawInput, context);
        record(HistoryEventType.PARALLEL_STATE_STARTED, scope, parallel.name(), details());
        ArrayNode results = JsonPaths.JSON.createArrayNode();
        for (int branch = 0; branch < parallel.branches().size(); branch++) {
            try {
                results.add(runMachine(parallel.branches().get(branch), effective, scope + parallel.name() + "#" + branch + "/"));
            } catch (StateError failure) {
                record(HistoryEventType.PARALLEL_STATE_FAILED, scope, parallel.name(), errorDetails(failure));
                throw failure;
            }
        }
        record(HistoryEventType.PARALLEL_STATE_SUCCEEDED, scope, parallel.name(), details());
        return finish(parallel.result(), parallel.filters(), rawInput, results, context);
    }

    private Step choose(State.Choice choice, JsonNode rawInput, JsonNode context) {
        JsonNode effective = JsonPaths.read(choice.filters().inputPath(), rawInput, context);
        String next = choice.defaultState();
        for (ChoiceRule.Branch branch : choice.choices()) {
            if (branch.rule().matches(effective, context)) {
                next = branch.next();
                break;
            }
        }
        if (next == null) {
            throw new StateError("States.NoChoiceMatched", "No Choice rule of state '" + choice.name()
                    + "' matched the input and it has no Default");
        }
        return new Step(JsonPaths.read(choice.filters().outputPath(), effective, context), next);
    }

    private static StateError failWith(State.Fail fail, JsonNode rawInput, JsonNode context) {
        String error = fail.errorPath() != null ? JsonPaths.read(fail.errorPath(), rawInput, context).asText() : fail.error();
        String cause = fail.causePath() != null ? JsonPaths.read(fail.causePath(), rawInput, context).asText() : fail.cause();
        return new StateError(error == null ? "" : error, cause == null ? "" : cause);
    }

    private Duration waitDuration(State.Wait wait, JsonNode effective, JsonNode context) {
        if (wait.seconds() != null) {
            return Duration.ofSeconds(wait.seconds());
        }
        if (wait.secondsPath() != null) {
            JsonNode seconds = JsonPaths.read(wait.secondsPath(), effective, context);
            if (!seconds.canConvertToLong() || !seconds.isIntegralNumber() || seconds.longValue() < 0) {
                throw StateError.runtime("Wait state '" + wait.name() + "': SecondsPath must select a non-negative integer, got " + seconds);
            }
            return Duration.ofSeconds(seconds.longValue());
        }
        Instant until = wait.timestamp();
        if (until == null) {
            JsonNode timestamp = JsonPaths.read(wait.timestampPath(), effective, context);
            try {
                until = OffsetDateTime.parse(timestamp.asText()).toInstant();
            } catch (DateTimeParseException invalid) {
                throw StateError.runtime("Wait state '" + wait.name() + "': TimestampPath must select an RFC 3339 timestamp, got " + timestamp);
            }
        }
        Duration remaining = Duration.between(clock.now(), until);
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    private static JsonNode effectiveInput(State.Filters filters, PayloadTemplate parameters, JsonNode rawInput, JsonNode context) {
        JsonNode input = JsonPaths.read(filters.inputPath(), rawInput, context);
        return parameters == null ? input : parameters.evaluate(input, context);
    }

    private static JsonNode finish(State.ResultHandling handling, State.Filters filters, JsonNode rawInput, JsonNode result,
                                   JsonNode context) {
        JsonNode selected = handling.resultSelector() == null ? result : handling.resultSelector().evaluate(result, context);
        return JsonPaths.read(filters.outputPath(), handling.resultPath().apply(rawInput, selected), context);
    }

    /** The context object ({@code $$}) a state sees: Execution, State and, inside an ItemSelector, Map. */
    private JsonNode context(State state, Instant entered, int retryCount) {
        ObjectNode context = JsonPaths.JSON.createObjectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", "engram:execution:" + executionName).put("Name", executionName)
                .put("StartTime", startTime.toString()).set("Input", executionInput);
        context.putObject("State").put("Name", state.name()).put("EnteredTime", entered.toString()).put("RetryCount", retryCount);
        return context;
    }

    private void sleep(Duration duration) {
        try {
            clock.sleep(duration);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CancellationException("execution " + executionName + " interrupted");
        }
    }

    private void record(HistoryEventType type, String scope, String stateName, ObjectNode details) {
        history.add(new HistoryEvent(history.size() + 1, clock.now(), type, scope, stateName, details));
    }

    private static ObjectNode details() {
        return JsonPaths.JSON.createObjectNode();
    }

    private static ObjectNode errorDetails(StateError failure) {
        return details().put("error", failure.error()).put("cause", failure.errorCause());
    }
}
