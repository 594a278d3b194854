package engram.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.Requests;
import engram.functions.workflow.Workflows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code engram run <workflow> --input <json|@file>}: one execution of a workflow, input as written. */
@Command(name = "run", description = "Run a workflow (training-run, on-demand-edit, batch-experiment) on this machine.")
class RunCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<workflow>", completionCandidates = WorkflowNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String workflow;

    @Option(names = "--input", required = true, paramLabel = "<json|@file>",
            description = "The execution's input: JSON text, or @path of a JSON file. A missing runId is added.")
    String input;

    RunCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() {
        if (!Workflows.NAMES.contains(workflow)) {
            throw new EngramCommand.UsageException("unknown workflow '" + workflow + "'; known: "
                    + String.join(", ", Workflows.NAMES));
        }
        JsonNode parsed = readJson(input, "--input");
        if (!(parsed instanceof ObjectNode object)) {
            throw new EngramCommand.UsageException("--input must be a JSON object");
        }
        if (!object.hasNonNull("runId")) {
            object.put("runId", runId());
        }
        String id = object.path("runId").asText();
        ExecutionResult result = engine.workflows().run(workflow, id, object, progress(0));
        return finish(result, () -> printJson(result.output()));
    }

    /** JSON text, or {@code @path} of a JSON file. */
    static JsonNode readJson(String value, String option) {
        try {
            String text = value.startsWith("@") ? Files.readString(Path.of(value.substring(1))) : value;
            return Requests.json().readTree(text);
        } catch (JsonProcessingException e) {
            throw new EngramCommand.UsageException(option + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new EngramCommand.UsageException(option + ": cannot read " + value.substring(1) + ": " + e);
        }
    }

    /** The workflows, for help and completion. */
    static final class WorkflowNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Workflows.NAMES.iterator();
        }
    }
}
