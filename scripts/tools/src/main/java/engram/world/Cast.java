package engram.world;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every entity of a world, grouped by type, before any fact links them.
 *
 * @param people        persons (authors among them)
 * @param cities        cities
 * @param countries     countries
 * @param languages     languages
 * @param organisations organisations
 * @param works         books
 * @param occupations   occupations, plain English words rather than invented names
 * @param awards        invented literary awards, named only in biographies
 */
record Cast(List<Entity> people, List<Entity> cities, List<Entity> countries, List<Entity> languages,
            List<Entity> organisations, List<Entity> works, List<Entity> occupations, List<Entity> awards) {

    private static final List<String> OCCUPATIONS = List.of("cartographer", "glassblower", "lighthouse keeper",
            "ferry pilot", "archivist", "beekeeper", "clockmaker", "bookbinder", "stonemason", "apothecary",
            "astronomer", "shipwright", "cooper", "tanner", "weaver", "schoolteacher", "harbour master", "botanist",
            "surveyor", "lamplighter", "locksmith", "perfumer", "silversmith", "midwife", "translator");
    private static final int AWARDS = 20;

    /** Invents every name of a world of the given size. */
    static Cast invent(WorldSpec spec, Names names) {
        List<Entity> occupations = new ArrayList<>();
        for (String occupation : OCCUPATIONS) {
            occupations.add(Entity.of(Entity.Type.OCCUPATION, occupations.size(), occupation));
        }
        return new Cast(
                many(Entity.Type.PERSON, spec.people(), names::person),
                many(Entity.Type.CITY, spec.cities(), names::city),
                many(Entity.Type.COUNTRY, spec.countries(), names::country),
                many(Entity.Type.LANGUAGE, WorldSpec.LANGUAGES, names::language),
                many(Entity.Type.ORGANISATION, spec.organisations(), names::organisation),
                many(Entity.Type.WORK, spec.works(), names::work),
                List.copyOf(occupations),
                many(Entity.Type.AWARD, AWARDS, names::award));
    }

    /** All entities, grouped by type in the order of the record's components. */
    List<Entity> all() {
        List<Entity> all = new ArrayList<>();
        for (List<Entity> group : List.of(people, cities, countries, languages, organisations, works, occupations,
                awards)) {
            all.addAll(group);
        }
        return all;
    }

    /** The entities of one type, the pool from which an edit draws its new target. */
    List<Entity> ofType(Entity.Type type) {
        return switch (type) {
            case PERSON -> people;
            case CITY -> cities;
            case COUNTRY -> countries;
            case LANGUAGE -> languages;
            case ORGANISATION -> organisations;
            case WORK -> works;
            case OCCUPATION -> occupations;
            case AWARD -> awards;
        };
    }

    private static List<Entity> many(Entity.Type type, int count, Supplier<String> name) {
        List<Entity> entities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entities.add(Entity.of(type, i, name.get()));
        }
        return List.copyOf(entities);
    }
}
