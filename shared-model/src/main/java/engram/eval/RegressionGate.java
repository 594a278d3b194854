package engram.eval;

import engram.knowledge.KnowledgeItem;
import java.util.List;

/**
 * A check between sequential edit batches: locality (EasyEdit's form, the fraction of neighbour predictions
 * unchanged from the model before the sequence; {@link EditEvaluation}) is measured on a held sample after each
 * batch, and a batch that lowers it by more than {@code maxLocalityDrop} below the last accepted batch is
 * rolled back.
 *
 * @param heldSample      items whose neighbours are watched (they need {@code target_new} and neighbours)
 * @param maxLocalityDrop largest tolerated drop, in [0, 1] (locality is a fraction)
 * @param options         evaluation settings (fluency is not needed; set {@code fluencyItems} to 0)
 */
public record RegressionGate(List<KnowledgeItem> heldSample, double maxLocalityDrop, EditEvaluation.Options options) {

    /** Copies the sample. */
    public RegressionGate {
        heldSample = heldSample == null ? List.of() : List.copyOf(heldSample);
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the field
     */
    public RegressionGate validate() {
        if (heldSample.isEmpty()) {
            throw new IllegalArgumentException("heldSample must hold at least one item");
        }
        if (!(maxLocalityDrop >= 0 && maxLocalityDrop <= 1)) {
            throw new IllegalArgumentException("maxLocalityDrop must be in [0, 1], got " + maxLocalityDrop);
        }
        options.validate();
        return this;
    }
}
