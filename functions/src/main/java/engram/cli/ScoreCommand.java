package engram.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code engram score <dataset>}: what a model (with an edit folder) knows of some items ({@code score-knowledge}). */
@Command(name = "score", description = "Score what a model knows of a dataset's items (score-knowledge).")
class ScoreCommand extends FunctionCommand {

    @Option(names = "--side", description = "Which target to score: TRUE (what it knows) or NEW (an edit's target). Default: the function's.")
    String side;

    ScoreCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() throws Exception {
        ObjectNode request = request(runId());
        if (side != null) {
            request.putObject("scoring").put("side", side);
        }
        return call("score-knowledge", request, result -> {
            for (String field : new String[] {"items", "known", "partlyKnown", "unknown", "meanTokenAccuracy",
                    "meanLogProbability"}) {
                out().printf("%-20s %s%n", field, Progress.number(result.path(field)));
            }
            out().printf("%-20s %s%n", "scores", where(result.path("scores")));
        });
    }
}
