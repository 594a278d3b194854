package engram.world;

import engram.knowledge.KnowledgeItem;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns facts into counterfactual edit items ({@link KnowledgeItem}s): a new target drawn from the seen objects
 * of the same type, five neighbours of the same relation, and two-hop portability checks where the edit changes
 * an answer.
 */
final class EditItems {

    private static final int NEIGHBOURS = 5;
    private static final int PORTABILITY_PEOPLE = 2;

    private final Map<Relation, List<Fact>> byRelation = new EnumMap<>(Relation.class);
    private final Society society;
    private final List<Entity> seenPeople;

    private EditItems(List<Fact> facts, Society society, Cast cast) {
        this.society = society;
        this.seenPeople = cast.people().stream().filter(p -> !society.unseen().contains(p)).toList();
        for (Fact fact : facts) {
            byRelation.computeIfAbsent(fact.relation(), r -> new ArrayList<>()).add(fact);
        }
    }

    /** One item per fact, in fact order. */
    static List<KnowledgeItem> of(List<Fact> facts, Society society, Cast cast, SplittableRandom random) {
        EditItems items = new EditItems(facts, society, cast);
        List<KnowledgeItem> result = new ArrayList<>(facts.size());
        for (Fact fact : facts) {
            result.add(items.item(fact, cast, random));
        }
        return List.copyOf(result);
    }

    private KnowledgeItem item(Fact fact, Cast cast, SplittableRandom random) {
        Relation relation = fact.relation();
        String subject = fact.subject().name();
        Entity fresh = newObject(fact, cast, random);
        List<String> paraphrases = relation.heldOutTemplates().stream().map(t -> t.prompt(subject)).toList();
        return new KnowledgeItem(fact.id(), subject, relation.label(), relation.templates().get(0).prompt(subject),
                fact.target(), Template.target(fresh.name()), paraphrases, neighbours(fact, fresh, random),
                portability(fact, fresh), null, null, World.ITEM_SOURCE);
    }

    /** A seen entity of the object's type that is neither the true object nor the subject. */
    private Entity newObject(Fact fact, Cast cast, SplittableRandom random) {
        List<Entity> pool = fact.relation().objectType() == Entity.Type.PERSON ? seenPeople
                : cast.ofType(fact.relation().objectType());
        while (true) {
            Entity candidate = pool.get(random.nextInt(pool.size()));
            if (!candidate.equals(fact.object()) && !candidate.equals(fact.subject())) {
                return candidate;
            }
        }
    }

    /** Up to five other facts of the relation, whose objects differ from the new target, from a random start. */
    private List<KnowledgeItem.Check> neighbours(Fact fact, Entity fresh, SplittableRandom random) {
        List<Fact> peers = byRelation.get(fact.relation());
        Template template = fact.relation().templates().get(0);
        List<KnowledgeItem.Check> checks = new ArrayList<>();
        int start = random.nextInt(peers.size());
        for (int step = 0; step < peers.size() && checks.size() < NEIGHBOURS; step++) {
            Fact peer = peers.get((start + step) % peers.size());
            if (!peer.subject().equals(fact.subject()) && !peer.object().equals(fresh)) {
                checks.add(new KnowledgeItem.Check(template.prompt(peer.subject().name()), peer.target()));
            }
        }
        return List.copyOf(checks);
    }

    /** Two-hop checks whose answer the edit changes; empty for relations no chain passes through. */
    private List<KnowledgeItem.Check> portability(Fact fact, Entity fresh) {
        return switch (fact.relation()) {
            case WORKS_FOR -> chainChecks(Chain.Kind.EMPLOYER_HEADQUARTERS, List.of(fact.subject()),
                    society.object(Relation.HEADQUARTERED_IN, fresh));
            case BORN_IN -> chainChecks(Chain.Kind.BIRTH_COUNTRY, List.of(fact.subject()),
                    society.object(Relation.LOCATED_IN, fresh));
            case HEADQUARTERED_IN -> chainChecks(Chain.Kind.EMPLOYER_HEADQUARTERS,
                    peopleLinkedTo(Relation.WORKS_FOR, fact.subject()), fresh);
            case LOCATED_IN -> chainChecks(Chain.Kind.BIRTH_COUNTRY, peopleLinkedTo(Relation.BORN_IN, fact.subject()),
                    fresh);
            default -> List.of();
        };
    }

    private List<Entity> peopleLinkedTo(Relation relation, Entity bridge) {
        return seenPeople.stream().filter(p -> bridge.equals(society.object(relation, p)))
                .limit(PORTABILITY_PEOPLE).toList();
    }

    private static List<KnowledgeItem.Check> chainChecks(Chain.Kind kind, List<Entity> people, Entity answer) {
        List<KnowledgeItem.Check> checks = new ArrayList<>();
        for (Entity person : people) {
            checks.add(new KnowledgeItem.Check(kind.question(person.name()), Template.target(answer.name())));
            checks.add(new KnowledgeItem.Check(kind.cloze(person.name()), Template.target(answer.name())));
        }
        return List.copyOf(checks);
    }
}
