package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads the real ParaRel folder {@code ../shared/data/pararel}. */
class ParaRelReaderTest {

    private static List<KnowledgeItem> items;
    private static Map<String, Integer> skipped;

    @BeforeAll
    static void readAll() {
        try (ItemReader reader = Datasets.open(TestData.shared("pararel"), Format.PARAREL)) {
            items = reader.toList();
            skipped = reader.skipped();
        }
    }

    @Test
    void theFolderHoldsTheFactsAndPatternsTheReadmeCounts() throws IOException {
        assertEquals(41, files("trex_lms_vocab").size());
        assertEquals(29_411, lines("trex_lms_vocab"));
        assertEquals(39, files("graphs_json").size());
        // the data README says 332 patterns, but the 39 files hold 329 lines, one pattern each
        assertEquals(329, lines("graphs_json"));
    }

    @Test
    void factsOfRelationsWithoutPatternsAreCountedNotDropped() {
        assertEquals(Map.of("P31", 879, "P527", 922), skipped);
        assertEquals(29_411 - 879 - 922, items.size());
        assertEquals(items.size(), items.stream().map(KnowledgeItem::id).distinct().count(), "uuids are unique");
    }

    @Test
    void theFirstFactUsesItsRelationsOnlyPatternWithTheFullStopCutOff() {
        KnowledgeItem first = items.get(0);   // P1001.jsonl sorts before P101.jsonl
        assertEquals("pararel-3fe3d4da-9df9-45ba-8109-784ce5fba38a", first.id());
        assertEquals("president of the French Republic is a legal term in", first.prompt());
        assertEquals(" France", first.targetTrue());
        assertNull(first.targetNew());
        assertEquals("P1001", first.relation());
        assertEquals("president of the French Republic", first.subject());
        assertEquals(List.of(), first.paraphrases());
        assertEquals("pararel", first.source());
    }

    @Test
    void paraphrasesAreTheOtherPatternsThatEndInY() {
        KnowledgeItem turing = items.stream().filter(i -> i.id().equals("pararel-7d58f005-5166-4af7-a2e0-c960de153441"))
                .findFirst().orElseThrow();
        assertEquals("P101", turing.relation());
        assertEquals("Alan Turing works in the field of", turing.prompt());
        assertEquals(" logic", turing.targetTrue());
        assertEquals(9, turing.paraphrases().size(), "P101 has 13 patterns, 10 of them end in [Y]");
        assertEquals("Alan Turing specializes in", turing.paraphrases().get(0));
        turing.paraphrases().forEach(p -> assertTrue(p.contains("Alan Turing") && !p.contains("["), p));
    }

    private static List<Path> files(String folder) throws IOException {
        try (Stream<Path> entries = Files.list(TestData.shared("pararel/" + folder))) {
            return entries.filter(p -> p.toString().endsWith(".jsonl")).toList();
        }
    }

    private static long lines(String folder) throws IOException {
        long count = 0;
        for (Path file : files(folder)) {
            count += Files.readAllLines(file).size();
        }
        return count;
    }
}
