package engram.functions.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code plan-run}: what each paid step of a workflow will cost, from the deployment's price table, before any of
 * it runs. The state machines compare these estimates with their cap in a Choice before every paid step.
 *
 * @param runId       the workflow run
 * @param workflow    which workflow is planned
 * @param datasets    the datasets the run will read (training-run: its shards; batch-experiment: its one
 *                    dataset); their items are counted
 * @param inlineItems the number of edits carried inline (on-demand-edit), instead of datasets
 * @param grid        batch-experiment: the configurations, in the order they are to be tried
 * @param capMicros   the run's cost cap in micro-dollars
 * @param replay      training-run with TG-SFT: the trees {@code decompress} will grow and the replay ratio
 *                    {@code apply-edit} will mix in; null plans no replay
 */
public record PlanRunRequest(String runId, Workflow workflow, List<ArtifactRef> datasets, Integer inlineItems,
                             List<GridConfig> grid, Long capMicros, ReplayPlan replay) {

    /**
     * The replay a training run asks for (TG-SFT): {@code decompress} grows one tree per distinct subject of the
     * edit set, and {@code apply-edit} mixes {@code ratio} replay items per edit into its training.
     *
     * @param tree  the trees' shape, as {@code decompress} takes it; null keeps every default
     * @param ratio replay items per edit, as {@code apply-edit}'s {@code replayRatio}; required
     */
    public record ReplayPlan(TreeParams tree, Double ratio) {}

    /** The repository's workflows, by their state machine's name. */
    public enum Workflow {
        @JsonProperty("training-run") TRAINING_RUN,
        @JsonProperty("on-demand-edit") ON_DEMAND_EDIT,
        @JsonProperty("batch-experiment") BATCH_EXPERIMENT
    }

    /**
     * One configuration of a batch experiment.
     *
     * @param name unique in the grid; letters, digits, {@code .}, {@code _}, {@code -} (it becomes part of a run id)
     * @param edit the {@code apply-edit} parameters, passed on unchanged
     */
    public record GridConfig(String name, JsonNode edit) {}

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    /** Checks every field before any work; returns the request with buckets filled in. */
    public PlanRunRequest validate(EngramConfig config) {
        Keys.requireRunId(runId);
        Check.present(workflow, "workflow");
        Check.present(capMicros, "capMicros");
        Check.inRange(capMicros, 0, Long.MAX_VALUE, "capMicros");
        Check.inRange(inlineItems, 0, Integer.MAX_VALUE, "inlineItems");
        Check.atMost(inlineItems, config.limits().maxInlineEdits(), "inlineItems");
        boolean hasDatasets = datasets != null && !datasets.isEmpty();
        if (hasDatasets == (inlineItems != null)) {
            throw new InvalidRequestException("datasets", null, "give exactly one of 'datasets' and 'inlineItems'");
        }
        if ((workflow == Workflow.BATCH_EXPERIMENT) != (grid != null)) {
            throw new InvalidRequestException("grid", null, "a grid is given exactly for workflow batch-experiment");
        }
        List<ArtifactRef> refs = null;
        if (hasDatasets) {
            refs = new java.util.ArrayList<>();
            for (int i = 0; i < datasets.size(); i++) {
                String field = "datasets[" + i + "]";
                refs.add(Check.present(datasets.get(i), field).validateObject(field, runId).inBucket(config.store().bucket()));
            }
        }
        if (grid != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < grid.size(); i++) {
                GridConfig entry = Check.present(grid.get(i), "grid[" + i + "]");
                String name = Check.present(entry.name(), "grid[" + i + "].name");
                if (!NAME.matcher(name).matches()) {
                    throw new InvalidRequestException("grid[" + i + "].name", name,
                            "must be 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit");
                }
                if (!names.add(name)) {
                    throw new InvalidRequestException("grid[" + i + "].name", name, "appears twice in the grid");
                }
                Check.present(entry.edit(), "grid[" + i + "].edit");
            }
        }
        ReplayPlan r = null;
        if (replay != null) {
            if (workflow != Workflow.TRAINING_RUN) {
                throw new InvalidRequestException("replay", null, "replay is planned only for workflow training-run");
            }
            TreeParams t = replay.tree() == null ? TreeParams.defaults() : replay.tree();
            t.toConfig();
            Check.present(replay.ratio(), "replay.ratio");
            Check.inRange(replay.ratio(), 0, ApplyEditRequest.MAX_REPLAY_RATIO, "replay.ratio");
            r = new ReplayPlan(t, replay.ratio());
        }
        return new PlanRunRequest(runId, workflow, refs, inlineItems, grid, capMicros, r);
    }
}
