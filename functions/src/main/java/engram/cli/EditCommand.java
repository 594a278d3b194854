package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import engram.asl.ExecutionResult;
import engram.functions.api.EditParams;
import engram.functions.api.EvalParams;
import engram.functions.ondemand.EditSubmission;
import engram.functions.ondemand.OnDemandEdit;
import engram.knowledge.edit.EditMethod;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code engram edit "<prompt>" --target "<new>"}: the on-demand-edit workflow for one fact, exactly as
 * {@code POST /edits} runs it (same request, same id).
 */
@Command(name = "edit", description = "Write one fact into a model (on-demand-edit: apply-edit, quick eval, publish).")
class EditCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "<prompt>", description = "The text the model continues.")
    String prompt;

    @Option(names = "--target", required = true, paramLabel = "<new>",
            description = "The new continuation; a leading space is added unless it starts with whitespace.")
    String target;

    @Option(names = "--true", paramLabel = "<old>", description = "The current answer (lets the evaluation measure the margin).")
    String targetTrue;

    @Option(names = "--model", defaultValue = WORLD_MODEL, paramLabel = "<folder|s3://...>",
            description = "Base model: a local checkpoint folder (uploaded to the store) or s3://bucket/key/. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--method", defaultValue = "LORA", description = "One of: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    EditMethod method;

    @Option(names = "--steps", description = "Optimiser steps (default: the method's).")
    Integer steps;

    @Option(names = "--rank", description = "LoRA rank (default: the method's).")
    Integer rank;

    @Option(names = "--learning-rate", description = "Learning rate (default: the method's).")
    Float learningRate;

    @Option(names = "--seed", description = "Seed of data order and initialisation.")
    Long seed;

    @Option(names = "--fluency-items", description = "Items the quick evaluation generates from to measure fluency (0 skips it; default: run-eval's).")
    Integer fluencyItems;

    @Option(names = "--min-efficacy", description = "Publish the edit at this efficacy or above (default: engram.api.min-efficacy).")
    Double minEfficacy;

    @Option(names = "--budget", paramLabel = "<usd>", description = "Hard cost cap in USD (default: engram.api.default-budget-usd).")
    Double budgetUsd;

    EditCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() {
        String exactTarget = target.isEmpty() || Character.isWhitespace(target.charAt(0)) ? target : " " + target;
        EditParams params = new EditParams(method, null, rank, null, null, null, null, learningRate, steps, null, null,
                null, null, seed);
        EditSubmission validated = engine.edits().validate(new EditSubmission(engine.inputs().model(model), null, null,
                List.of(new EditSubmission.Fact(prompt, exactTarget, targetTrue, null)), params,
                new EvalParams(null, fluencyItems, null, null, null), minEfficacy, budgetUsd));
        if (!quiet) {
            err().println("edit " + OnDemandEdit.id(validated) + ": \"" + prompt + "\" ->\"" + exactTarget + "\"");
        }
        ExecutionResult result = engine.edits().run(validated, progress(3));
        return finish(result, () -> summary(result.output()));
    }

    private void summary(JsonNode output) {
        JsonNode outcome = output.path("outcome");
        out().println("outcome   " + outcome.path("status").asText());
        JsonNode edit = output.path("results").path("edit");
        out().println("adapter   " + where(outcome.has("adapter") ? outcome.path("adapter") : edit.path("adapter")));
        output.path("results").path("eval").path("metrics").fields().forEachRemaining(metric ->
                out().printf("%-9s %s%n", metric.getKey(), Progress.number(metric.getValue())));
        out().println("spent     " + Progress.usd(output.path("budget").path("spentMicros").asLong()) + " of "
                + Progress.usd(output.path("budget").path("capMicros").asLong()));
    }
}
