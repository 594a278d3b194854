package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.ondemand.EditSubmission;
import engram.functions.ondemand.OnDemandEdit;
import engram.functions.config.EngramConfig;
import engram.functions.workflow.LocalInputs;
import engram.functions.workflow.StepListener;
import engram.functions.workflow.Workflows;
import engram.workflow.ExecutionResult;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The {@link Engine} of the running application: the CDI beans behind the functions and workflows. */
@ApplicationScoped
public class QuarkusEngine implements Engine {
    @Inject LocalInputs inputs;
    @Inject Workflows workflows;
    @Inject OnDemandEdit edits;
    @Inject EngramConfig config;

    @Override
    public ArtifactRef model(String location) {
        return inputs.model(location);
    }

    @Override
    public ArtifactRef editFolder(String location) {
        return inputs.editFolder(location);
    }

    @Override
    public ArtifactRef dataset(String location, String key) {
        return inputs.dataset(location, key);
    }

    @Override
    public ArtifactRef lines(String key, List<String> lines) {
        return inputs.lines(key, lines);
    }

    @Override
    public ExecutionResult workflow(String name, String runId, JsonNode input, StepListener listener) {
        return workflows.run(name, runId, input, listener);
    }

    @Override
    public JsonNode function(String name, JsonNode input, StepListener listener) throws Exception {
        return workflows.call(name, input, listener);
    }

    @Override
    public EditSubmission validate(EditSubmission submission) {
        return edits.validate(submission);
    }

    @Override
    public ExecutionResult edit(EditSubmission validated, StepListener listener) {
        return edits.run(validated, listener);
    }

    @Override
    public Optional<Path> localFile(ArtifactRef ref) {
        if (config.store().kind() != EngramConfig.Kind.LOCAL || ref == null || ref.key() == null) {
            return Optional.empty();
        }
        String bucket = ref.bucket() == null || ref.bucket().isEmpty() ? config.store().bucket() : ref.bucket();
        return Optional.of(config.store().localRoot().toAbsolutePath().resolve(bucket).resolve(ref.key()).normalize());
    }

    @Override
    public void serve() {
        Quarkus.waitForExit();
    }
}
