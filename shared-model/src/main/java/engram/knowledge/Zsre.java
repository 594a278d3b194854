package engram.knowledge;

import java.nio.file.Path;
import java.util.List;

/** Reads zsRE in MEND json (EasyEdit {@code dataset/zsre.py}); the mapping is documented on {@link Format#ZSRE}. */
final class Zsre {
    private Zsre() {}

    static ItemReader open(Path file) {
        int[] index = {0};   // the records carry no id, so an item is named by its position in the file
        return ItemReader.mapping(new JsonArrayFile(file, false), r -> item(r, index[0]++));
    }

    static KnowledgeItem item(JsonRecord r, int index) {
        var neighbour = new KnowledgeItem.Check(r.text("loc"), " " + r.text("loc_ans"));
        return new KnowledgeItem("zsre-" + index, r.text("subject"), "", r.text("src"),
                " " + r.texts("answers", 1).get(0), " " + r.text("alt"), List.of(r.text("rephrase")),
                List.of(neighbour), List.of(), null, List.of(), "zsre");
    }
}
