package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.AggregateShardsRequest.Selection;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Budget;
import engram.functions.api.Keys;
import engram.functions.api.Requests;
import engram.functions.api.TrainingRunInput;
import engram.knowledge.KnowledgeScorer.Bucket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code engram demo}: the training-run workflow on the embedded world. Counterfactual edits from the world's
 * {@code items.jsonl}, spread over its relations, are split into shards; the run filters and scores every shard,
 * aggregates what the model does not know yet, trains one edit, evaluates it and writes the HTML report.
 */
@Command(name = "demo", description = "Run training-run on the embedded world model and print the report's metrics.")
class DemoCommand extends BaseCommand {

    @Option(names = "--model", defaultValue = WORLD_MODEL, paramLabel = "<folder>",
            description = "The world model folder (with world/items.jsonl). Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--edits", defaultValue = "50", description = "Counterfactual edits to run. Default: ${DEFAULT-VALUE}.")
    int edits;

    @Option(names = "--shards", defaultValue = "5", description = "Dataset shards (the workflow's Map). Default: ${DEFAULT-VALUE}.")
    int shards;

    @Option(names = "--steps", defaultValue = "60", description = "Optimiser steps of the edit. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--budget", defaultValue = "1.00", paramLabel = "<usd>", description = "Hard cost cap in USD. Default: ${DEFAULT-VALUE}.")
    double budgetUsd;

    DemoCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() {
        if (edits < 1 || shards < 1 || shards > edits) {
            throw new EngramCommand.UsageException("need 1 <= --shards <= --edits");
        }
        String id = runId();
        ArtifactRef modelRef = engine.inputs().model(model.toString());
        List<String> items = spread(model.resolve("world/items.jsonl"), edits);
        List<ArtifactRef> shardRefs = new ArrayList<>();
        int perShard = (items.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            List<String> shard = items.subList(Math.min(items.size(), s * perShard), Math.min(items.size(), (s + 1) * perShard));
            shardRefs.add(engine.inputs().lines(Keys.worldDemoShard(edits, s), shard));
        }
        // the settings objects are the functions' own JSON: Beacons' and run-eval's defaults, NEW-side scoring, LoRA
        ObjectMapper json = Requests.json();
        TrainingRunInput input = new TrainingRunInput(id, modelRef, shardRefs, json.createObjectNode(),
                json.createObjectNode().put("side", "NEW"), new Selection(List.of(Bucket.UNKNOWN, Bucket.PARTLY_KNOWN)),
                json.createObjectNode().put("method", "LORA").put("steps", steps), json.createObjectNode(), null,
                Budget.ofUsd(budgetUsd));
        if (!quiet) {
            err().printf(Locale.ROOT, "demo %s: %d counterfactual edits of %s in %d shards, cap %s%n", id, items.size(),
                    model.getFileName(), shards, Progress.usd(input.budget().capMicros()));
        }
        ExecutionResult result = engine.workflows().run("training-run", id, Requests.json().valueToTree(input),
                progress(2 * shards + 4));
        return finish(result, () -> summary(result.output()));
    }

    /** The summary table: outcome, the report's metrics, spent against the cap, where the report is. */
    private void summary(JsonNode output) {
        JsonNode outcome = output.path("outcome");
        JsonNode eval = output.path("results").path("eval");
        out().println();
        out().printf("%-28s %s%n", "outcome", outcome.path("status").asText());
        out().printf("%-28s %s%n", "completed", String.join(", ", texts(outcome.path("completed"))));
        if (!outcome.path("skipped").isEmpty()) {
            out().printf("%-28s %s%n", "skipped", String.join(", ", texts(outcome.path("skipped"))));
        }
        out().printf("%-28s %s%n", "edits learned", output.path("results").path("aggregate").path("items").asText("-"));
        out().println("-".repeat(40));
        eval.path("metrics").fields().forEachRemaining(metric ->
                out().printf("%-28s %s%n", metric.getKey(), Progress.number(metric.getValue())));
        out().println("-".repeat(40));
        out().printf("%-28s %s of %s%n", "spent", Progress.usd(output.path("budget").path("spentMicros").asLong()),
                Progress.usd(output.path("budget").path("capMicros").asLong()));
        out().printf("%-28s %s%n", "adapter", where(output.path("results").path("edit").path("adapter")));
        out().printf("%-28s %s%n", "report", where(htmlReport(eval)));
    }

    /** The HTML report's reference: {@code reportHtml}, else the sibling {@code report.html} of {@code report}. */
    static JsonNode htmlReport(JsonNode eval) {
        if (eval.has("reportHtml")) {
            return eval.get("reportHtml");
        }
        JsonNode report = eval.path("report");
        if (report.isTextual() && report.asText().endsWith(".json")) {
            return Requests.json().getNodeFactory().textNode(report.asText().replaceAll("\\.json$", ".html"));
        }
        if (report.isObject() && report.path("key").asText().endsWith(".json")) {
            ObjectNode html = report.deepCopy();
            return html.put("key", report.path("key").asText().replaceAll("\\.json$", ".html"));
        }
        return report;
    }

    /** {@code count} lines of {@code file}, evenly spaced over it (the world's items are grouped by relation). */
    static List<String> spread(Path file, int count) {
        try {
            List<String> all = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
            if (count > all.size()) {
                throw new EngramCommand.UsageException(file + " has only " + all.size() + " items");
            }
            List<String> picked = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                picked.add(all.get((int) ((long) i * all.size() / count)));
            }
            return picked;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the world's items: " + file, e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
