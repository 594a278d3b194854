package engram.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram eval <dataset>}: evaluate a model or an edit and write report.json/report.html ({@code run-eval}). */
@Command(name = "eval", description = "Evaluate a model, or an edit with --adapter, and write the report (run-eval).")
class EvalCommand extends FunctionCommand {

    @Option(names = "--kind", defaultValue = "EDIT", description = "EDIT, UNLEARNING or KNOWLEDGE. Default: ${DEFAULT-VALUE}.")
    String kind;

    @Option(names = "--fluency-items", description = "Items that get a fluency generation (0 skips fluency).")
    Integer fluencyItems;

    EvalCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() throws Exception {
        ObjectNode request = request(runId()).put("kind", kind);
        if (fluencyItems != null) {
            request.putObject("eval").put("fluencyItems", fluencyItems);
        }
        return call("run-eval", request, result -> {
            out().printf("%-24s %s%n", "items", result.path("items").asText());
            result.path("metrics").fields().forEachRemaining(metric ->
                    out().printf("%-24s %s%n", metric.getKey(), Progress.number(metric.getValue())));
            out().printf("%-24s %s%n", "report", where(result.path("reportHtml")));
        });
    }
}
