package engram.knowledge.filter;

import engram.knowledge.KnowledgeItem;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import java.util.ArrayList;
import java.util.List;

/**
 * The Semantic Beacons filter's result: every candidate is either kept (with a loss weight) or dropped (with a
 * reason), each list in candidate order.
 *
 * @param kept    kept candidates, by increasing index
 * @param dropped dropped candidates, by increasing index
 */
public record BeaconSelection(List<BeaconKept> kept, List<BeaconDropped> dropped) {

    /** Defensive copies. */
    public BeaconSelection {
        kept = List.copyOf(kept);
        dropped = List.copyOf(dropped);
    }

    /** The kept items, in candidate order. */
    public List<KnowledgeItem> keptItems() {
        return kept.stream().map(BeaconKept::item).toList();
    }

    /**
     * Training examples of the kept items, in candidate order: BOS + prompt, then the target as it tokenizes after
     * the prompt ({@link Tokenizer#encodeContinuation}); the loss counts the target tokens only, each scaled by the
     * item's weight {@code w_j}. The trainer then minimises {@code Σ_j w_j Σ_t CE_{j,t} / Σ_j |a_j|}, the token-level
     * form of docs/methods.md §4.3's {@code (1/B) Σ_j w_j CE_j}.
     */
    public List<Example> examples(Tokenizer tokenizer) {
        List<Example> out = new ArrayList<>(kept.size());
        for (BeaconKept k : kept) {
            KnowledgeItem item = k.item();
            out.add(Example.completion(tokenizer.encodeWithBos(item.prompt()),
                    tokenizer.encodeContinuation(item.prompt(), item.target()), k.weight()));
        }
        return out;
    }
}
