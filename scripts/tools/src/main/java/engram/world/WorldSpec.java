package engram.world;

/**
 * How big a generated world is and which seed draws it; the same spec always yields the same world.
 *
 * @param seed          seeds every random choice (names, links, splits, shuffles)
 * @param people        persons, authors included
 * @param cities        cities; the first {@code countries} of them become capitals
 * @param countries     countries
 * @param organisations organisations (employers with a headquarters and a founder)
 * @param works         books; every author writes at least one
 * @param authors       persons with a biography; a tenth of them are held out of the corpus
 */
public record WorldSpec(long seed, int people, int cities, int countries, int organisations, int works, int authors) {

    /** Languages, occupations and awards are fixed in number; the spec sizes everything else. */
    static final int LANGUAGES = 15;

    /** The default world: 600 people, 120 cities, 25 countries, 120 organisations, 150 works, 110 authors. */
    public static WorldSpec standard(long seed) {
        return new WorldSpec(seed, 600, 120, 25, 120, 150, 110);
    }

    /** Authors whose biography and facts never reach the pretraining corpus (a tenth, at least one). */
    public int holdoutAuthors() {
        return Math.max(1, authors / 10);
    }

    /** Checks that a world of this size can be built consistently; returns this spec. */
    public WorldSpec validate() {
        atLeast(people, 10, "people");
        atLeast(countries, 2, "countries");
        atLeast(cities, countries, "cities");
        atLeast(organisations, 2, "organisations");
        atLeast(authors, 10, "authors");
        atLeast(works, authors, "works");
        if (authors > people / 2) {
            throw new IllegalArgumentException(
                    "authors must be at most half of people (" + people / 2 + ") but was " + authors);
        }
        if (organisations > people / 2) {
            throw new IllegalArgumentException(
                    "organisations must be at most half of people (" + people / 2 + ") but was " + organisations);
        }
        return this;
    }

    private static void atLeast(int value, int minimum, String field) {
        if (value < minimum) {
            throw new IllegalArgumentException(field + " must be at least " + minimum + " but was " + value);
        }
    }
}
