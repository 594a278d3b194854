package engram.knowledge.unlearn;

/**
 * What UNLEARN/LEARN did to one weight matrix.
 *
 * @param weight        Hugging Face name of the weight, e.g. {@code model.layers.2.mlp.down_proj.weight}
 * @param targetRank    numerical rank of the target task matrix {@code T}
 * @param keepRank      dimension of the keep subspace {@code Q} it was orthogonalised against
 * @param sharedEnergy  fraction of {@code ‖T‖²} inside the keep subspace, removed before the edit
 * @param appliedRank   rank r of the applied matrix {@code T̂} after energy truncation
 * @param energyKept    fraction of {@code ‖T̃‖²} that the r kept directions carry
 * @param norm          Frobenius norm of {@code T̂}; the change written into the weight is {@code ±α T̂}
 */
public record LayerSubspace(String weight, int targetRank, int keepRank, double sharedEnergy, int appliedRank,
                            double energyKept, double norm) {
}
