package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import engram.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads ROME's real {@code known_1000.json} from {@code ../shared/data/known_1000}. */
class Known1000ReaderTest {

    @Test
    void readsAllTwelveHundredAndNineRecordsWithTheirFields() {
        List<KnowledgeItem> items;
        try (ItemReader reader = Datasets.open(TestData.shared("known_1000/known_1000.json"), Format.KNOWN_1000)) {
            items = reader.toList();
        }
        assertEquals(1_209, items.size());
        KnowledgeItem first = items.get(0);
        assertEquals("known-0", first.id());
        assertEquals("Vinson Massif", first.subject());
        assertEquals("P30", first.relation());
        assertEquals("Vinson Massif is located in the continent of", first.prompt(), "prompt, not the template");
        assertEquals(" Antarctica", first.targetTrue());
        assertNull(first.targetNew());
        assertEquals("known", first.source());
        KnowledgeItem last = items.get(1_208);
        assertEquals("known-1208", last.id());
        assertEquals("Ballers premieres on", last.prompt());
        assertEquals(" HBO", last.targetTrue());
        assertEquals("P449", last.relation());
    }
}
