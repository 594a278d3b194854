package engram.world;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.knowledge.EngramJsonl;
import engram.knowledge.KnowledgeItem;
import engram.model.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Function;

/** Writes a world's files in the schemas documented in {@code package-info.java}, each one atomically. */
final class WorldFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final World world;

    WorldFiles(World world) {
        this.world = world;
    }

    void writeTo(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create world folder " + folder, e);
        }
        write(folder, "entities.jsonl", jsonLines(world.entities(), WorldFiles::entity));
        write(folder, "facts.jsonl", jsonLines(world.facts(), WorldFiles::fact));
        write(folder, "templates.jsonl", jsonLines(world.templates(), WorldFiles::template));
        write(folder, "items.jsonl", itemLines());
        write(folder, "biographies.jsonl", jsonLines(world.biographies(), WorldFiles::biography));
        write(folder, "chains.jsonl", jsonLines(world.chains(), WorldFiles::chain));
        write(folder, "pretraining.txt", String.join("\n", world.pretrainingDocuments()) + "\n");
        write(folder, "world.json", summary());
    }

    private static ObjectNode entity(Entity entity) {
        return JSON.createObjectNode().put("id", entity.id()).put("type", entity.type().label())
                .put("name", entity.name());
    }

    private static ObjectNode fact(Fact fact) {
        return JSON.createObjectNode().put("id", fact.id()).put("relation", fact.relation().label())
                .put("subject_id", fact.subject().id()).put("subject", fact.subject().name())
                .put("object_id", fact.object().id()).put("object", fact.object().name());
    }

    private static ObjectNode template(Template template) {
        return JSON.createObjectNode().put("id", template.id()).put("relation", template.relation().label())
                .put("kind", template.kind().label()).put("pattern", template.pattern())
                .put("held_out", template.heldOut());
    }

    private static ObjectNode biography(Biography biography) {
        ObjectNode node = JSON.createObjectNode().put("id", biography.id())
                .put("author_id", biography.author().id()).put("author", biography.author().name())
                .put("holdout", biography.holdout()).put("forget01", biography.forget01())
                .put("forget05", biography.forget05()).put("forget10", biography.forget10());
        ArrayNode qa = node.putArray("qa");
        biography.qa().forEach(pair -> qa.addObject().put("question", pair.question()).put("answer", pair.answer())
                .put("prompt", pair.prompt()).put("target", pair.target()));
        return node;
    }

    private static ObjectNode chain(Chain chain) {
        ObjectNode node = JSON.createObjectNode().put("id", chain.id()).put("kind", chain.kind().label())
                .put("subject_id", chain.subject().id()).put("subject", chain.subject().name());
        node.putArray("hops").add(chain.first().id()).add(chain.second().id());
        return node.put("bridge_id", chain.first().object().id()).put("bridge", chain.first().object().name())
                .put("question", chain.kind().question(chain.subject().name()))
                .put("cloze", chain.kind().cloze(chain.subject().name())).put("target", chain.target());
    }

    private String summary() {
        WorldSpec spec = world.spec();
        ObjectNode root = JSON.createObjectNode().put("version", World.VERSION).put("seed", spec.seed());
        root.putObject("spec").put("people", spec.people()).put("cities", spec.cities())
                .put("countries", spec.countries()).put("organisations", spec.organisations())
                .put("works", spec.works()).put("authors", spec.authors());
        ObjectNode counts = root.putObject("counts").put("entities", world.entities().size());
        for (Entity.Type type : Entity.Type.values()) {
            counts.put(type.label(), world.entities().stream().filter(e -> e.type() == type).count());
        }
        counts.put("relations", Relation.values().length).put("templates", world.templates().size())
                .put("facts", world.facts().size()).put("items", world.editItems().size())
                .put("biographies", world.biographies().size()).put("chains", world.chains().size())
                .put("pretraining_documents", world.pretrainingDocuments().size())
                .put("pretraining_characters", world.pretrainingDocuments().stream().mapToLong(String::length).sum())
                .put("held_out_statements", world.heldOutStatements().size());
        ArrayNode relations = root.putArray("relations");
        for (Relation relation : Relation.values()) {
            relations.addObject().put("name", relation.label()).put("subject_type", relation.subjectType().label())
                    .put("object_type", relation.objectType().label());
        }
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(pretty).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render world.json", e);
        }
    }

    /** Items in engram's JSONL ({@link EngramJsonl}), so {@code items.jsonl} reads back as knowledge items. */
    private String itemLines() {
        StringBuilder text = new StringBuilder();
        for (KnowledgeItem item : world.editItems()) {
            text.append(EngramJsonl.line(item)).append('\n');
        }
        return text.toString();
    }

    private static <T> String jsonLines(List<T> rows, Function<T, ObjectNode> toJson) {
        StringBuilder text = new StringBuilder();
        for (T row : rows) {
            text.append(toJson.apply(row).toString()).append('\n');
        }
        return text.toString();
    }

    /** Writes the file whole or not at all ({@link AtomicFiles}). */
    private static void write(Path folder, String name, String text) {
        try {
            AtomicFiles.writeString(folder.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(name), e);
        }
    }
}
