package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.edit.overtone.Overtone;
import engram.knowledge.editor.Editors;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to edit: the fields a request may set, laid over the method's defaults ({@code Editors.defaults}) by
 * {@link Overlay}; a field of another method is refused by name.
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
public record EditParams(EditMethod method, Integer layer, Integer rank, Float alpha, Float dropout, List<String> targets,
                         Boolean rsLora, Float learningRate, Integer steps, Integer batchSize, Float earlyStopLoss,
                         Float normConstraint, OvertoneParams overtone, Long seed) {

    /**
     * The library config with defaults filled in, validated.
     *
     * @throws engram.functions.errors.InvalidRequestException naming the field
     * @throws engram.functions.errors.LimitExceededException when {@code steps} is above the deployment's cap
     */
    public EditConfig toConfig(EngramConfig.Limits limits) {
        EditMethod m = Check.present(method, "edit.method");
        Check.inRange(steps, 1, Integer.MAX_VALUE, "edit.steps");
        Check.atMost(steps, limits.maxTrainingSteps(), "edit.steps");
        Check.inRange(rank, 1, 256, "edit.rank");
        if (targets != null && (targets.isEmpty() || targets.stream().anyMatch(t -> t == null || t.isBlank()))) {
            throw new InvalidRequestException("edit.targets", targets, "must name at least one module, none blank");
        }
        EditConfig config = Overlay.over("edit", Editors.defaults(m), this,
                new Overlay.Layout(Map.of("overtone", Overtone.DEFAULT), Set.of(), false), Editors::read);
        Check.atMost(config.steps(), limits.maxTrainingSteps(), "edit.steps");
        return config;
    }
}
