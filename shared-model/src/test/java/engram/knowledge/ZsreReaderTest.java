package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import engram.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * zsRE in MEND json. There is no real zsRE file in {@code ../shared/data}, so this reads a committed fixture
 * of three invented records in the same schema ({@code src/test/resources/knowledge/zsre-fixture.json}).
 */
class ZsreReaderTest {

    @Test
    void mapsEachRecordWithTheFirstAnswerAsTheTrueTarget() {
        List<KnowledgeItem> items;
        try (ItemReader reader = Datasets.open(TestData.resource("knowledge/zsre-fixture.json"), Format.ZSRE)) {
            items = reader.toList();
        }
        assertEquals(3, items.size());
        KnowledgeItem first = items.get(0);
        assertEquals("zsre-0", first.id());
        assertEquals("Orvane Kestrel", first.subject());
        assertEquals("Which river does the Orvane Kestrel bridge cross?", first.prompt());
        assertEquals(" Telmar", first.targetTrue());
        assertEquals(" Sivvy", first.targetNew());
        assertEquals(List.of("The Orvane Kestrel bridge spans which river?"), first.paraphrases());
        assertEquals(List.of(new KnowledgeItem.Check("nq question: who composed the anthem of the island of Brenlow",
                " Idris Vallen")), first.neighbours());
        assertEquals("zsre", first.source());
        assertEquals("zsre-2", items.get(2).id());
        assertEquals(" Corvane Press", items.get(2).targetTrue());
        assertEquals(" Pellis House", items.get(2).targetNew());
    }
}
