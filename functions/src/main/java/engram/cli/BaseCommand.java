package engram.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** What every engram command shares: the engine, {@code --json}, {@code --quiet}, {@code --run-id}, output helpers. */
abstract class BaseCommand implements Callable<Integer> {
    /** The embedded model folder: {@code $ENGRAM_HOME/models/engram-world} (the wrapper sets ENGRAM_HOME). */
    static final String WORLD_MODEL = "${env:ENGRAM_HOME:-.}/models/engram-world";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the result as JSON on stdout (progress stays on stderr).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--run-id", description = "The run's id (outputs go under runs/<id>/); default <command>-<time>.")
    String runId;

    final Engine engine;

    BaseCommand(Engine engine) {
        this.engine = engine;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** {@code --run-id}, or the command's name and the local time. */
    String runId() {
        return runId != null ? runId
                : spec.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /** Progress on stderr, or none with {@code --quiet}. */
    Progress progress(int expectedSteps) {
        return new Progress(quiet ? new PrintWriter(PrintWriter.nullWriter()) : err(), expectedSteps);
    }

    /** Prints a finished execution as {@code --json} wants it, or its error for people; returns its exit code. */
    int finish(ExecutionResult result, Runnable humanSummary) {
        if (json) {
            ObjectNode envelope = Requests.json().createObjectNode().put("runId", result.executionName())
                    .put("status", result.status());
            if (result.succeeded()) {
                envelope.set("output", result.output());
            } else {
                envelope.put("error", result.error()).put("cause", result.cause());
            }
            printJson(envelope);
        } else if (result.succeeded()) {
            humanSummary.run();
        } else {
            err().println("engram: workflow " + result.status() + ": " + result.error() + ": " + result.cause());
        }
        return ExitCodes.forExecution(result);
    }

    void printJson(JsonNode node) {
        try {
            out().println(Requests.json().writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree must serialise", e);
        }
    }

    /** A reference as a person wants to see it: the local file when the store is a folder, else its URI. */
    String where(JsonNode ref) {
        if (ref == null || ref.isMissingNode() || ref.isNull()) {
            return "-";
        }
        ArtifactRef artifact = Requests.json().convertValue(ref, ArtifactRef.class);
        return engine.inputs().localFile(artifact).map(Object::toString).orElse(artifact.uri());
    }
}
