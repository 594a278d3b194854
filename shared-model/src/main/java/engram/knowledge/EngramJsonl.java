package engram.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * engram's own item file, the schema of a world's {@code items.jsonl} (see {@link Format#ENGRAM_JSONL}): one
 * JSON object per line, UTF-8, {@code \n} line ends, fields always in this order: {@code id, subject,
 * relation, prompt, target_true, target_new, paraphrases, neighbours, portability, paraphrased_target,
 * perturbed_targets, source, weight}. {@code weight} (the item's loss weight, &gt; 0) is written only when it is
 * not 1. {@code target_true}, {@code target_new} and {@code paraphrased_target} are left
 * out when null and {@code perturbed_targets} when empty, so a world's items (which have neither of the last
 * two) keep their exact bytes. Reading back what {@link #write} wrote gives equal items.
 */
public final class EngramJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngramJsonl() {}

    /** One item as a single line of JSON, without the line end. */
    public static String line(KnowledgeItem item) {
        ObjectNode node = JSON.createObjectNode().put("id", item.id()).put("subject", item.subject())
                .put("relation", item.relation()).put("prompt", item.prompt());
        if (item.targetTrue() != null) {
            node.put("target_true", item.targetTrue());
        }
        if (item.targetNew() != null) {
            node.put("target_new", item.targetNew());
        }
        ArrayNode paraphrases = node.putArray("paraphrases");
        item.paraphrases().forEach(paraphrases::add);
        node.set("neighbours", checks(item.neighbours()));
        node.set("portability", checks(item.portability()));
        if (item.paraphrasedTarget() != null) {
            node.put("paraphrased_target", item.paraphrasedTarget());
        }
        if (!item.perturbedTargets().isEmpty()) {
            ArrayNode perturbed = node.putArray("perturbed_targets");
            item.perturbedTargets().forEach(perturbed::add);
        }
        node.put("source", item.source());
        if (item.weight() != 1) {
            node.put("weight", item.weight());                  // unweighted lines stay as they were
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render item " + item.id(), e);
        }
    }

    /**
     * Writes {@code items} to {@code file} (replacing it), one line each, as they are iterated, so a reader's
     * {@code stream()::iterator} can be copied without holding every item in memory.
     *
     * @throws InvalidItemException naming {@code file}, the line and the field of the first item that fails
     *                              {@link KnowledgeItem#validate(String)}
     */
    public static void write(Path file, Iterable<KnowledgeItem> items) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (KnowledgeItem item : items) {
                number++;
                out.write(line(item.validate(file + ":" + number)));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static ItemReader open(Path file) {
        return ItemReader.mapping(new JsonLinesFile(file), EngramJsonl::item);
    }

    static KnowledgeItem item(JsonRecord r) {
        return new KnowledgeItem(r.text("id"), r.string("subject", ""), r.string("relation", ""), r.text("prompt"),
                r.optionalText("target_true"), r.optionalText("target_new"), optionalTexts(r, "paraphrases"),
                checks(r, "neighbours"), checks(r, "portability"), r.optionalText("paraphrased_target"),
                optionalTexts(r, "perturbed_targets"), r.text("source"), r.positive("weight", 1));
    }

    private static ArrayNode checks(List<KnowledgeItem.Check> checks) {
        ArrayNode array = JSON.createArrayNode();
        checks.forEach(c -> array.addObject().put("prompt", c.prompt()).put("target", c.target()));
        return array;
    }

    private static List<KnowledgeItem.Check> checks(JsonRecord r, String field) {
        if (!r.has(field)) {
            return List.of();
        }
        return r.objects(field, 0).stream().map(c -> new KnowledgeItem.Check(c.text("prompt"), c.text("target")))
                .toList();
    }

    private static List<String> optionalTexts(JsonRecord r, String field) {
        return r.has(field) ? r.texts(field, 0) : List.of();
    }
}
