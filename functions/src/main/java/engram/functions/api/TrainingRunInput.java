package engram.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The input of the {@code training-run} workflow ({@code infra/statemachine/training-run.asl.json}). The settings
 * objects go to their function unchanged, so they are that function's JSON: the workflow does not read them.
 *
 * @param runId  the run, and the execution's name
 * @param model  the base model's folder
 * @param shards the dataset shards the Map state runs over
 * @param filter {@code filter-shard}'s {@code beacons} settings ({@code {}} for the defaults)
 * @param score  {@code score-knowledge}'s {@code scoring} settings
 * @param select which knowledge buckets {@code aggregate-shards} keeps for the edit
 * @param edit   {@code apply-edit}'s {@code edit} settings
 * @param eval   {@code run-eval}'s {@code eval} settings
 * @param replay TG-SFT replay ({@code template}, {@code tree}, {@code ratio}); null trains without replay
 * @param budget the hard cost cap
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingRunInput(String runId, ArtifactRef model, List<ArtifactRef> shards, JsonNode filter,
                               JsonNode score, AggregateShardsRequest.Selection select, JsonNode edit, JsonNode eval,
                               JsonNode replay, Budget budget) {}
