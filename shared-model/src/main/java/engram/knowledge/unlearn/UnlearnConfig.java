package engram.knowledge.unlearn;

import engram.lora.LoraConfig;

/**
 * Every hyper-parameter of an {@link Unlearner} run. The paper publishes none (docs/methods.md §6.4); the values
 * below are its reconstructed starting grid where one exists (η = 0.9, τ = 1e-6, side = row), α = 2 from the
 * measured sweep in {@link #defaults()}, and, for the training, values that move engram's 3.5M-parameter world
 * model: docs/methods.md's lr 1e-4 for 100–500 steps is meant for per-layer training of a 70B model and barely changes
 * a LoRA adapter on a model of width 256 (the same reasoning as {@code EditConfig}'s defaults).
 *
 * @param adapter              the task adapter (UNLEARN/LEARN) and the baselines' adapter: rank, alpha, modules
 * @param learningRate         AdamW rate of the task adapters
 * @param steps                optimiser steps of each task adapter (no early stop: known facts start near zero
 *                             loss, and Adam keeps moving along the direction that strengthens them)
 * @param batchSize            examples per step of every training
 * @param energy               η: the applied matrix keeps the fewest singular directions of {@code T̃} carrying
 *                             this fraction of its energy, in (0, 1]
 * @param keepEnergy           the keep subspace is spanned by the leading singular directions of the keep task's
 *                             matrix carrying this fraction of its energy, in (0, 1]; 1 takes its whole span
 * @param tolerance            τ: relative floor below which a singular value or a Gram–Schmidt residual counts as 0
 * @param scale                α: {@code W' = W ∓ α T̂}
 * @param side                 which space of {@code T} is compared with the keep task ({@link ProjectionSide})
 * @param baselineLearningRate AdamW rate of the three baselines
 * @param baselineSteps        optimiser steps of the three baselines
 * @param retainWeight         weight of the keep items' descent loss in gradient difference and IDK (TOFU: 1)
 * @param seed                 seed of A's initialisation, data order and the choice of refusals
 */
public record UnlearnConfig(LoraConfig adapter, float learningRate, int steps, int batchSize, double energy,
                            double keepEnergy, double tolerance, double scale, ProjectionSide side,
                            float baselineLearningRate, int baselineSteps, float retainWeight, long seed) {

    /** docs/methods.md §6.3's energy threshold η. */
    public static final double DEFAULT_ENERGY = 0.9;
    /** docs/methods.md §6.4's relative Gram–Schmidt tolerance τ. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    /**
     * The configuration measured in docs/results/unlearning.md: rank-8 LoRA (alpha 16) on every linear map of a
     * Llama layer, lr 3e-3 for 30 steps, batch 16; η 0.9, the keep task's whole span, τ 1e-6, row side, and
     * α 2 (docs/methods.md's grid is {0.5, 1, 2}; on the world model α 1 removed 17 % of the forget set's accuracy,
     * α 2 40 % with the rest unchanged, α 4 cost 8–13 points elsewhere); baselines lr 1e-3 for 15 steps, retain
     * weight 1, seed 0.
     */
    public static UnlearnConfig defaults() {
        return new UnlearnConfig(new LoraConfig(8, 16f, 0f, LoraConfig.ALL_LINEAR, false), 3e-3f, 30, 16,
                DEFAULT_ENERGY, 1.0, DEFAULT_TOLERANCE, 2.0, ProjectionSide.ROW, 1e-3f, 15, 1f, 0);
    }

    /** The same settings with another α. */
    public UnlearnConfig withScale(double alpha) {
        return new UnlearnConfig(adapter, learningRate, steps, batchSize, energy, keepEnergy, tolerance, alpha, side,
                baselineLearningRate, baselineSteps, retainWeight, seed);
    }

    /** The same settings with another task-adapter training budget. */
    public UnlearnConfig withTaskTraining(float rate, int stepCount) {
        return new UnlearnConfig(adapter, rate, stepCount, batchSize, energy, keepEnergy, tolerance, scale, side,
                baselineLearningRate, baselineSteps, retainWeight, seed);
    }

    /** The same settings with another baseline training budget. */
    public UnlearnConfig withBaselineTraining(float rate, int stepCount) {
        return new UnlearnConfig(adapter, learningRate, steps, batchSize, energy, keepEnergy, tolerance, scale, side,
                rate, stepCount, retainWeight, seed);
    }

    /** The same settings with another energy threshold η. */
    public UnlearnConfig withEnergy(double eta) {
        return new UnlearnConfig(adapter, learningRate, steps, batchSize, eta, keepEnergy, tolerance, scale, side,
                baselineLearningRate, baselineSteps, retainWeight, seed);
    }

    /** The same settings with another adapter. */
    public UnlearnConfig withAdapter(LoraConfig lora) {
        return new UnlearnConfig(lora, learningRate, steps, batchSize, energy, keepEnergy, tolerance, scale, side,
                baselineLearningRate, baselineSteps, retainWeight, seed);
    }

    /** The same settings with another batch size. */
    public UnlearnConfig withBatchSize(int size) {
        return new UnlearnConfig(adapter, learningRate, steps, size, energy, keepEnergy, tolerance, scale, side,
                baselineLearningRate, baselineSteps, retainWeight, seed);
    }

    /**
     * Checks the ranges.
     *
     * @return this
     * @throws IllegalArgumentException naming the field and its value
     */
    public UnlearnConfig validate() {
        if (adapter == null) {
            throw new IllegalArgumentException("adapter must be set");
        }
        adapter.validate();
        if (side == null) {
            throw new IllegalArgumentException("side must be one of ROW, COLUMN, got null");
        }
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate", learningRate, "> 0");
        require(steps > 0, "steps", steps, "> 0");
        require(batchSize > 0, "batchSize", batchSize, "> 0");
        require(energy > 0 && energy <= 1, "energy", energy, "in (0, 1]");
        require(keepEnergy > 0 && keepEnergy <= 1, "keepEnergy", keepEnergy, "in (0, 1]");
        require(tolerance >= 0 && tolerance < 1, "tolerance", tolerance, "in [0, 1)");
        require(scale > 0 && Double.isFinite(scale), "scale", scale, "> 0");
        require(baselineLearningRate > 0 && Float.isFinite(baselineLearningRate), "baselineLearningRate",
                baselineLearningRate, "> 0");
        require(baselineSteps > 0, "baselineSteps", baselineSteps, "> 0");
        require(retainWeight >= 0 && Float.isFinite(retainWeight), "retainWeight", retainWeight, ">= 0");
        return this;
    }

    private static void require(boolean ok, String field, Number value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + rule + ", got " + value);
        }
    }
}
