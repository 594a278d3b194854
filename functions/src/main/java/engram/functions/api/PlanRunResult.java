package engram.functions.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Result of {@code plan-run}. Every figure is an upper bound of what the step will be charged: the price table
 * is applied to the most items the step can see.
 *
 * @param capMicros      the cap, echoed
 * @param items          the items counted
 * @param estimates      training-run and on-demand-edit: the estimate of each paid step
 * @param reservedMicros batch-experiment: the sum reserved for the selected configurations (at most the cap)
 * @param selected       batch-experiment: the configurations that fit, in grid order, each with its own run id
 * @param skipped        batch-experiment: the names of the configurations that did not fit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanRunResult(long capMicros, int items, Estimates estimates, Long reservedMicros,
                            List<Planned> selected, List<String> skipped) {

    /**
     * Estimates in micro-dollars.
     *
     * @param shardsMicros         filter-shard plus score-knowledge over every shard (training-run)
     * @param applyEditMicros      apply-edit over every item, plus the replayed items when replay is planned
     * @param runEvalMicros        run-eval over every item
     * @param decompressMicros     replay planned: decompress growing one full tree per item (each item's subject
     *                             is at most one root); absent without replay
     * @param applyEditAloneMicros replay planned: apply-edit over every item without replay, what the run pays
     *                             when the budget leaves decompress out; absent without replay
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Estimates(long shardsMicros, long applyEditMicros, long runEvalMicros, Long decompressMicros,
                            Long applyEditAloneMicros) {

        /** The estimates of a run without replay. */
        public Estimates(long shardsMicros, long applyEditMicros, long runEvalMicros) {
            this(shardsMicros, applyEditMicros, runEvalMicros, null, null);
        }
    }

    /**
     * A configuration the plan reserved budget for.
     *
     * @param name            its name in the grid
     * @param runId           its own run id ({@code <runId>.<name>}), so configurations never share outputs
     * @param edit            its apply-edit parameters
     * @param applyEditMicros its apply-edit estimate
     * @param runEvalMicros   its run-eval estimate
     */
    public record Planned(String name, String runId, JsonNode edit, long applyEditMicros, long runEvalMicros) {}
}
