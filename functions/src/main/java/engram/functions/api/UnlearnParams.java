package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.unlearn.ProjectionSide;
import engram.knowledge.unlearn.UnlearnConfig;
import java.util.List;

/**
 * Every {@link UnlearnConfig} hyper-parameter (documented there); a missing field keeps
 * {@link UnlearnConfig#defaults()}.
 *
 * @param rank                 task adapters' LoRA rank, 1-256 (default 8)
 * @param alpha                their LoRA alpha, (0, 10000] (default 16)
 * @param dropout              their LoRA dropout, [0, 1) (default 0)
 * @param targets              their modules (default every linear map of a Llama layer)
 * @param rsLora               rank-stabilised scaling (default false)
 * @param learningRate         AdamW rate of the task adapters, &gt; 0 and finite (default 3e-3)
 * @param steps                steps of each task adapter, 1 to {@code engram.limits.max-training-steps} (default 30)
 * @param batchSize            examples per step, 1-1024 (default 16)
 * @param energy               η, (0, 1] (default 0.9)
 * @param keepEnergy           energy of the keep subspace, (0, 1] (default 1)
 * @param tolerance            τ, [0, 1) (default 1e-6)
 * @param scale                α of {@code W ∓ α T̂}, (0, 100] (default 2)
 * @param side                 ROW or COLUMN (default ROW)
 * @param baselineLearningRate AdamW rate of the baselines, &gt; 0 and finite (default 1e-3)
 * @param baselineSteps        steps of the baselines, like {@code steps} (default 15)
 * @param retainWeight         weight of the retain loss, [0, 100] (default 1)
 * @param seed                 seed of initialisation, data order and refusals (default 0)
 */
public record UnlearnParams(Integer rank, Float alpha, Float dropout, List<String> targets, Boolean rsLora,
                            Float learningRate, Integer steps, Integer batchSize, Double energy, Double keepEnergy,
                            Double tolerance, Double scale, ProjectionSide side, Float baselineLearningRate,
                            Integer baselineSteps, Float retainWeight, Long seed) {

    /**
     * The library config with defaults filled in, validated.
     *
     * @throws InvalidRequestException naming the field ({@code config.steps})
     * @throws engram.functions.errors.LimitExceededException when a step count is above the deployment's cap
     */
    public UnlearnConfig toConfig(EngramConfig.Limits limits) {
        Check.inRange(rank, 1, 256, "config.rank");
        Bounds.aboveZero(alpha, 10_000, "config.alpha");
        Bounds.belowMax(dropout, 1, "config.dropout");
        if (targets != null && (targets.isEmpty() || targets.stream().anyMatch(t -> t == null || t.isBlank()))) {
            throw new InvalidRequestException("config.targets", targets, "must name at least one module, none blank");
        }
        Bounds.aboveZero(learningRate, Float.MAX_VALUE, "config.learningRate");
        Check.inRange(steps, 1, Integer.MAX_VALUE, "config.steps");
        Check.atMost(steps, limits.maxTrainingSteps(), "config.steps");
        Check.inRange(batchSize, 1, 1024, "config.batchSize");
        Bounds.aboveZero(energy, 1, "config.energy");
        Bounds.aboveZero(keepEnergy, 1, "config.keepEnergy");
        Bounds.belowMax(tolerance, 1, "config.tolerance");
        Bounds.aboveZero(scale, 100, "config.scale");
        Bounds.aboveZero(baselineLearningRate, Float.MAX_VALUE, "config.baselineLearningRate");
        Check.inRange(baselineSteps, 1, Integer.MAX_VALUE, "config.baselineSteps");
        Check.atMost(baselineSteps, limits.maxTrainingSteps(), "config.baselineSteps");
        Check.inRange(retainWeight, 0, 100, "config.retainWeight");
        UnlearnConfig config = Overlay.over("config", UnlearnConfig.defaults(), this,
                Overlay.Layout.flattening("adapter"));
        return Check.library("config", config::validate);
    }

    /** Every default. */
    public static UnlearnParams defaults() {
        return new UnlearnParams(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
