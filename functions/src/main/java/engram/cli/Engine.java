package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.ondemand.EditSubmission;
import engram.functions.workflow.StepListener;
import engram.workflow.ExecutionResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the commands need from the running application: the store, the workflows and the functions. The
 * application's implementation is {@link QuarkusEngine}; tests of the command line give a stand-in.
 */
public interface Engine {

    /** A model folder: {@code s3://...} as it is, a local checkpoint folder uploaded to the store. */
    ArtifactRef model(String location);

    /** An edit folder: {@code s3://...} as it is, a local folder uploaded to the store. */
    ArtifactRef editFolder(String location);

    /** A dataset object: {@code s3://...} as it is, a local file uploaded to {@code key}. */
    ArtifactRef dataset(String location, String key);

    /** Lines written as one JSONL object at {@code key}. */
    ArtifactRef lines(String key, List<String> lines);

    /** Runs workflow {@code name} to its end. */
    ExecutionResult workflow(String name, String runId, JsonNode input, StepListener listener);

    /** Calls one function; its typed errors propagate. */
    JsonNode function(String name, JsonNode input, StepListener listener) throws Exception;

    /** Validates an edit request with this deployment's settings. */
    EditSubmission validate(EditSubmission submission);

    /** Runs the on-demand-edit workflow for a validated request; the run id is the request's digest. */
    ExecutionResult edit(EditSubmission validated, StepListener listener);

    /** The file behind a reference when the store is a local folder. */
    Optional<Path> localFile(ArtifactRef ref);

    /** Serves every function and the edit API over HTTP until the process is stopped. */
    void serve();
}
