package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import engram.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MQuAKE cases. There is no real MQuAKE file in {@code ../shared/data}, so this reads a committed fixture of
 * two invented cases in the princeton-nlp/MQuAKE schema ({@code src/test/resources/knowledge/mquake-fixture.json}).
 */
class MQuAKEReaderTest {

    private static final List<KnowledgeItem> ITEMS = read();
    private static final String NEW = " Kessa Vale";

    @Test
    void yieldsOneItemPerRequestedRewriteInOrder() {
        assertEquals(List.of("mquake-7-0", "mquake-12-0", "mquake-12-1"),
                ITEMS.stream().map(KnowledgeItem::id).toList());
    }

    @Test
    void fillsTheTemplateAndAddsLeadingSpaces() {
        KnowledgeItem first = ITEMS.get(0);
        assertEquals("Tomas Brevik", first.subject());
        assertEquals("P27", first.relation());
        assertEquals("Tomas Brevik is a citizen of", first.prompt());
        assertEquals(" Ardhan", first.targetTrue());
        assertEquals(" Veloria", first.targetNew());
        assertEquals(List.of("Q: What is the country of citizenship of Tomas Brevik? A:"), first.paraphrases());
        assertEquals(List.of(), first.neighbours());
        assertEquals("mquake", first.source());
        assertEquals("The place of birth of Lina Ostrow is", ITEMS.get(2).prompt());
    }

    @Test
    void everyRewriteOfACaseCarriesTheCasesMultiHopQuestionsAnsweredWithTheNewAnswer() {
        List<KnowledgeItem.Check> expected = List.of(
                new KnowledgeItem.Check("Q: In which city was the creator of The Glass Orchard born? A:", NEW),
                new KnowledgeItem.Check("Q: Where was the person who created The Glass Orchard born? A:", NEW),
                new KnowledgeItem.Check("Q: The creator of The Glass Orchard was born in which city? A:", NEW));
        assertEquals(expected, ITEMS.get(1).portability());
        assertEquals(expected, ITEMS.get(2).portability());
        assertEquals(3, ITEMS.get(0).portability().size());
        assertEquals(" Chancellor Maren Duwe", ITEMS.get(0).portability().get(0).target());
    }

    private static List<KnowledgeItem> read() {
        try (ItemReader reader = Datasets.open(TestData.resource("knowledge/mquake-fixture.json"), Format.MQUAKE)) {
            return reader.toList();
        }
    }
}
