package engram.functions.api;

import java.util.List;

/**
 * Result of {@code unlearn}: where the change is and what it did, never the tensors.
 *
 * @param adapter   the edit folder, pinned to its SHA-256: {@code edit.json} (format {@code engram-unlearning},
 *                  {@code base_model_name_or_path} = {@code sha256:<model hash>}) and {@code deltas.safetensors};
 *                  {@code score-knowledge} and {@code run-eval} apply it as {@code adapter}
 * @param report    {@code unlearning.json}: method, trainings and every weight's subspace
 * @param manifest  what produced them
 * @param method    the method that ran
 * @param forget    forget items
 * @param retain    retain items read (0 without a retain set)
 * @param steps     optimiser steps run, all trainings together
 * @param finalLoss the last training's last loss (negative for gradient ascent)
 * @param weights   weights changed
 * @param layers    per changed weight, its subspace ranks and energies (UNLEARN/LEARN; empty for the baselines)
 * @param cost      the call's price and measured seconds
 */
public record UnlearnResult(ArtifactRef adapter, ArtifactRef report, ArtifactRef manifest, String method, int forget,
                            int retain, int steps, Double finalLoss, int weights, List<Subspace> layers, Cost cost) {

    /**
     * One weight's subspaces ({@code engram.knowledge.unlearn.LayerSubspace}).
     *
     * @param weight       Hugging Face name of the weight
     * @param targetRank   rank of the forget task's matrix
     * @param keepRank     dimension of the retain subspace it was orthogonalised against
     * @param appliedRank  rank of the matrix written in
     * @param sharedEnergy fraction of the task's energy shared with the retain subspace (removed)
     * @param energyKept   fraction of the specific part's energy the applied directions carry
     */
    public record Subspace(String weight, int targetRank, int keepRank, int appliedRank, double sharedEnergy,
                           double energyKept) {}
}
