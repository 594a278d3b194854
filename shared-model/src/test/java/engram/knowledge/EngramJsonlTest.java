package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * engram's own item JSONL: the writer and reader agree with each other (that they agree with a world's items.jsonl
 * is checked in engram-tools, {@code EngramJsonlWorldTest}, beside the world generator).
 */
class EngramJsonlTest {

    private static final KnowledgeItem EDIT = new KnowledgeItem("counterfact-0", "Danielle Darrieux", "",
            "The mother tongue of Danielle Darrieux is", " French", " English",
            List.of("Where Danielle Darrieux is from, people speak the language of"),
            List.of(new KnowledgeItem.Check("Michel Rocard is a native speaker of", " French")),
            List.of(new KnowledgeItem.Check("Q: Which language did Danielle Darrieux's parents speak? A:", " English")),
            null, null, "counterfact");
    private static final KnowledgeItem QA = new KnowledgeItem("tofu-x-0", null, null, "Q: Where is \"it\"? A:",
            " Paris, naïvely", null, List.of("Q: Where would one find it? A:"), null, null, " In Paris",
            List.of(" Berlin", " Madrid"), "tofu");
    private static final KnowledgeItem FACT =
            KnowledgeItem.fact("known-0", "Vinson Massif is located in", " Antarctica", "known");

    @Test
    void writtenItemsReadBackEqual(@TempDir Path folder) {
        Path file = folder.resolve("items.jsonl");
        EngramJsonl.write(file, List.of(EDIT, QA, FACT));
        try (ItemReader reader = Datasets.open(file, Format.ENGRAM_JSONL)) {
            assertEquals(List.of(EDIT, QA, FACT), reader.toList());
        }
    }

    @Test
    void fieldsComeInTheDocumentedOrderAndAbsentOptionalsAreLeftOut() {
        assertEquals("{\"id\":\"known-0\",\"subject\":\"\",\"relation\":\"\","
                + "\"prompt\":\"Vinson Massif is located in\","
                + "\"target_true\":\" Antarctica\",\"paraphrases\":[],\"neighbours\":[],\"portability\":[],"
                + "\"source\":\"known\"}", EngramJsonl.line(FACT));
        String qa = EngramJsonl.line(QA);
        assertTrue(qa.indexOf("\"portability\"") < qa.indexOf("\"paraphrased_target\"")
                && qa.indexOf("\"paraphrased_target\"") < qa.indexOf("\"perturbed_targets\"")
                && qa.indexOf("\"perturbed_targets\"") < qa.indexOf("\"source\""), qa);
        assertTrue(!qa.contains("target_new"), qa);
    }

    @Test
    void aLossWeightSurvivesTheLineAndOnlyAWeightOtherThanOneIsWritten(@TempDir Path folder) {
        Path file = folder.resolve("weighted.jsonl");
        KnowledgeItem weighted = EDIT.withWeight(1.25);
        EngramJsonl.write(file, List.of(weighted, FACT));
        List<KnowledgeItem> read;
        try (ItemReader reader = Datasets.open(file, Format.ENGRAM_JSONL)) {
            read = reader.toList();
        }
        assertEquals(List.of(weighted, FACT), read);
        assertEquals(1.25, read.get(0).weight());
        assertTrue(EngramJsonl.line(weighted).endsWith(",\"weight\":1.25}"), EngramJsonl.line(weighted));
        assertFalse(EngramJsonl.line(FACT).contains("weight"), EngramJsonl.line(FACT));
    }

    @Test
    void theWriterRefusesAnInvalidItemNamingTheLineAndField(@TempDir Path folder) {
        Path file = folder.resolve("bad.jsonl");
        KnowledgeItem noTarget = KnowledgeItem.fact("x-1", "A prompt", null, "test");
        InvalidItemException e = assertThrows(InvalidItemException.class,
                () -> EngramJsonl.write(file, List.of(FACT, noTarget)));
        assertTrue(e.getMessage().contains("bad.jsonl:2") && e.getMessage().contains("target_true"), e.getMessage());
    }
}
