package engram.functions.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The input of the {@code on-demand-edit} workflow ({@code infra/statemachine/on-demand-edit.asl.json}).
 *
 * @param runId   the run, and the execution's name (the edit's id)
 * @param model   the base model's folder
 * @param edits   the facts to write in, as a dataset
 * @param edit    {@code apply-edit}'s {@code edit} settings, passed on unchanged
 * @param eval    {@code run-eval}'s {@code eval} settings, passed on unchanged
 * @param publish when the edit folder is published
 * @param budget  the hard cost cap
 */
public record OnDemandEditInput(String runId, ArtifactRef model, ArtifactRef edits, JsonNode edit, JsonNode eval,
                                Publish publish, Budget budget) {

    /** @param minEfficacy the quick evaluation's efficacy at or above which the edit folder is published */
    public record Publish(double minEfficacy) {}
}
