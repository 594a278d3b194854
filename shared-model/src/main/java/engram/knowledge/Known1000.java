package engram.knowledge;

import java.nio.file.Path;

/** Reads ROME's {@code known_1000.json}; the mapping is documented on {@link Format#KNOWN_1000}. */
final class Known1000 {
    private Known1000() {}

    static ItemReader open(Path file) {
        return ItemReader.mapping(new JsonArrayFile(file, false), Known1000::item);
    }

    static KnowledgeItem item(JsonRecord r) {
        return new KnowledgeItem("known-" + r.integer("known_id"), r.text("subject"), r.text("relation_id"),
                r.text("prompt"), " " + r.text("attribute"), null, null, null, null, null, null, "known");
    }
}
