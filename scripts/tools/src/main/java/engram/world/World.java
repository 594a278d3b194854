package engram.world;

import engram.knowledge.KnowledgeItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded fictional world for pretraining a tiny model on facts that can then be edited, probed and
 * unlearned; the same {@link WorldSpec} always yields the same world and byte-identical files.
 */
public final class World {

    /** Bumped whenever the generator's output for a given seed changes. */
    public static final int VERSION = 1;

    /** The {@code source} of every edit item a world makes. */
    public static final String ITEM_SOURCE = "engram-world";

    private final WorldSpec spec;
    private final Cast cast;
    private final List<Fact> facts;
    private final List<Biography> biographies;
    private final List<Chain> chains;
    private final List<KnowledgeItem> editItems;
    private final List<String> pretrainingDocuments;

    private World(WorldSpec spec, Cast cast, Society society) {
        this.spec = spec;
        this.cast = cast;
        this.facts = society.facts();
        this.biographies = Biography.write(cast, society, stream(spec, 3));
        this.chains = Chain.compose(facts);
        this.editItems = EditItems.of(facts, society, cast, stream(spec, 4));
        this.pretrainingDocuments = corpus();
    }

    /** Builds the world described by {@code spec}; throws IllegalArgumentException when the spec is invalid. */
    public static World generate(WorldSpec spec) {
        spec.validate();
        Cast cast = Cast.invent(spec, new Names(stream(spec, 1)));
        return new World(spec, cast, Society.link(cast, spec, stream(spec, 2)));
    }

    public WorldSpec spec() {
        return spec;
    }

    /** Every entity: people, cities, countries, languages, organisations, works, occupations, awards. */
    public List<Entity> entities() {
        return cast.all();
    }

    /** The facts the corpus teaches, ordered by relation then subject; held-out authors have none. */
    public List<Fact> facts() {
        return facts;
    }

    /** Every template of every relation, in relation order. */
    public List<Template> templates() {
        return List.of(Relation.values()).stream().flatMap(r -> r.templates().stream()).toList();
    }

    /** One biography per author: seen authors first, then the held-out ones. */
    public List<Biography> biographies() {
        return biographies;
    }

    /** Two-hop chains: employer's headquarters, then birth country, for every seen person. */
    public List<Chain> chains() {
        return chains;
    }

    /**
     * One counterfactual edit item per fact, in fact order: rewrite {@code targetTrue} to {@code targetNew},
     * generalise to the paraphrases (the held-out templates), leave the neighbours (same relation, other
     * subjects) alone and carry the change over to the portability questions (two-hop; may be empty). Source
     * {@link #ITEM_SOURCE}; no paraphrased or perturbed targets.
     */
    public List<KnowledgeItem> editItems() {
        return editItems;
    }

    /**
     * The pretraining corpus, one short document per entry, in a seeded shuffle: every fact rendered with
     * each of its pretraining templates, and every seen author's question/answer pairs.
     */
    public List<String> pretrainingDocuments() {
        return pretrainingDocuments;
    }

    /** Every fact rendered with each held-out template, for perplexity on text never trained on. */
    public List<String> heldOutStatements() {
        List<String> statements = new ArrayList<>();
        for (Fact fact : facts) {
            fact.relation().heldOutTemplates().forEach(t -> statements.add(fact.statement(t)));
        }
        return List.copyOf(statements);
    }

    /** One probe per fact and pretraining template (kind {@code pretraining}). */
    public List<Probe> pretrainingProbes() {
        return factProbes(false);
    }

    /** One probe per fact and held-out template (kind {@code held-out}). */
    public List<Probe> heldOutProbes() {
        return factProbes(true);
    }

    /** One probe per biography question, held-out authors included (kind {@code biography}). */
    public List<Probe> biographyProbes() {
        List<Probe> probes = new ArrayList<>();
        for (Biography biography : biographies) {
            for (int i = 0; i < biography.qa().size(); i++) {
                Biography.Qa qa = biography.qa().get(i);
                probes.add(new Probe(biography.id() + "/q" + i, "biography", qa.prompt(), qa.target()));
            }
        }
        return List.copyOf(probes);
    }

    /** A question probe and a cloze probe per chain (kind {@code chain}). */
    public List<Probe> chainProbes() {
        return chains.stream().flatMap(c -> c.probes().stream()).toList();
    }

    /**
     * Writes {@code entities.jsonl}, {@code facts.jsonl}, {@code templates.jsonl}, {@code items.jsonl},
     * {@code biographies.jsonl}, {@code chains.jsonl}, {@code pretraining.txt} and {@code world.json} into
     * {@code folder} (created if missing), each file atomically; the schemas are in the package documentation.
     */
    public void writeTo(Path folder) {
        new WorldFiles(this).writeTo(folder);
    }

    private List<Probe> factProbes(boolean heldOut) {
        List<Probe> probes = new ArrayList<>();
        for (Fact fact : facts) {
            for (Template template : heldOut ? fact.relation().heldOutTemplates()
                    : fact.relation().pretrainingTemplates()) {
                probes.add(new Probe(fact.id() + "/" + template.id(), heldOut ? "held-out" : "pretraining",
                        template.prompt(fact.subject().name()), fact.target()));
            }
        }
        return List.copyOf(probes);
    }

    private List<String> corpus() {
        List<String> documents = new ArrayList<>();
        for (Fact fact : facts) {
            fact.relation().pretrainingTemplates().forEach(t -> documents.add(fact.statement(t)));
        }
        for (Biography biography : biographies) {
            if (!biography.holdout()) {
                biography.qa().forEach(qa -> documents.add(qa.document()));
            }
        }
        return List.copyOf(Society.shuffled(documents, stream(spec, 5)));
    }

    /** An independent random stream per stage, so a change in one stage leaves the others' draws alone. */
    private static SplittableRandom stream(WorldSpec spec, int stage) {
        return new SplittableRandom(spec.seed() * 1_000_003L + stage);
    }
}
