package engram.knowledge;

import java.nio.file.Path;
import java.util.List;

/** Reads CounterFact in EasyEdit/MEND json; the mapping is documented on {@link Format#COUNTERFACT}. */
final class CounterFact {
    private CounterFact() {}

    static ItemReader open(Path file) {
        return ItemReader.mapping(new JsonArrayFile(file, false), CounterFact::item);
    }

    static KnowledgeItem item(JsonRecord r) {
        var neighbour = new KnowledgeItem.Check(r.text("locality_prompt"), " " + r.text("locality_ground_truth"));
        return new KnowledgeItem("counterfact-" + r.integer("case_id"), r.text("subject"), "", r.text("prompt"),
                " " + r.text("ground_truth"), " " + r.text("target_new"), List.of(r.text("rephrase_prompt")),
                List.of(neighbour), List.of(), null, List.of(), "counterfact");
    }
}
