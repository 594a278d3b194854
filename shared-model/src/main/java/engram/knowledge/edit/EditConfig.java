package engram.knowledge.edit;

import engram.lora.LoraConfig;
import engram.model.Architecture;
import engram.model.ModelConfig;
import engram.model.WeightNames;
import engram.train.Schedule;
import engram.train.TokenLoss;
import engram.train.TrainingConfig;
import java.util.List;

/**
 * Every hyper-parameter of one edit. EasyEdit's FT defaults (Adam, lr {@value #EASYEDIT_LEARNING_RATE},
 * {@value #EASYEDIT_STEPS} steps, batch 1, no weight decay, no norm constraint, early stop below loss 1e-2;
 * METHODS.md §2.9) are tuned for a 7B model, whose single down-projection has 11008 × 4096 entries. On a
 * tiny model (stories260K: 5 layers, width 64) one weight is a few thousand entries, so the same rate moves
 * the output far less; the factories below therefore default to lr 1e-2 and 40 steps for FT and lr 5e-3 and 40
 * steps for LoRA, which make stories260K say a new name after a prompt (see {@code KnowledgeEditorTest}). Use
 * {@link #withLearningRate} and {@link #withSteps} to restore EasyEdit's values.
 *
 * @param method         FT-L, FT-M or LoRA
 * @param layer          FT: the decoder layer whose MLP down-projection ({@code mlp.down_proj}, GPT-2
 *                       {@code mlp.c_proj}) is trained; {@value #AUTO_LAYER} means two thirds deep, rounded
 *                       down (EasyEdit trains layer 21 of Llama-2-7B's 32). Ignored by LoRA
 * @param lora           LoRA: the adapter's rank, alpha, dropout and modules; null for FT
 * @param learningRate   Adam learning rate (constant, no warm-up, as EasyEdit)
 * @param steps          optimiser steps at most
 * @param batchSize      examples per optimiser step; 0 puts all items into every step
 * @param earlyStopLoss  stop once a step's mean loss is below this (EasyEdit: 1e-2); with OVERTONE the loss
 *                       cannot fall below ε, so training also stops once every token is clipped (loss = ε)
 * @param normConstraint FT-L/FT-M: after every step clamp each entry of the weight's delta to ±this (ROME's
 *                       FT-L norm constraint); 0 turns it off (EasyEdit's default)
 * @param overtone       OVERTONE's smoothed loss instead of cross-entropy; null for cross-entropy
 * @param seed           seed of data order (and of LoRA's A initialisation and dropout)
 * @param traceTokens    record every target token's log-probability after every step (the HTO diagnostic,
 *                       {@link TokenTrace}); costs one extra forward pass per step
 */
