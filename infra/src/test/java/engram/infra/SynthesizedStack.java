package engram.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesised once for all tests (the first jsii start costs seconds): a placeholder
 * function.zip, the test ASL fixtures plus every file in infra/statemachine/, in a temporary folder.
 */
final class SynthesizedStack {

    static final Path REPOSITORY_DEFINITIONS = Path.of("statemachine");
    static final Path FIXTURE_DEFINITIONS = Path.of("src/test/resources/statemachine");

    private static Template template;
    private static Path definitions;

    private SynthesizedStack() {
    }

    static synchronized Template template() {
        if (template == null) {
            template = Template.fromStack(stack(Map.of()));
        }
        return template;
    }

    /** A fresh stack over the shared folder, with extra context values (for the variations). */
    static EngramStack stack(Map<String, Object> extraContext) {
        try {
            Path work = Files.createTempDirectory("engram-infra-test");
            if (definitions == null) {
                definitions = Files.createDirectories(work.resolve("statemachine"));
                for (Path folder : new Path[] {REPOSITORY_DEFINITIONS, FIXTURE_DEFINITIONS}) {
                    for (Path file : StateMachines.definitionFiles(folder)) {
                        Files.copy(file, definitions.resolve(file.getFileName()));
                    }
                }
            }
            Map<String, Object> context = new java.util.HashMap<>(Map.of(
                    "functionsZip", placeholderZip(work).toString(),
                    "stateMachineDir", definitions.toString(),
                    "editStateMachine", "test-on-demand-edit",
                    "alarmEmail", "ops@example.com",
                    "monthlyBudgetUsd", "50"));
            context.putAll(extraContext);
            App app = new App(AppProps.builder().context(context).outdir(work.resolve("cdk.out").toString()).build());
            return new EngramStack(app, "Engram", StackProps.builder()
                    .env(Environment.builder().account("123456789012").region("eu-west-1").build()).build(),
                    DeploymentSettings.from(app.getNode()));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Stands in for functions/target/function.zip (158 MB), which the infra tests do not need. */
    private static Path placeholderZip(Path folder) throws IOException {
        Path zip = folder.resolve("function.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry("lib/placeholder.txt"));
            entries.write("the real artifact comes from ./mvnw -Dlambda package -pl functions".getBytes());
            entries.closeEntry();
        }
        return zip;
    }
}
