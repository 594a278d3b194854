package engram.cli;

import com.fasterxml.jackson.databind.JsonNode;
import engram.asl.ExecutionResult;
import engram.functions.api.ArtifactRef;
import engram.functions.ondemand.EditSubmission;
import engram.functions.ondemand.OnDemandEdit;
import engram.functions.workflow.LocalInputs;
import engram.functions.workflow.StepListener;
import engram.functions.workflow.Workflows;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the commands use of the running application: its local inputs (files and folders put into the store), its
 * workflows and functions, and its on-demand edits. The application passes its beans ({@link EngramMain}); tests
 * of the command line pass stand-ins that override the methods they need.
 *
 * @param inputs    puts local models, edit folders and datasets into the store
 * @param workflows runs a workflow, or calls one function, in this process
 * @param edits     validates and runs an on-demand edit request
 */
public record Engine(LocalInputs inputs, Workflows workflows, OnDemandEdit edits) {}
