package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Keys;
import engram.functions.api.Requests;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A command that calls one function on a model, an optional edit folder and a dataset ({@code score}, {@code eval}). */
abstract class FunctionCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<dataset>",
            description = "Items: a local engram JSONL file (uploaded to the store) or s3://bucket/key.")
    String dataset;

    @Option(names = "--model", defaultValue = WORLD_MODEL, paramLabel = "<folder|s3://...>",
            description = "Base model: a local checkpoint folder or s3://bucket/key/. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--adapter", paramLabel = "<folder|s3://...>", description = "An edit folder written by apply-edit.")
    String editFolder;

    FunctionCommand(Engine engine) {
        super(engine);
    }

    /** The request's common part: {@code runId}, {@code model}, {@code adapter} (the edit folder) when given, {@code dataset}. */
    ObjectNode request(String id) {
        ObjectNode request = Requests.json().createObjectNode().put("runId", id);
        request.set("model", tree(engine.inputs().model(model)));
        if (editFolder != null) {
            request.set("adapter", tree(engine.inputs().editFolder(editFolder)));
        }
        String name = dataset.startsWith("s3://") ? "" : Path.of(dataset).getFileName().toString();
        request.set("dataset", tree(engine.inputs().dataset(dataset, Keys.runInput(id, name))));
        return request;
    }

    /** Calls {@code function}; prints its result as JSON or through {@code summary}. */
    int call(String function, ObjectNode request, java.util.function.Consumer<JsonNode> summary) throws Exception {
        JsonNode result = engine.workflows().call(function, request, progress(1));
        if (json) {
            printJson(result);
        } else {
            summary.accept(result);
        }
        return ExitCodes.OK;
    }

    static JsonNode tree(ArtifactRef ref) {
        return Requests.json().valueToTree(ref);
    }
}
