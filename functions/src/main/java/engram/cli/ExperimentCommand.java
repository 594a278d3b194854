package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.ArtifactRef;
import engram.functions.api.BatchExperimentInput;
import engram.functions.api.Budget;
import engram.functions.api.Keys;
import engram.functions.api.Requests;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code engram experiment <grid.json> --budget <usd>}: the batch-experiment workflow, a grid of methods and
 * hyper-parameters under a hard cost cap; configurations that would cross the cap are skipped and listed.
 */
@Command(name = "experiment", description = "Run a grid of edit configurations under a hard cost cap (batch-experiment).")
class ExperimentCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<grid.json>",
            description = "A JSON array of {\"name\": ..., \"edit\": {method, rank, steps, ...}}.")
    Path grid;

    @Option(names = "--budget", required = true, paramLabel = "<usd>", description = "Hard cost cap in USD.")
    double budgetUsd;

    @Option(names = "--model", defaultValue = WORLD_MODEL, paramLabel = "<folder|s3://...>",
            description = "Base model. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--dataset", paramLabel = "<file|s3://...>",
            description = "The edits every configuration learns; default: 10 counterfactual edits of the embedded world.")
    String dataset;

    ExperimentCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() {
        JsonNode configurations = RunCommand.readJson("@" + grid, "<grid.json>");
        if (!configurations.isArray() || configurations.isEmpty()) {
            throw new EngramCommand.UsageException(grid + " must hold a non-empty JSON array of {name, edit}");
        }
        String id = runId();
        ArtifactRef modelRef = engine.inputs().model(model);
        ArtifactRef edits = dataset != null
                ? engine.inputs().dataset(dataset, Keys.runInput(id, Path.of(dataset).getFileName().toString()))
                : engine.inputs().lines(Keys.worldDemoExperiment(),
                        DemoCommand.spread(Path.of(model).resolve("world/items.jsonl"), 10));
        BatchExperimentInput input = new BatchExperimentInput(id, modelRef, edits,
                Requests.json().createObjectNode(), configurations, Budget.ofUsd(budgetUsd));
        ExecutionResult result = engine.workflows().run("batch-experiment", id, Requests.json().valueToTree(input),
                progress(1 + 2 * configurations.size()));
        return finish(result, () -> summary(result.output()));
    }

    private void summary(JsonNode output) {
        out().printf("%-20s %-10s %10s  %s%n", "configuration", "status", "cost", "metrics");
        for (JsonNode result : output.path("results")) {
            StringBuilder metrics = new StringBuilder();
            result.path("metrics").fields().forEachRemaining(m ->
                    metrics.append(m.getKey()).append(' ').append(Progress.number(m.getValue())).append("  "));
            out().printf("%-20s %-10s %10s  %s%n", result.path("name").asText(), result.path("status").asText(),
                    Progress.usd(result.path("costMicros").asLong()), metrics.toString().strip());
        }
        for (JsonNode skipped : output.path("skipped")) {
            out().printf("%-20s %-10s %10s%n", skipped.asText(), "SKIPPED", "-");
        }
        out().println("reserved " + Progress.usd(output.path("reservedMicros").asLong()) + " of cap "
                + Progress.usd(Budget.ofUsd(budgetUsd).capMicros()));
    }
}
