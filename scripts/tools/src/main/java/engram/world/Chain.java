package engram.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A two-hop question whose answer follows from two facts (person to bridge to answer), for portability.
 *
 * @param id      stable identifier, {@code chain-<number>}
 * @param kind    which pair of relations it composes
 * @param subject the person asked about
 * @param first   the fact from the person to the bridge entity
 * @param second  the fact from the bridge entity to the answer
 */
public record Chain(String id, Kind kind, Entity subject, Fact first, Fact second) {

    /** The two compositions, each with its question and cloze wording. */
    public enum Kind {
        EMPLOYER_HEADQUARTERS(Relation.WORKS_FOR, Relation.HEADQUARTERED_IN,
                "In which city is the employer of {subject} headquartered?",
                "The employer of {subject} is headquartered in"),
        BIRTH_COUNTRY(Relation.BORN_IN, Relation.LOCATED_IN, "In which country was {subject} born?",
                "The country in which {subject} was born is");

        private final Relation first;
        private final Relation second;
        private final String question;
        private final String cloze;

        Kind(Relation first, Relation second, String question, String cloze) {
            this.first = first;
            this.second = second;
            this.question = question;
            this.cloze = cloze;
        }

        /** The spelling used in files. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code "Q: <question> A:"} about a person. */
        public String question(String subject) {
            return Template.question(question.replace("{subject}", subject));
        }

        /** A cloze prompt about a person, ending right before the answer. */
        public String cloze(String subject) {
            return cloze.replace("{subject}", subject);
        }

        Relation first() {
            return first;
        }

        Relation second() {
            return second;
        }
    }

    /** The answer with its leading space. */
    public String target() {
        return second.target();
    }

    /** The question probe and the cloze probe of this chain. */
    public List<Probe> probes() {
        return List.of(new Probe(id + "/question", "chain", kind.question(subject.name()), target()),
                new Probe(id + "/cloze", "chain", kind.cloze(subject.name()), target()));
    }

    /** Every chain both of whose facts are in {@code facts}, person by person in fact order. */
    static List<Chain> compose(List<Fact> facts) {
        List<Chain> chains = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Map<Entity, Fact> second = new LinkedHashMap<>();
            facts.stream().filter(f -> f.relation() == kind.second()).forEach(f -> second.put(f.subject(), f));
            for (Fact first : facts) {
                if (first.relation() == kind.first() && second.containsKey(first.object())) {
                    String id = String.format(Locale.ROOT, "chain-%05d", chains.size());
                    chains.add(new Chain(id, kind, first.subject(), first, second.get(first.object())));
                }
            }
        }
        return List.copyOf(chains);
    }
}
