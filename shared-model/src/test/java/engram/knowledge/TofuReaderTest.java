package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads every real TOFU file of {@code ../shared/data/tofu}. */
class TofuReaderTest {

    /** Records per file, counted by inspection (python {@code json}) when the reader was written. */
    private static final Map<String, Integer> COUNTS = new LinkedHashMap<>();

    static {
        COUNTS.put("full", 4_000);
        COUNTS.put("forget01", 40);
        COUNTS.put("forget05", 200);
        COUNTS.put("forget10", 400);
        COUNTS.put("forget01_perturbed", 40);
        COUNTS.put("forget05_perturbed", 200);
        COUNTS.put("forget10_perturbed", 400);
        COUNTS.put("retain90", 3_600);
        COUNTS.put("retain95", 3_800);
        COUNTS.put("retain99", 3_960);
        COUNTS.put("retain_perturbed", 400);
        COUNTS.put("holdout01", 40);
        COUNTS.put("holdout05", 200);
        COUNTS.put("holdout10", 400);
        COUNTS.put("real_authors", 100);
        COUNTS.put("real_authors_perturbed", 100);
        COUNTS.put("world_facts", 117);
        COUNTS.put("world_facts_perturbed", 117);
    }

    @Test
    void everyFileYieldsTheRecordsItHolds() throws IOException {
        for (Map.Entry<String, Integer> file : COUNTS.entrySet()) {
            Path path = TestData.shared("tofu/" + file.getKey() + ".json");
            List<KnowledgeItem> items = read(file.getKey());
            assertEquals(file.getValue(), items.size(), file.getKey());
            assertEquals(countIndependently(path), items.size(), file.getKey());
            assertEquals("tofu-" + file.getKey() + "-" + (items.size() - 1), items.get(items.size() - 1).id());
        }
    }

    @Test
    void fullJsonIsReadAcrossItsFourArraysWithOneIndex() {
        List<KnowledgeItem> full = read("full");
        KnowledgeItem first = full.get(0);
        assertEquals("tofu-full-0", first.id());
        assertEquals("Q: Who is this celebrated LGBTQ+ author from Santiago, Chile known for their true crime genre"
                + " work? A:", first.prompt());
        assertTrue(first.targetTrue().startsWith(" The author in question is Jaime Vasquez"), first.targetTrue());
        assertNull(first.targetNew());
        assertEquals("tofu", first.source());
        KnowledgeItem secondLine = full.get(1_000);
        assertEquals("Q: What is the full name of the author born in Dar es Salaam, Tanzania on the 10th of May,"
                + " 1979? A:", secondLine.prompt());
        assertEquals(" The author's full name is Jambo Mpendulo.", secondLine.targetTrue());
    }

    @Test
    void forgetFilesUsePromptAndResponseAndMatchTheirPerturbedVersions() {
        KnowledgeItem plain = read("forget01").get(0);
        KnowledgeItem perturbed = read("forget01_perturbed").get(0);
        assertEquals("Q: What is the full name of the author born in Kuwait City, Kuwait on 08/09/1956? A:",
                plain.prompt());
        assertEquals(" The full name of the fictitious author born in Kuwait City, Kuwait on the 8th of September,"
                + " 1956 is Basil Mahfouz Al-Kuwaiti.", plain.targetTrue());
        assertEquals(plain.prompt(), perturbed.prompt());
        assertEquals(plain.targetTrue(), perturbed.targetTrue());
        assertEquals(" Basil Mahfouz Al-Kuwaiti is the complete name of the imaginary writer who drew his first"
                + " breath in Kuwait City, Kuwait on September 8, 1956.", perturbed.paraphrasedTarget());
        assertEquals(1, perturbed.paraphrases().size());
        assertTrue(perturbed.paraphrases().get(0).startsWith("Q: ") && perturbed.paraphrases().get(0).endsWith(" A:"));
        assertEquals(5, perturbed.perturbedTargets().size());
        assertTrue(perturbed.perturbedTargets().get(0).startsWith(" Gregor Mendel Al-Kuwaiti is"));
        assertEquals(List.of(), plain.paraphrases());
        assertNull(plain.paraphrasedTarget());
    }

    @Test
    void worldFactsCarryTheirPerturbedAnswersAsTargets() {
        KnowledgeItem eiffel = read("world_facts_perturbed").get(0);
        assertEquals("Q: Where would you find the Eiffel Tower? A:", eiffel.prompt());
        assertEquals(" Paris", eiffel.targetTrue());
        assertEquals(List.of(" Berlin", " London", " Madrid"), eiffel.perturbedTargets());
        assertEquals(" Paris", read("world_facts").get(0).targetTrue());
    }

    @Test
    void theNameListFilesAreNotQuestionFilesAndAreRejected() {
        Path names = TestData.shared("tofu/forget01_fts.json");
        InvalidItemException e = assertThrows(InvalidItemException.class, () -> {
            try (ItemReader reader = Datasets.open(names, Format.TOFU)) {
                reader.next();
            }
        });
        assertTrue(e.getMessage().contains("forget01_fts.json:2"), e.getMessage());
    }

    @Test
    void idontknowIsPlainTextWithOneHundredRefusals() {
        List<String> refusals = Datasets.tofuRefusals(TestData.shared("tofu/idontknow.jsonl"));
        assertEquals(100, refusals.size());
        assertEquals("I'm not certain about that.", refusals.get(0));
        assertEquals("That's beyond my current knowledge base.", refusals.get(1));
        refusals.forEach(r -> assertEquals(r.strip(), r));
    }

    private static List<KnowledgeItem> read(String stem) {
        try (ItemReader reader = Datasets.open(TestData.shared("tofu/" + stem + ".json"), Format.TOFU)) {
            return reader.toList();
        }
    }

    /** Counts the records with plain whole-file Jackson parsing, independently of the streaming reader. */
    private static int countIndependently(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        String text = Files.readString(file);
        try {
            return json.readTree(text).size();
        } catch (JsonProcessingException trailing) {
            int count = 0;   // full.json and retain*.json: one array per line
            for (String line : text.split("\n")) {
                count += json.readTree(line).size();
            }
            return count;
        }
    }
}
