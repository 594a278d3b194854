package engram.world;

import java.util.Locale;

/**
 * One named thing of the fictional world, the subject or object of facts.
 *
 * @param id   stable identifier, {@code <type>-<number>} (e.g. {@code person-0042})
 * @param type what kind of thing it is
 * @param name the invented name as it appears in text (e.g. {@code Quessa Dumarin})
 */
public record Entity(String id, Type type, String name) {

    /** The kinds of entity; the lower-case name is the {@code type} field in {@code entities.jsonl}. */
    public enum Type {
        PERSON, CITY, COUNTRY, LANGUAGE, ORGANISATION, WORK, OCCUPATION, AWARD;

        /** The spelling used in files and identifiers. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Entity of(Type type, int index, String name) {
        return new Entity(String.format(Locale.ROOT, "%s-%04d", type.label(), index), type, name);
    }
}
