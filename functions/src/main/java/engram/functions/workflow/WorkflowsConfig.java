package engram.functions.workflow;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** Where the embedded runner finds its state machines ({@code engram.workflows.*}). */
@ConfigMapping(prefix = "engram.workflows")
public interface WorkflowsConfig {

    /**
     * A folder of {@code <name>.asl.json} definitions to use instead of the ones packaged with the functions
     * (copied from {@code infra/statemachine} at build time); unset uses the packaged ones.
     */
    Optional<Path> dir();
}
