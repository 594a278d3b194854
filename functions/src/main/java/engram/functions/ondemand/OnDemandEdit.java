package engram.functions.ondemand;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.asl.ExecutionResult;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Budget;
import engram.functions.api.Keys;
import engram.functions.api.OnDemandEditInput;
import engram.functions.api.Requests;
import engram.functions.config.EngramConfig;
import engram.functions.workflow.LocalInputs;
import engram.functions.workflow.StepListener;
import engram.functions.workflow.Workflows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * One edit request as an execution of the {@code on-demand-edit} workflow: the request's facts become a dataset
 * object of the run, and the workflow gets the input its definition reads ({@link OnDemandEditInput}). Shared by
 * {@code POST /edits} and {@code engram edit}.
 */
@ApplicationScoped
public class OnDemandEdit {
    /** The workflow this runs. */
    public static final String WORKFLOW = "on-demand-edit";

    @Inject Workflows workflows;
    @Inject LocalInputs inputs;
    @Inject EditApiConfig api;
    @Inject EngramConfig config;

    /**
     * The request bound strictly and validated, defaults filled in.
     *
     * @throws engram.functions.errors.InvalidRequestException naming the field
     */
    public EditSubmission read(JsonNode body) {
        return validate(Requests.read(body, EditSubmission.class));
    }

    /** {@link EditSubmission#validate} with this deployment's settings. */
    public EditSubmission validate(EditSubmission submission) {
        return submission.validate(api, config);
    }

    /** The edit's id, and its run's: the same validated request always gets the same one. */
    public static String id(EditSubmission validated) {
        return "edit-" + Requests.digest(validated);
    }

    /** Runs the workflow for a validated request under {@link #id}; a failed execution is a result. */
    public ExecutionResult run(EditSubmission validated, StepListener listener) {
        String id = id(validated);
        return workflows.run(WORKFLOW, id, Requests.json().valueToTree(input(id, validated)), listener);
    }

    /** Writes the facts under the run and returns the workflow's input. */
    OnDemandEditInput input(String runId, EditSubmission validated) {
        ArtifactRef edits = inputs.lines(Keys.requestEdits(runId), lines(validated.edits()));
        return new OnDemandEditInput(runId, validated.model(), edits, Requests.json().valueToTree(validated.edit()),
                Requests.json().valueToTree(validated.eval()), new OnDemandEditInput.Publish(validated.minEfficacy()),
                new Budget(validated.capMicros()));
    }

    /** The facts as engram JSONL items (ids {@code edit-0}, {@code edit-1}, ...). */
    static List<String> lines(List<EditSubmission.Fact> facts) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < facts.size(); i++) {
            EditSubmission.Fact fact = facts.get(i);
            ObjectNode item = Requests.json().createObjectNode().put("id", "edit-" + i).put("prompt", fact.prompt())
                    .put("target_new", fact.target());
            if (fact.targetTrue() != null) {
                item.put("target_true", fact.targetTrue());
            }
            if (fact.subject() != null) {
                item.put("subject", fact.subject());
            }
            item.put("source", WORKFLOW);
            try {
                lines.add(Requests.json().writeValueAsString(item));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree must serialise", e);
            }
        }
        return lines;
    }
}
