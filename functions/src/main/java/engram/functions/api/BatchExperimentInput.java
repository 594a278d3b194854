package engram.functions.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The input of the {@code batch-experiment} workflow ({@code infra/statemachine/batch-experiment.asl.json}).
 *
 * @param runId   the run, and the execution's name
 * @param model   the base model's folder
 * @param dataset the edits every configuration learns
 * @param eval    {@code run-eval}'s {@code eval} settings, passed on unchanged
 * @param grid    the configurations as the caller wrote them, {@code [{"name", "edit"}, ...]}; {@code plan-run}
 *                reads and checks them ({@link PlanRunRequest.GridConfig})
 * @param budget  the hard cost cap
 */
public record BatchExperimentInput(String runId, ArtifactRef model, ArtifactRef dataset, JsonNode eval, JsonNode grid,
                                   Budget budget) {}
