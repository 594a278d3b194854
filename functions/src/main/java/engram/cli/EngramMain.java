package engram.cli;

import engram.functions.ondemand.OnDemandEdit;
import engram.functions.workflow.LocalInputs;
import engram.functions.workflow.Workflows;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintWriter;

/**
 * The application's entry point: {@code java -jar quarkus-run.jar <command> ...} runs an engram CLI command
 * ({@link EngramCommand}); without arguments it serves over HTTP, as the container images expect.
 */
@QuarkusMain
public class EngramMain implements QuarkusApplication {
    @Inject LocalInputs inputs;
    @Inject Workflows workflows;
    @Inject OnDemandEdit edits;

    @Override
    public int run(String... args) {
        String[] command = args.length == 0 ? new String[] {"serve"} : args;
        return EngramCommand.execute(new Engine(inputs, workflows, edits), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                command);
    }
}
