package engram.cli;

import io.quarkus.runtime.Quarkus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;

/**
 * {@code engram serve}: every function at {@code POST /<name>} and the edit API ({@code POST /edits},
 * {@code GET /edits/{id}}, {@code GET /openapi}) over HTTP, until stopped. The port is Quarkus'
 * ({@code QUARKUS_HTTP_PORT}, default 8080); the embedded model is put in the store first, so that an edit
 * request without a model works at once.
 */
@Command(name = "serve", description = "Serve every function and the on-demand edit API over HTTP until stopped.")
class ServeCommand extends BaseCommand {

    ServeCommand(Engine engine) {
        super(engine);
    }

    @Override
    public Integer call() {
        Path world = Path.of(System.getenv().getOrDefault("ENGRAM_HOME", "."),
                "models", "engram-world");
        if (Files.isRegularFile(world.resolve("config.json"))) {
            engine.inputs().model(world.toString());
        }
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        err().println("engram: serving on http://localhost:" + port + " (POST /<function>, POST /edits, GET /edits/{id},"
                + " GET /openapi); Ctrl-C stops");
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
