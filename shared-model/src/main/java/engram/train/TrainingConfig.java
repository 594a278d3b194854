package engram.train;

/**
 * Optimiser and loop settings of one training run; every value comes from the request.
 *
 * @param learningRate          peak AdamW learning rate
 * @param weightDecay           decoupled weight decay (AdamW, arXiv 1711.05101)
 * @param beta1                 AdamW first-moment decay
 * @param beta2                 AdamW second-moment decay
 * @param epsilon               AdamW denominator epsilon
 * @param maxGradNorm           clip the global gradient norm to this (0 disables clipping)
 * @param schedule              learning-rate shape after warm-up
 * @param warmupSteps           optimiser steps of linear warm-up
 * @param steps                 optimiser steps in all
 * @param batchSize             examples per micro-batch
 * @param gradientAccumulation  micro-batches per optimiser step
 * @param seed                  seed of data order and dropout
 * @param groupByLength         batch examples of similar length together (less padding), as
 *                              transformers' {@code group_by_length}; the order stays a function of the seed
 */
public record TrainingConfig(float learningRate, float weightDecay, float beta1, float beta2, float epsilon,
                             float maxGradNorm, Schedule schedule, int warmupSteps, int steps, int batchSize,
                             int gradientAccumulation, long seed, boolean groupByLength) {

    /** AdamW defaults (betas 0.9/0.999, eps 1e-8, clip 1.0, no decay, constant rate) for {@code steps} steps. */
    public static TrainingConfig adamW(float learningRate, int steps, int batchSize, long seed) {
        return new TrainingConfig(learningRate, 0f, 0.9f, 0.999f, 1e-8f, 1f, Schedule.CONSTANT, 0, steps, batchSize, 1, seed,
                false);
    }

    /** The same settings with another schedule and warm-up. */
    public TrainingConfig withSchedule(Schedule shape, int warmup) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, epsilon, maxGradNorm, shape, warmup, steps,
                batchSize, gradientAccumulation, seed, groupByLength);
    }

    /** The same settings with gradient accumulation over {@code microBatches}. */
    public TrainingConfig withAccumulation(int microBatches) {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, epsilon, maxGradNorm, schedule, warmupSteps,
                steps, batchSize, microBatches, seed, groupByLength);
    }

    /** The same settings with decoupled weight decay. */
    public TrainingConfig withWeightDecay(float decay) {
        return new TrainingConfig(learningRate, decay, beta1, beta2, epsilon, maxGradNorm, schedule, warmupSteps,
                steps, batchSize, gradientAccumulation, seed, groupByLength);
    }

    /** The same settings with examples of similar length batched together. */
    public TrainingConfig groupingByLength() {
        return new TrainingConfig(learningRate, weightDecay, beta1, beta2, epsilon, maxGradNorm, schedule, warmupSteps,
                steps, batchSize, gradientAccumulation, seed, true);
    }

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public void validate() {
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate", learningRate, "> 0");
        require(weightDecay >= 0, "weightDecay", weightDecay, ">= 0");
        require(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
        require(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
        require(epsilon > 0, "epsilon", epsilon, "> 0");
        require(maxGradNorm >= 0, "maxGradNorm", maxGradNorm, ">= 0");
        require(warmupSteps >= 0, "warmupSteps", warmupSteps, ">= 0");
        require(steps > 0, "steps", steps, "> 0");
        require(batchSize > 0, "batchSize", batchSize, "> 0");
        require(gradientAccumulation > 0, "gradientAccumulation", gradientAccumulation, "> 0");
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be one of CONSTANT, LINEAR, COSINE, got null");
        }
    }

    private static void require(boolean ok, String field, Number value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + rule + ", got " + value);
        }
    }
}
