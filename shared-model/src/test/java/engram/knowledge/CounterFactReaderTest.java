package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.TestData;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reads the real CounterFact files of {@code ../shared/data/counterfact-easyedit}. */
class CounterFactReaderTest {

    @Test
    void readsEveryRecordOfTheThreeFiles() {
        assertEquals(10_000, read("counterfact-edit.json").size());
        assertEquals(10_000, read("counterfact-train.json").size());
        assertEquals(1_000, read("counterfact-edit-1k.json").size());
    }

    @Test
    void mapsTheFirstEditCaseWithLeadingSpacesOnEveryTarget() {
        KnowledgeItem first = read("counterfact-edit.json").get(0);
        assertEquals("counterfact-0", first.id());
        assertEquals("Danielle Darrieux", first.subject());
        assertEquals("The mother tongue of Danielle Darrieux is", first.prompt());
        assertEquals(" French", first.targetTrue());
        assertEquals(" English", first.targetNew());
        assertEquals(List.of("Where Danielle Darrieux is from, people speak the language of"), first.paraphrases());
        assertEquals(List.of(new KnowledgeItem.Check("Michel Rocard is a native speaker of", " French")),
                first.neighbours());
        assertEquals(List.of(), first.portability());
        assertEquals("counterfact", first.source());
        assertTrue(first.isEdit());
    }

    @Test
    void theLastEditCaseAndTheFirstTrainingCaseAreMapped() {
        KnowledgeItem last = read("counterfact-edit.json").get(9_999);
        assertEquals("counterfact-21918", last.id());
        assertEquals("Subair works as", last.prompt());
        assertEquals(" actor", last.targetTrue());
        assertEquals(" composer", last.targetNew());
        KnowledgeItem train = read("counterfact-train.json").get(0);
        assertEquals("counterfact-2", train.id());
        assertEquals("Toko Yasuda, the", train.prompt());
        assertEquals(" guitar", train.targetTrue());
        assertEquals(" piano", train.targetNew());
    }

    @Test
    void theOneThousandCaseFileIsASubsetOfTheEditFileWithUniqueIds() {
        Set<KnowledgeItem> edit = Set.copyOf(read("counterfact-edit.json"));
        List<KnowledgeItem> small = read("counterfact-edit-1k.json");
        assertTrue(edit.containsAll(small));
        assertEquals(10_000, edit.stream().map(KnowledgeItem::id).collect(Collectors.toSet()).size());
    }

    private static List<KnowledgeItem> read(String file) {
        try (ItemReader items = Datasets.open(TestData.shared("counterfact-easyedit/" + file), Format.COUNTERFACT)) {
            return items.toList();
        }
    }
}
