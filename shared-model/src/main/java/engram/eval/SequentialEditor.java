package engram.eval;

import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.editor.EditLedger.Entry;
import engram.knowledge.editor.EditLedger.Mode;
import engram.knowledge.editor.EditLedger;
import engram.tokenizer.Tokenizer;
import engram.train.StepReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sequential (continual) editing: batches of items edited one after another into a ledger, each trained on
 * the model the previous ones left, each either stacked or merged ({@link Mode}). With a {@link RegressionGate},
 * locality on the gate's held sample is re-checked after every batch against the model as it was before the
 * sequence ({@link EditEvaluation#baseline}); a batch that drops it by more than the gate allows below the last
 * accepted batch is rolled back, and both the outcome and the journal say so.
 */
public final class SequentialEditor {
    private SequentialEditor() {}

    /**
     * One batch of a sequence.
     *
     * @param items  the facts edited together (batch editing: one training)
     * @param config how to edit them
     */
    public record Batch(List<KnowledgeItem> items, EditConfig config) {
        /** Copies the items. */
        public Batch {
            items = List.copyOf(items);
        }

        /** The same {@code config} for every batch of {@code items}. */
        public static List<Batch> all(List<List<KnowledgeItem>> items, EditConfig config) {
            return items.stream().map(i -> new Batch(i, config)).toList();
        }
    }

    /**
     * What happened to one batch.
     *
     * @param batch    index of the batch
     * @param entry    its APPLY entry in the ledger
     * @param reverted whether the regression gate rolled it back
     * @param locality locality on the gate's held sample right after the batch (NaN without a gate)
     */
    public record BatchOutcome(int batch, Entry entry, boolean reverted, double locality) {}

    /**
     * Edits {@code batches} in order into {@code ledger}.
     *
     * @param gate     the regression gate, or null for none
     * @param progress called after every optimiser step of every batch
     * @return one outcome per batch, in order
     */
    public static List<BatchOutcome> run(EditLedger ledger, Tokenizer tokenizer, List<Batch> batches, Mode mode,
                                         RegressionGate gate, Consumer<StepReport> progress) {
        EditEvaluation.LocalityBaseline reference = gate == null ? null
                : EditEvaluation.baseline(ledger.model(), tokenizer, gate.validate().heldSample(), gate.options());
        double accepted = 1.0;                        // the model before the sequence agrees with itself
        List<BatchOutcome> out = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            String parent = ledger.head() == null ? null : ledger.head().id();
            Entry entry = ledger.edit(tokenizer, batches.get(i).items(), batches.get(i).config(), mode, progress);
            double locality = Double.NaN;
            boolean reverted = false;
            if (gate != null) {
                locality = EditEvaluation.evaluate(ledger.model(), tokenizer, gate.heldSample(), reference,
                        gate.options()).locality();
                if (accepted - locality > gate.maxLocalityDrop()) {
                    ledger.rollbackTo(parent, String.format("regression gate: batch %d (%s) dropped locality from "
                            + "%.4f to %.4f, more than %.4f", i, entry.id(), accepted, locality, gate.maxLocalityDrop()));
                    reverted = true;
                } else {
                    accepted = locality;
                }
            }
            out.add(new BatchOutcome(i, entry, reverted, locality));
        }
        return out;
    }
}
