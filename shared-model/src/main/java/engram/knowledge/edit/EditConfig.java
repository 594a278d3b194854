package engram.knowledge.edit;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import engram.knowledge.edit.overtone.Overtone;
import engram.train.Schedule;
import engram.train.TokenLoss;
import engram.train.TrainingConfig;

/**
 * The settings of one edit that every method shares, plus the method's own ({@link #settings}). EasyEdit's FT
 * defaults (Adam, lr {@value #EASYEDIT_LEARNING_RATE}, {@value #EASYEDIT_STEPS} steps, batch 1, no weight decay, no
 * norm constraint, early stop below loss 1e-2; docs/methods.md §2.9) are tuned for a 7B model, whose single
 * down-projection has 11008 × 4096 entries. On a tiny model one weight is a few thousand entries, so the same rate
 * moves the output far less; the registry's defaults ({@code engram.knowledge.editor.Editors}) therefore use lr
 * 1e-2 and 40 steps for FT and lr 5e-3 and 40 steps for LoRA. Use {@link #withLearningRate} and
 * {@link #withSteps} to restore EasyEdit's values.
 *
 * @param method        which method runs
 * @param settings      the method's own settings (a record of its package: {@code FtSettings}, {@code LoraSettings});
 *                      in JSON its fields sit beside the shared ones, and {@code method} says which record they form
 * @param learningRate  Adam learning rate (constant, no warm-up, as EasyEdit)
 * @param steps         optimiser steps at most
 * @param batchSize     examples per optimiser step; 0 puts all items into every step
 * @param earlyStopLoss stop once a step's mean loss is below this (EasyEdit: 1e-2); with OVERTONE the loss cannot
 *                      fall below ε, so training also stops once every token is clipped (loss = ε)
 * @param overtone      OVERTONE's smoothed loss instead of cross-entropy, with any method; null for cross-entropy
 * @param seed          seed of data order (and of LoRA's A initialisation and dropout)
 * @param traceTokens   record every target token's log-probability after every step (the HTO diagnostic,
 *                      {@link TokenTrace}); costs one extra forward pass per step
 */
public record EditConfig(EditMethod method, @JsonUnwrapped MethodSettings settings, float learningRate, int steps, int batchSize,
                         float earlyStopLoss, Overtone overtone, long seed, boolean traceTokens) {

    /** EasyEdit's FT learning rate (hparams/FT/llama-7b.yaml). */
    public static final float EASYEDIT_LEARNING_RATE = 5e-4f;
    /** EasyEdit's FT step count. */
    public static final int EASYEDIT_STEPS = 25;
    /** EasyEdit's early-stopping loss. */
    public static final float EASYEDIT_STOP_LOSS = 1e-2f;

    /** {@code method} with {@code settings} and the shared defaults: all items per step, EasyEdit's early stop, seed 0. */
    public static EditConfig of(EditMethod method, MethodSettings settings, float learningRate, int steps) {
        return new EditConfig(method, settings, learningRate, steps, 0, EASYEDIT_STOP_LOSS, null, 0, false);
    }

    /** The same settings with another learning rate. */
    public EditConfig withLearningRate(float rate) {
        return new EditConfig(method, settings, rate, steps, batchSize, earlyStopLoss, overtone, seed, traceTokens);
    }

    /** The same settings with another step budget. */
    public EditConfig withSteps(int count) {
        return new EditConfig(method, settings, learningRate, count, batchSize, earlyStopLoss, overtone, seed,
                traceTokens);
    }

    /** The same shared settings with the method's own settings replaced. */
    public EditConfig withSettings(MethodSettings own) {
        return new EditConfig(method, own, learningRate, steps, batchSize, earlyStopLoss, overtone, seed, traceTokens);
    }

    /** The same settings with OVERTONE's loss ({@code null} for cross-entropy). */
    public EditConfig withOvertone(Overtone loss) {
        return new EditConfig(method, settings, learningRate, steps, batchSize, earlyStopLoss, loss, seed, traceTokens);
    }

    /** The same settings with another seed. */
    public EditConfig withSeed(long value) {
        return new EditConfig(method, settings, learningRate, steps, batchSize, earlyStopLoss, overtone, value,
                traceTokens);
    }

    /** The same settings with the per-token trace (HTO diagnostic) on or off. */
    public EditConfig tracingTokens(boolean on) {
        return new EditConfig(method, settings, learningRate, steps, batchSize, earlyStopLoss, overtone, seed, on);
    }

    /** The same settings without early stopping. */
    public EditConfig withoutEarlyStop() {
        return new EditConfig(method, settings, learningRate, steps, batchSize, 0f, overtone, seed, traceTokens);
    }

    /**
     * The method's own settings as {@code type}.
     *
     * @throws IllegalArgumentException when they are of another type (the config names another method's settings)
     */
    public <S extends MethodSettings> S settings(Class<S> type) {
        if (!type.isInstance(settings)) {
            throw new IllegalArgumentException("settings of method " + method + " must be " + type.getSimpleName()
                    + ", got " + (settings == null ? "null" : settings.getClass().getSimpleName()));
        }
        return type.cast(settings);
    }

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public EditConfig validate() {
        if (method == null) {
            throw new IllegalArgumentException("method must be one of " + java.util.Arrays.toString(EditMethod.values())
                    + ", got null");
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings must be set for method " + method);
        }
        settings.validate();
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate", learningRate, "> 0");
        require(steps > 0, "steps", steps, "> 0");
        require(batchSize >= 0, "batchSize", batchSize, ">= 0");
        require(earlyStopLoss >= 0, "earlyStopLoss", earlyStopLoss, ">= 0");
        if (overtone != null) {
            overtone.validate();
        }
        return this;
    }

    /** The token loss: OVERTONE's or cross-entropy. */
    public TokenLoss tokenLoss() {
        return overtone == null ? TokenLoss.CROSS_ENTROPY : overtone;
    }

    /** Adam as EasyEdit runs it: no weight decay, no clipping, constant rate, over {@code items} examples. */
    public TrainingConfig training(int items) {
        int batch = batchSize == 0 ? items : Math.min(batchSize, items);
        return new TrainingConfig(learningRate, 0f, 0.9f, 0.999f, 1e-8f, 0f, Schedule.CONSTANT, 0, steps, batch, 1, seed,
                false);
    }

    private static void require(boolean ok, String field, Number value, String rule) {
        if (!ok) {
            throw new IllegalArgumentException(field + " must be " + rule + ", got " + value);
        }
    }
}