public record EditConfig(EditMethod method, int layer, LoraConfig lora, float learningRate, int steps, int batchSize,
                         float earlyStopLoss, float normConstraint, Overtone overtone, long seed,
                         boolean traceTokens) {

    /** EasyEdit's FT learning rate (hparams/FT/llama-7b.yaml). */
    public static final float EASYEDIT_LEARNING_RATE = 5e-4f;
    /** EasyEdit's FT step count. */
    public static final int EASYEDIT_STEPS = 25;
    /** EasyEdit's early-stopping loss. */
    public static final float EASYEDIT_STOP_LOSS = 1e-2f;
    /** {@link #layer} value meaning "two thirds deep". */
    public static final int AUTO_LAYER = -1;

    /** FT-L on the auto layer: lr 1e-2, 40 steps, all items per step, no norm constraint, seed 0. */
    public static EditConfig ftL() {
        return new EditConfig(EditMethod.FT_L, AUTO_LAYER, null, 1e-2f, 40, 0, EASYEDIT_STOP_LOSS, 0f, null, 0, false);
    }

    /** FT-M on the auto layer: lr 1e-2, 40 steps, all items per step, seed 0. */
    public static EditConfig ftM() {
        return new EditConfig(EditMethod.FT_M, AUTO_LAYER, null, 1e-2f, 40, 0, EASYEDIT_STOP_LOSS, 0f, null, 0, false);
    }

    /**
     * LoRA editing of every MLP down-projection with rank 4, alpha 8, no dropout: lr 5e-3, 40 steps, all items
     * per step, seed 0.
     */
    public static EditConfig loraDownProjection() {
        return withLora(new LoraConfig(4, 8f, 0f, List.of("down_proj"), false));
    }

    /** LoRA editing with {@code adapter}: lr 5e-3, 40 steps, all items per step, seed 0. */
    public static EditConfig withLora(LoraConfig adapter) {
        return new EditConfig(EditMethod.LORA, AUTO_LAYER, adapter, 5e-3f, 40, 0, EASYEDIT_STOP_LOSS, 0f, null, 0, false);
    }

    /** The same settings with another learning rate. */
    public EditConfig withLearningRate(float rate) {
        return new EditConfig(method, layer, lora, rate, steps, batchSize, earlyStopLoss, normConstraint, overtone, seed,
                traceTokens);
    }

    /** The same settings with another step budget. */
    public EditConfig withSteps(int count) {
        return new EditConfig(method, layer, lora, learningRate, count, batchSize, earlyStopLoss, normConstraint,
                overtone, seed, traceTokens);
    }

    /** The same settings training layer {@code index} (FT). */
    public EditConfig withLayer(int index) {
        return new EditConfig(method, index, lora, learningRate, steps, batchSize, earlyStopLoss, normConstraint,
                overtone, seed, traceTokens);
    }

    /** The same settings with the FT norm constraint ±{@code bound} (0 turns it off). */
    public EditConfig withNormConstraint(float bound) {
        return new EditConfig(method, layer, lora, learningRate, steps, batchSize, earlyStopLoss, bound, overtone, seed,
                traceTokens);
    }

    /** The same settings with OVERTONE's loss ({@code null} for cross-entropy). */
    public EditConfig withOvertone(Overtone loss) {
        return new EditConfig(method, layer, lora, learningRate, steps, batchSize, earlyStopLoss, normConstraint, loss,
                seed, traceTokens);
    }

    /** The same settings with another seed. */
    public EditConfig withSeed(long value) {
        return new EditConfig(method, layer, lora, learningRate, steps, batchSize, earlyStopLoss, normConstraint,
                overtone, value, traceTokens);
    }

    /** The same settings with the per-token trace (HTO diagnostic) on or off. */
    public EditConfig tracingTokens(boolean on) {
        return new EditConfig(method, layer, lora, learningRate, steps, batchSize, earlyStopLoss, normConstraint,
                overtone, seed, on);
    }

    /** The same settings without early stopping. */
    public EditConfig withoutEarlyStop() {
        return new EditConfig(method, layer, lora, learningRate, steps, batchSize, 0f, normConstraint, overtone, seed,
                traceTokens);
    }

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public EditConfig validate() {
        if (method == null) {
            throw new IllegalArgumentException("method must be one of FT_L, FT_M, LORA, got null");
        }
        if (method == EditMethod.LORA) {
            if (lora == null) {
                throw new IllegalArgumentException("lora must be set for method LORA");
            }
            lora.validate();
        }
        require(layer >= AUTO_LAYER, "layer", layer, ">= -1");
        require(learningRate > 0 && Float.isFinite(learningRate), "learningRate", learningRate, "> 0");
        require(steps > 0, "steps", steps, "> 0");
        require(batchSize >= 0, "batchSize", batchSize, ">= 0");
        require(earlyStopLoss >= 0, "earlyStopLoss", earlyStopLoss, ">= 0");
        require(normConstraint >= 0 && Float.isFinite(normConstraint), "normConstraint", normConstraint, ">= 0");
        if (overtone != null) {
            overtone.validate();
        }
        return this;
    }

    /**
     * The Hugging Face name of the weight FT trains in {@code model}.
     *
     * @throws IllegalArgumentException when the layer does not exist
     */
    public String weightName(ModelConfig model) {
        int layers = model.numberOfLayers();
        int index = layer == AUTO_LAYER ? layers * 2 / 3 : layer;
        if (index >= layers) {
            throw new IllegalArgumentException("layer must be < " + layers + " for this model, got " + layer);
        }
        String module = model.architecture() == Architecture.LLAMA
                ? WeightNames.llamaLayer(model, index).down() : WeightNames.gpt2Layer(model, index).mlpOut();
        return module + ".weight";
    }

    /** The training loss: cross-entropy or OVERTONE, read at the last prompt position for FT-L. */
    TokenLoss loss() {
        TokenLoss tokenLoss = overtone == null ? TokenLoss.CROSS_ENTROPY : overtone;
        return method == EditMethod.FT_L ? new PromptLast(tokenLoss) : tokenLoss;
    }

    /** Adam as EasyEdit runs it: no weight decay, no clipping, constant rate. */
    TrainingConfig training(int items) {
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
