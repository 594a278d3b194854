package engram.world;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The links between a world's entities, drawn so that every fact agrees with every other: a city lies in one
 * country, a capital lies in its country, citizenship is the country of the birth city, the native language
 * is the official language of that country, marriages are symmetric and founders work for what they founded.
 *
 * @param truth   for each relation, subject to object in entity order, held-out authors included
 * @param authors the persons with a biography, in a random order whose prefixes form the forget splits
 * @param unseen  held-out authors and their works: never a fact, never in the corpus
 */
record Society(Map<Relation, Map<Entity, Entity>> truth, List<Entity> authors, Set<Entity> unseen) {

    /** Draws all links of a world. */
    static Society link(Cast cast, WorldSpec spec, SplittableRandom random) {
        Map<Relation, Map<Entity, Entity>> truth = new EnumMap<>(Relation.class);
        for (Relation relation : Relation.values()) {
            truth.put(relation, new LinkedHashMap<>());
        }
        geography(cast, truth, random);
        List<Entity> authors = shuffled(cast.people(), random).subList(0, spec.authors());
        int firstHoldout = authors.size() - spec.holdoutAuthors();
        Set<Entity> unseen = new LinkedHashSet<>(authors.subList(firstHoldout, authors.size()));
        List<Entity> visible = cast.people().stream().filter(p -> !unseen.contains(p)).toList();
        people(cast, visible, truth, random);
        founders(cast, visible, truth, random);
        marriages(cast, visible, truth.get(Relation.SPOUSE_OF), random);
        Map<Entity, Entity> writtenBy = truth.get(Relation.WRITTEN_BY);
        for (int i = 0; i < cast.works().size(); i++) {
            Entity work = cast.works().get(i);
            Entity author = i < authors.size() ? authors.get(i) : authors.get(random.nextInt(authors.size()));
            writtenBy.put(work, author);
            if (unseen.contains(author)) {
                unseen.add(work);
            }
        }
        return new Society(truth, List.copyOf(authors), unseen);
    }

    /** The facts the corpus teaches: every link whose subject and object are both seen. */
    List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        truth.forEach((relation, links) -> links.forEach((subject, object) -> {
            if (!unseen.contains(subject) && !unseen.contains(object)) {
                facts.add(new Fact(String.format(Locale.ROOT, "fact-%05d", facts.size()), relation,
                        subject, object));
            }
        }));
        return List.copyOf(facts);
    }

    Entity object(Relation relation, Entity subject) {
        return truth.get(relation).get(subject);
    }

    /** A copy of {@code items} in an order drawn by a Fisher-Yates shuffle. */
    static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
        List<T> copy = new ArrayList<>(items);
        for (int i = copy.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, swap);
        }
        return copy;
    }

    private static void geography(Cast cast, Map<Relation, Map<Entity, Entity>> truth, SplittableRandom random) {
        List<Entity> countries = cast.countries();
        for (int i = 0; i < cast.cities().size(); i++) {
            Entity country = i < countries.size() ? countries.get(i) : countries.get(random.nextInt(countries.size()));
            truth.get(Relation.LOCATED_IN).put(cast.cities().get(i), country);
        }
        List<Entity> languages = cast.languages();
        for (int i = 0; i < countries.size(); i++) {
            truth.get(Relation.CAPITAL_OF).put(countries.get(i), cast.cities().get(i));
            Entity language = i < languages.size() ? languages.get(i) : languages.get(random.nextInt(languages.size()));
            truth.get(Relation.OFFICIAL_LANGUAGE).put(countries.get(i), language);
        }
    }

    /** Birth, home, citizenship, language, occupation and employer; the first employees cover every organisation. */
    private static void people(Cast cast, List<Entity> visible, Map<Relation, Map<Entity, Entity>> truth,
                               SplittableRandom random) {
        List<Entity> organisations = cast.organisations();
        for (Entity person : cast.people()) {
            Entity born = pick(cast.cities(), random);
            Entity country = truth.get(Relation.LOCATED_IN).get(born);
            int rank = visible.indexOf(person);
            Entity employer = rank >= 0 && rank < organisations.size() ? organisations.get(rank)
                    : pick(organisations, random);
            truth.get(Relation.BORN_IN).put(person, born);
            truth.get(Relation.LIVES_IN).put(person, pick(cast.cities(), random));
            truth.get(Relation.CITIZEN_OF).put(person, country);
            truth.get(Relation.WORKS_FOR).put(person, employer);
            truth.get(Relation.OCCUPATION).put(person, pick(cast.occupations(), random));
            truth.get(Relation.NATIVE_LANGUAGE).put(person, truth.get(Relation.OFFICIAL_LANGUAGE).get(country));
        }
    }

    /** Each organisation has a headquarters city, and its founder is one of its own seen employees. */
    private static void founders(Cast cast, List<Entity> visible, Map<Relation, Map<Entity, Entity>> truth,
                                 SplittableRandom random) {
        Map<Entity, Entity> worksFor = truth.get(Relation.WORKS_FOR);
        for (Entity organisation : cast.organisations()) {
            List<Entity> staff = visible.stream().filter(p -> worksFor.get(p).equals(organisation)).toList();
            truth.get(Relation.HEADQUARTERED_IN).put(organisation, pick(cast.cities(), random));
            truth.get(Relation.FOUNDED_BY).put(organisation, pick(staff, random));
        }
    }

    /** Two in five seen people are married, in pairs, and each partner's fact names the other. */
    private static void marriages(Cast cast, List<Entity> visible, Map<Entity, Entity> spouseOf,
                                  SplittableRandom random) {
        List<Entity> order = shuffled(visible, random);
        int pairs = visible.size() / 5;
        Map<Entity, Entity> partner = new LinkedHashMap<>();
        for (int i = 0; i < pairs; i++) {
            partner.put(order.get(2 * i), order.get(2 * i + 1));
            partner.put(order.get(2 * i + 1), order.get(2 * i));
        }
        for (Entity person : cast.people()) {
            if (partner.containsKey(person)) {
                spouseOf.put(person, partner.get(person));
            }
        }
    }

    private static Entity pick(List<Entity> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }
}
