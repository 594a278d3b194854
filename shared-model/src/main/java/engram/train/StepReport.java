package engram.train;

/**
 * Progress after one optimiser step.
 *
 * @param step          optimiser steps done (1-based)
 * @param totalSteps    optimiser steps planned
 * @param loss          mean loss over the step's micro-batches
 * @param learningRate  rate used for this step
 * @param gradientNorm  global gradient norm before clipping
 * @param targetTokens  target tokens the step's loss covered
 * @param elapsedMillis wall time since the run (or its resume) started
 */
public record StepReport(int step, int totalSteps, float loss, float learningRate, float gradientNorm,
                         long targetTokens, long elapsedMillis) {}
