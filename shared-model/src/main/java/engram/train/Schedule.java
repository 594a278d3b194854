package engram.train;

/** Learning-rate shape after linear warm-up (cf. transformers' get_*_schedule_with_warmup). */
public enum Schedule {
    /** Flat after warm-up. */
    CONSTANT,
    /** Linear decay to zero at the last step. */
    LINEAR,
    /** Half-cosine decay to zero at the last step. */
    COSINE;

    /**
     * The learning rate of optimiser step {@code step} (0-based).
     *
     * @param peak   the rate reached after warm-up
     * @param warmup steps of linear warm-up from 0
     * @param total  total optimiser steps
     */
    public float rate(float peak, int step, int warmup, int total) {
        if (step < warmup) {
            return peak * (step + 1) / (float) warmup;
        }
        if (this == CONSTANT || total <= warmup) {
            return peak;
        }
        double progress = Math.min(1.0, (step - warmup) / (double) (total - warmup));
        return (float) (this == LINEAR ? peak * (1 - progress) : peak * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
