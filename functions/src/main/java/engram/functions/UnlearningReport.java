package engram.functions;

import com.fasterxml.jackson.annotation.JsonIgnore;
import engram.functions.api.UnlearnResult;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.unlearn.LayerSubspace;
import engram.knowledge.unlearn.Unlearning;
import java.util.List;

/**
 * What {@code unlearn} writes to {@code unlearning.json}: the method, the items forgotten, every training and
 * every changed weight's subspace.
 *
 * @param method    the method that ran
 * @param forget    ids of the forget items
 * @param retain    retain items read
 * @param trainings the trainings, in order
 * @param weights   Hugging Face names of the changed weights
 * @param layers    per weight, its subspaces (UNLEARN/LEARN; empty for the baselines)
 */
record UnlearningReport(String method, List<String> forget, int retain, List<Unlearning.Training> trainings,
                        List<String> weights, List<LayerSubspace> layers) {

    static UnlearningReport of(Unlearning change, List<KnowledgeItem> forget, int retain) {
        return new UnlearningReport(change.method().name(), forget.stream().map(KnowledgeItem::id).toList(), retain,
                change.trainings(), change.weightNames(), change.layers());
    }

    /** Optimiser steps of every training together. */
    @JsonIgnore
    int steps() {
        return trainings.stream().mapToInt(Unlearning.Training::steps).sum();
    }

    /** The last training's last loss. */
    @JsonIgnore
    double finalLoss() {
        return trainings.isEmpty() ? Double.NaN : trainings.get(trainings.size() - 1).finalLoss();
    }

    /** The result's compact view of {@link #layers}. */
    @JsonIgnore
    List<UnlearnResult.Subspace> subspaces() {
        return layers.stream().map(l -> new UnlearnResult.Subspace(l.weight(), l.targetRank(), l.keepRank(),
                l.appliedRank(), l.sharedEnergy(), l.energyKept())).toList();
    }
}
