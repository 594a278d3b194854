package engram.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import engram.asl.ExecutionResult;
import engram.asl.StateMachine;
import engram.asl.TaskHandler;
import engram.asl.WorkflowRunner;
import engram.functions.errors.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * The one way the CLI and the edit API run a workflow on this machine: loads the named definition (the same
 * {@code infra/statemachine/<name>.asl.json} that Step Functions runs), and executes it with the embedded runner
 * against the functions in this process, telling a {@link StepListener} about every call.
 */
@ApplicationScoped
public class Workflows {
    /** The workflows the repository defines. */
    public static final List<String> NAMES = List.of("training-run", "on-demand-edit", "batch-experiment");

    @Inject InProcessFunctions functions;
    @Inject WorkflowsConfig config;

    /**
     * Runs workflow {@code name} to its end. A failed execution is a result, not an exception.
     *
     * @param executionName the execution's name ({@code $$.Execution.Name}); callers pass the run id
     * @throws InvalidRequestException when {@code name} is not a workflow
     */
    public ExecutionResult run(String name, String executionName, JsonNode input, StepListener listener) {
        String json = definition(name);
        StateMachine machine = StateMachine.parse(json, StateMachine.localFunctionNames(json));
        return new WorkflowRunner(listening(functions, listener)).run(machine, executionName, input);
    }

    /** Calls one function directly (no workflow), as a Task would; its exceptions propagate. */
    public JsonNode call(String function, JsonNode input, StepListener listener) throws Exception {
        return listening(functions, listener).invoke(function, input);
    }

    /** The definition's JSON text. */
    String definition(String name) {
        if (!NAMES.contains(name)) {
            throw new InvalidRequestException("workflow", name, "unknown workflow; known: " + String.join(", ", NAMES));
        }
        String file = name + ".asl.json";
        try {
            if (config.dir().isPresent()) {
                return Files.readString(config.dir().get().resolve(file));
            }
            try (InputStream in = Workflows.class.getResourceAsStream("/statemachine/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("statemachine/" + file + " is not packaged with the functions");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the definition of " + name, e);
        }
    }

    /** {@code tasks}, with {@code listener} told about each call. */
    static TaskHandler listening(TaskHandler tasks, StepListener listener) {
        return (function, input) -> {
            long start = System.nanoTime();
            listener.started(function, input);
            try {
                JsonNode output = tasks.invoke(function, input);
                listener.succeeded(function, output, Duration.ofNanos(System.nanoTime() - start));
                return output;
            } catch (Exception | Error e) {
                listener.failed(function, e, Duration.ofNanos(System.nanoTime() - start));
                throw e;
            }
        };
    }
}
