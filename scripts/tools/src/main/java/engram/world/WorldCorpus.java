package engram.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generated world as a pretraining {@link Corpus}: its documents, probe sets and held-out statements. */
public final class WorldCorpus {
    private WorldCorpus() {}

    /**
     * Probe sets in card order: facts under pretraining templates (the first set decides when
     * pretraining stops), under held-out templates, questions about authors seen in pretraining,
     * two-hop chains, and questions about the held-out authors (a never-seen baseline).
     */
    public static Corpus of(World world) {
        Map<String, List<Probe>> probes = new LinkedHashMap<>();
        probes.put("pretraining_templates", world.pretrainingProbes());
        probes.put("held_out_templates", world.heldOutProbes());
        java.util.Set<String> holdout = new java.util.HashSet<>();
        world.biographies().stream().filter(Biography::holdout).forEach(b -> holdout.add(b.id() + "/"));
        List<Probe> seen = new ArrayList<>();
        List<Probe> unseen = new ArrayList<>();
        for (Probe p : world.biographyProbes()) {
            (holdout.contains(p.id().substring(0, p.id().indexOf('/') + 1)) ? unseen : seen).add(p);
        }
        probes.put("biography_qa", seen);
        probes.put("two_hop", world.chainProbes());
        probes.put("biography_qa_never_seen", unseen);
        List<String> tokenizerTexts = new ArrayList<>(world.pretrainingDocuments());
        tokenizerTexts.addAll(world.heldOutStatements());
        probes.values().forEach(set -> set.forEach(p -> tokenizerTexts.add(p.prompt() + p.target())));
        return new Corpus("engram-world", world.pretrainingDocuments(), tokenizerTexts, probes, world.heldOutStatements());
    }
}
