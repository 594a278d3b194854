package engram.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldFilesSchemaTest {

    @TempDir
    static Path folder;
    static WrittenWorld world;

    @BeforeAll
    static void writeWorld() {
        world = WrittenWorld.generate(folder, 2024);
    }

    @Test
    void everyEditItemHasAPromptDistinctTargetsParaphrasesAndNeighbours() {
        List<JsonNode> items = world.lines("items.jsonl");
        assertEquals(world.lines("facts.jsonl").size(), items.size(), "one item per fact");
        for (JsonNode item : items) {
            for (String field : List.of("id", "subject", "relation", "prompt", "target_true", "target_new", "source")) {
                assertTrue(item.get(field).isTextual() && !item.get(field).asText().isBlank(), field + " in " + item);
            }
            assertTrue(item.get("target_true").asText().startsWith(" "), item.toString());
            assertTrue(item.get("target_new").asText().startsWith(" "), item.toString());
            assertNotEquals(item.get("target_true"), item.get("target_new"), item.toString());
            assertTrue(item.get("paraphrases").size() >= 2, item.toString());
            item.get("paraphrases").forEach(p -> assertTrue(p.isTextual() && p.asText().contains(subject(item))));
            assertTrue(item.get("neighbours").size() >= 1, item.toString());
            assertTrue(item.get("portability").isArray(), item.toString());
            for (String list : List.of("neighbours", "portability")) {
                item.get(list).forEach(check -> assertPromptAndTarget(check, list + " of " + item.get("id")));
            }
            item.get("neighbours").forEach(n -> assertNotEquals(item.get("target_new"), n.get("target")));
            assertEquals(World.ITEM_SOURCE, item.get("source").asText());
        }
    }

    @Test
    void entitiesFactsAndTemplatesHaveTheirFieldsAndUniqueIds() {
        Set<String> types = Set.of("person", "city", "country", "language", "organisation", "work", "occupation",
                "award");
        List<JsonNode> entities = world.lines("entities.jsonl");
        entities.forEach(e -> assertTrue(types.contains(e.get("type").asText()) && !e.get("name").asText().isBlank()));
        assertUnique(entities, "id", "entity ids");
        assertUnique(entities, "name", "entity names");
        Map<String, String> names = world.names();
        for (JsonNode fact : world.lines("facts.jsonl")) {
            assertEquals(names.get(fact.get("subject_id").asText()), fact.get("subject").asText());
            assertEquals(names.get(fact.get("object_id").asText()), fact.get("object").asText());
        }
        for (JsonNode template : world.lines("templates.jsonl")) {
            assertTrue(template.get("pattern").asText().contains("{subject}"), template.toString());
            assertTrue(Set.of("cloze", "statement", "question").contains(template.get("kind").asText()));
            assertTrue(template.get("held_out").isBoolean(), template.toString());
        }
    }

    @Test
    void biographiesAndChainsHaveTheirFields() {
        for (JsonNode bio : world.lines("biographies.jsonl")) {
            for (String flag : List.of("holdout", "forget01", "forget05", "forget10")) {
                assertTrue(bio.get(flag).isBoolean(), flag + " in " + bio.get("id"));
            }
            for (JsonNode qa : bio.get("qa")) {
                assertEquals("Q: " + qa.get("question").asText() + " A:", qa.get("prompt").asText());
                assertEquals(" " + qa.get("answer").asText(), qa.get("target").asText());
                assertFalse(qa.get("answer").asText().isBlank(), bio.get("id").asText());
            }
        }
        for (JsonNode chain : world.lines("chains.jsonl")) {
            assertEquals(2, chain.get("hops").size(), chain.toString());
            String question = chain.get("question").asText();
            assertTrue(question.startsWith("Q: ") && question.endsWith(" A:"), question);
            assertTrue(chain.get("cloze").asText().contains(chain.get("subject").asText()));
            assertTrue(chain.get("target").asText().startsWith(" "), chain.toString());
        }
    }

    @Test
    void countsMeetTheMinimums() {
        assertTrue(world.lines("entities.jsonl").size() >= 1000);
        Map<String, int[]> templatesPerRelation = new TreeMap<>();   // relation -> {templates, held out}
        for (JsonNode template : world.lines("templates.jsonl")) {
            int[] counts = templatesPerRelation.computeIfAbsent(template.get("relation").asText(), r -> new int[2]);
            counts[0]++;
            counts[1] += template.get("held_out").asBoolean() ? 1 : 0;
        }
        assertTrue(templatesPerRelation.size() >= 12, templatesPerRelation.keySet().toString());
        templatesPerRelation.forEach((relation, counts) -> {
            assertTrue(counts[0] >= 5 && counts[1] >= 1 && counts[1] < counts[0], relation);
        });
        assertEquals(templatesPerRelation.keySet(), world.factsByRelation().keySet(), "every relation has facts");
        List<JsonNode> bios = world.lines("biographies.jsonl");
        assertTrue(bios.size() >= 100);
        bios.forEach(bio -> assertTrue(bio.get("qa").size() >= 10, bio.get("id").asText()));
        assertTrue(world.lines("chains.jsonl").size() >= 200);
    }

    @Test
    void worldJsonCountsMatchTheFilesAndTheCorpusIsModest() {
        JsonNode counts = world.summary().get("counts");
        assertEquals(2024, world.summary().get("seed").asLong());
        assertEquals(world.lines("entities.jsonl").size(), counts.get("entities").asInt());
        assertEquals(world.lines("facts.jsonl").size(), counts.get("facts").asInt());
        assertEquals(world.lines("chains.jsonl").size(), counts.get("chains").asInt());
        List<String> documents = world.text("pretraining.txt");
        assertEquals(documents.size(), counts.get("pretraining_documents").asInt());
        assertEquals(documents.stream().mapToLong(String::length).sum(), counts.get("pretraining_characters").asLong());
        assertTrue(documents.size() >= 15_000 && documents.size() <= 40_000, "documents: " + documents.size());
        assertEquals(documents.size(), new HashSet<>(documents).size(), "no document is repeated");
    }

    private static String subject(JsonNode item) {
        return item.get("subject").asText();
    }

    private static void assertPromptAndTarget(JsonNode check, String where) {
        assertFalse(check.get("prompt").asText().isBlank(), where);
        assertTrue(check.get("target").asText().startsWith(" "), where);
    }

    private static void assertUnique(List<JsonNode> rows, String field, String what) {
        Set<String> seen = new HashSet<>();
        rows.forEach(row -> assertTrue(seen.add(row.get(field).asText()), what + " repeat " + row.get(field)));
    }
}
