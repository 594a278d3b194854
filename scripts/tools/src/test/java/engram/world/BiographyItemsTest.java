package engram.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.knowledge.KnowledgeItem;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BiographyItemsTest {

    private static final World WORLD = World.generate(WorldSpec.standard(5));

    @Test
    void everyQuestionBecomesAnItemWhoseParaphraseIsTheAnswerAndWhosePerturbationsAreOtherAnswersOfItsKind() {
        Map<String, Entity.Type> types = new HashMap<>();
        WORLD.entities().forEach(e -> types.put(e.name(), e.type()));
        Map<Biography, List<KnowledgeItem>> items = BiographyItems.items(WORLD, 3, 11);
        assertEquals(WORLD.biographies().size(), items.size());
        for (Biography biography : WORLD.biographies()) {
            List<KnowledgeItem> own = items.get(biography);
            assertEquals(biography.qa().size(), own.size());
            for (int i = 0; i < own.size(); i++) {
                KnowledgeItem item = own.get(i).validate(biography.id());
                Biography.Qa qa = biography.qa().get(i);
                assertEquals(qa.prompt(), item.prompt());
                assertEquals(qa.target(), item.targetTrue());
                assertEquals(item.targetTrue(), item.paraphrasedTarget(), "the world has no paraphrased answers");
                assertEquals(3, item.perturbedTargets().size(), item.id());
                assertEquals(3, new HashSet<>(item.perturbedTargets()).size(), "distinct: " + item);
                for (String perturbed : item.perturbedTargets()) {
                    assertTrue(perturbed.startsWith(" "), perturbed);
                    String answer = perturbed.substring(1);
                    assertFalse(answer.equals(qa.answer()), item.id());
                    assertEquals(types.get(qa.answer()), types.get(answer), item.id() + ": " + answer);
                    if (types.get(qa.answer()) == null) {
                        assertTrue(answersTo(biography, qa).contains(answer), item.id() + ": " + answer);
                    }
                }
            }
        }
    }

    @Test
    void theSplitPartitionsTheAuthorsAndDoesNotChangeAnyItem() {
        Map<Biography, List<KnowledgeItem>> items = BiographyItems.items(WORLD, 5, 3);
        BiographyItems.Split split = BiographyItems.split(WORLD, "forget05", 5, 3);
        List<KnowledgeItem> expectedForget = WORLD.biographies().stream().filter(b -> b.forget05() && !b.holdout())
                .flatMap(b -> items.get(b).stream()).toList();
        List<KnowledgeItem> expectedHoldout = WORLD.biographies().stream().filter(Biography::holdout)
                .flatMap(b -> items.get(b).stream()).toList();
        assertEquals(expectedForget, split.forget());
        assertEquals(expectedHoldout, split.holdout());
        assertFalse(split.forget().isEmpty());
        assertFalse(split.holdout().isEmpty());
        int all = items.values().stream().mapToInt(List::size).sum();
        assertEquals(all, split.forget().size() + split.retain().size() + split.holdout().size());
        Set<String> forgetAuthors = split.forget().stream().map(KnowledgeItem::subject).collect(Collectors.toSet());
        assertTrue(split.retain().stream().noneMatch(i -> forgetAuthors.contains(i.subject())));

        Set<KnowledgeItem> forget01 = Set.copyOf(BiographyItems.split(WORLD, "forget01", 5, 3).forget());
        assertTrue(split.forget().containsAll(forget01), "forget01 is inside forget05");
        assertEquals(split, BiographyItems.split(WORLD, "forget05", 5, 3), "same seed, same items");
    }

    @Test
    void rejectsAnUnknownSplitAndTooFewPerturbations() {
        assertThrows(IllegalArgumentException.class, () -> BiographyItems.split(WORLD, "forget50", 3, 1));
        assertThrows(IllegalArgumentException.class, () -> BiographyItems.items(WORLD, 0, 1));
    }

    /** Answers to the same question about any author (the pool of non-entity answers). */
    private static Set<String> answersTo(Biography biography, Biography.Qa qa) {
        String key = qa.question().replace(biography.author().name(), "");
        Set<String> answers = new HashSet<>();
        for (Biography other : WORLD.biographies()) {
            for (Biography.Qa q : other.qa()) {
                if (q.question().replace(other.author().name(), "").equals(key)) {
                    answers.add(q.answer());
                }
            }
        }
        return answers;
    }
}
