package engram.functions.lambda;

import engram.functions.FunctionRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one function a Lambda deployment serves ({@code quarkus.funqy.export}, set per function by infra as
 * {@code QUARKUS_FUNQY_EXPORT}): at start-up it must be one the {@link FunctionRegistry} lists, so that a
 * misspelt export fails the cold start with the list of names instead of every invocation.
 */
@ApplicationScoped
class ExportedFunction {

    void check(@Observes StartupEvent start,
               @ConfigProperty(name = "quarkus.funqy.export") Optional<String> export) {
        export.ifPresent(ExportedFunction::requireRegistered);
    }

    static void requireRegistered(String export) {
        if (FunctionRegistry.named(export).isEmpty()) {
            throw new IllegalStateException("quarkus.funqy.export names '" + export + "', which is not a function of"
                    + " this artifact; its functions: " + FunctionRegistry.names());
        }
    }
}
