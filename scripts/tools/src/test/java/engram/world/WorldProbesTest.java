package engram.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorldProbesTest {

    private static final World WORLD = World.generate(WorldSpec.standard(5));

    @Test
    void pretrainingProbesCompleteToCorpusDocumentsAndHeldOutProbesNever() {
        Set<String> corpus = new HashSet<>(WORLD.pretrainingDocuments());
        for (Probe probe : WORLD.pretrainingProbes()) {
            assertTrue(corpus.contains(probe.prompt() + probe.target() + "."), probe.id());
        }
        Set<String> heldOut = new HashSet<>(WORLD.heldOutStatements());
        for (Probe probe : WORLD.heldOutProbes()) {
            String statement = probe.prompt() + probe.target() + ".";
            assertTrue(heldOut.contains(statement), probe.id());
            assertFalse(corpus.contains(statement), probe.id());
        }
        assertEquals(WORLD.heldOutStatements().size(), WORLD.heldOutProbes().size());
    }

    @Test
    void everyProbeTargetStartsWithASpaceAndProbeIdsAreUnique() {
        List<List<Probe>> lists = List.of(WORLD.pretrainingProbes(), WORLD.heldOutProbes(), WORLD.biographyProbes(),
                WORLD.chainProbes());
        Set<String> ids = new HashSet<>();
        for (List<Probe> probes : lists) {
            assertFalse(probes.isEmpty());
            for (Probe probe : probes) {
                assertTrue(probe.target().startsWith(" ") && probe.target().length() > 1, probe.id());
                assertTrue(ids.add(probe.id()), "repeated id " + probe.id());
            }
        }
    }

    @Test
    void biographyAndChainProbesUseTheQuestionAnswerFormat() {
        int pairs = WORLD.biographies().stream().mapToInt(b -> b.qa().size()).sum();
        assertEquals(pairs, WORLD.biographyProbes().size());
        assertEquals(2 * WORLD.chains().size(), WORLD.chainProbes().size());
        WORLD.biographyProbes().forEach(p -> assertTrue(p.prompt().startsWith("Q: ") && p.prompt().endsWith(" A:")));
        long questions = WORLD.chainProbes().stream().filter(p -> p.prompt().startsWith("Q: ")).count();
        assertEquals(WORLD.chains().size(), questions);
    }

    @Test
    void biographiesAgreeWithTheFactsAboutTheirSeenAuthors() {
        for (Biography biography : WORLD.biographies()) {
            if (biography.holdout()) {
                continue;
            }
            String birthCity = WORLD.facts().stream().filter(f -> f.relation() == Relation.BORN_IN
                    && f.subject().equals(biography.author())).findFirst().orElseThrow().object().name();
            assertTrue(biography.qa().stream().anyMatch(qa -> qa.question().contains(" born?")
                    && qa.answer().equals(birthCity)), biography.id());
        }
    }
}
