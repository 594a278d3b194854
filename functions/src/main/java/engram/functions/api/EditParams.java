package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.edit.EditConfig;
import engram.lora.LoraConfig;
import java.util.List;

/**
 * How to edit; a missing field keeps the method's defaults ({@link EditConfig}'s factories).
 *
 * @param method         the editing method
 * @param layer          FT: decoder layer whose MLP down-projection is trained; -1 means two thirds deep
 * @param rank           LoRA rank
 * @param alpha          LoRA alpha
 * @param dropout        LoRA dropout
 * @param targets        LoRA target modules ({@code down_proj}, {@code q_proj}, ...)
 * @param rsLora         rank-stabilised LoRA scaling
 * @param learningRate   Adam learning rate
 * @param steps          optimiser steps at most (capped by {@code engram.limits.max-training-steps})
 * @param batchSize      examples per step; 0 puts every item in every step
 * @param earlyStopLoss  stop below this loss
 * @param normConstraint FT: clamp each delta entry to ±this; 0 is off
 * @param overtone       OVERTONE's loss instead of cross-entropy (implied by method OVERTONE)
 * @param seed           seed of data order, LoRA initialisation and dropout
 */
public record EditParams(Method method, Integer layer, Integer rank, Float alpha, Float dropout, List<String> targets,
                         Boolean rsLora, Float learningRate, Integer steps, Integer batchSize, Float earlyStopLoss,
                         Float normConstraint, OvertoneParams overtone, Long seed) {

    /** The editing methods a request may name. */
    public enum Method {
        /** FT-L: one MLP down-projection, loss read at the last prompt position. */
        FT_L,
        /** FT-M: the same weight, teacher-forced cross-entropy on the target tokens. */
        FT_M,
        /** LoRA on the down-projections (or {@code targets}). */
        LORA,
        /** LoRA trained with OVERTONE's smoothed loss. */
        OVERTONE,
        /**
         * TAIA: LoRA on every linear map ({@code ALL_LINEAR}) by default; evaluate it with
         * {@code inference: TAIA} so that only its attention deltas act.
         */
        TAIA
    }

    /**
     * The library config with defaults filled in, validated.
     *
     * @throws engram.functions.errors.InvalidRequestException naming the field
     * @throws engram.functions.errors.LimitExceededException when {@code steps} is above the deployment's cap
     */
    public EditConfig toConfig(EngramConfig.Limits limits) {
        Method m = Check.present(method, "edit.method");
        Check.inRange(steps, 1, Integer.MAX_VALUE, "edit.steps");
        Check.atMost(steps, limits.maxTrainingSteps(), "edit.steps");
        Check.inRange(rank, 1, 256, "edit.rank");
        if (targets != null && (targets.isEmpty() || targets.stream().anyMatch(t -> t == null || t.isBlank()))) {
            throw new InvalidRequestException("edit.targets", targets, "must name at least one module, none blank");
        }
        EditConfig base = switch (m) {
            case FT_L -> EditConfig.ftL();
            case FT_M -> EditConfig.ftM();
            case LORA, OVERTONE -> EditConfig.loraDownProjection();
            case TAIA -> EditConfig.withLora(new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false));
        };
        LoraConfig lora = base.lora() == null ? null : new LoraConfig(BeaconParams.or(rank, base.lora().rank()),
                BeaconParams.or(alpha, base.lora().alpha()), BeaconParams.or(dropout, base.lora().dropout()),
                BeaconParams.or(targets, base.lora().targets()), BeaconParams.or(rsLora, base.lora().rsLora()));
        OvertoneParams loss = overtone != null || m != Method.OVERTONE ? overtone
                : new OvertoneParams(null, null, null);
        EditConfig config = new EditConfig(base.method(), BeaconParams.or(layer, base.layer()), lora,
                BeaconParams.or(learningRate, base.learningRate()), BeaconParams.or(steps, base.steps()),
                BeaconParams.or(batchSize, base.batchSize()), BeaconParams.or(earlyStopLoss, base.earlyStopLoss()),
                BeaconParams.or(normConstraint, base.normConstraint()), loss == null ? null : loss.toLoss(),
                BeaconParams.or(seed, base.seed()), false);
        Check.atMost(config.steps(), limits.maxTrainingSteps(), "edit.steps");
        return Check.library("edit", config::validate);
    }
}
