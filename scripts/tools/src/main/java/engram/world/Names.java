package engram.world;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Invents pronounceable, unique names from syllables; every invented word is used only once in a world,
 * so a name can be found in text with a word-boundary match. A short list of real place and given names
 * is refused, a guard rather than a guarantee.
 */
final class Names {

    private static final List<String> ONSETS = List.of("b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m",
            "n", "p", "qu", "r", "s", "sk", "st", "t", "th", "v", "vr", "z", "w", "y");
    private static final List<String> VOWELS = List.of("a", "a", "a", "e", "e", "e", "i", "i", "o", "o", "o", "u",
            "ae", "ei", "ou");
    private static final List<String> MIDDLE_CODAS = List.of("n", "r", "l", "s", "m");
    private static final List<String> FINAL_CODAS = List.of("", "", "", "n", "r", "l", "s", "th", "rn", "ld", "m",
            "x", "nt", "sk");
    private static final Set<String> REAL = Set.of("paris", "rome", "roma", "berlin", "milan", "lima", "doha", "oslo",
            "bern", "riga", "sofia", "dublin", "london", "boston", "dallas", "denver", "austin", "vienna", "madrid",
            "athens", "cairo", "delhi", "seoul", "hanoi", "manila", "perth", "moscow", "warsaw", "minsk", "baku",
            "tunis", "rabat", "accra", "lagos", "kabul", "beirut", "amman", "maria", "anna", "elena", "sara", "laura",
            "julia", "marco", "mario", "pedro", "diego", "david", "simon", "peter", "martin", "victor", "oscar", "hugo",
            "leon", "ivan", "boris", "vera", "nina", "lena", "olga", "tara", "mira", "kara", "dana", "lara", "nora",
            "ella", "bella", "tina", "rosa", "dora", "toronto", "kyoto", "tokyo", "osaka", "sudan", "malta", "samoa");

    private final SplittableRandom random;
    private final Set<String> used = new HashSet<>();   // membership only, never iterated

    Names(SplittableRandom random) {
        this.random = random;
    }

    /** A fresh capitalised word of the given number of syllables and at least {@code minimumLength} letters. */
    String word(int syllables, int minimumLength) {
        while (true) {
            StringBuilder word = new StringBuilder();
            for (int s = 0; s < syllables; s++) {
                word.append(pick(ONSETS)).append(pick(VOWELS));
                if (s == syllables - 1) {
                    word.append(pick(FINAL_CODAS));
                } else if (random.nextInt(3) == 0) {
                    word.append(pick(MIDDLE_CODAS));   // a soft consonant keeps inner clusters pronounceable
                }
            }
            String lower = word.toString();
            boolean awkward = lower.contains("quu") || REAL.contains(lower);
            if (lower.length() >= minimumLength && !awkward && used.add(lower)) {
                return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
            }
        }
    }

    /** A given name and a family name, e.g. {@code Quessa Dumarin}. */
    String person() {
        return word(2, 4) + " " + word(2 + random.nextInt(2), 5);
    }

    /** One long word or a word and a short second word, e.g. {@code Ostrava Kel}. */
    String city() {
        return random.nextBoolean() ? word(3, 8) : word(2, 5) + " " + word(1, 3);
    }

    String country() {
        return word(2, 5) + pick(List.of("ia", "ara", "eth", "ovia", "une"));
    }

    String language() {
        return word(2, 4) + pick(List.of("ic", "ese", "ian", "ol", "ith"));
    }

    /** Two or three words: an invented word before a kind of organisation, e.g. {@code Brindle Works}. */
    String organisation() {
        String kind = pick(List.of("Works", "Guild", "Company", "Foundry", "Press", "Mills", "Shipyards", "Bank",
                "Institute", "Collective", "Observatory", "Cooperative", "Ironworks", "Trading House",
                "Printing House", "Rail Company", "Salt Company", "Glass Works"));
        return word(2, 5) + " " + kind;
    }

    String work() {
        String noun = pick(List.of("Lantern", "Orchard", "Ledger", "Tide", "Winter", "Mirror", "Harbour", "Salt",
                "Bell", "Thread", "Compass", "Garden", "Ember", "Weaver", "Archive", "Crown", "Ferry", "Quarry"));
        String word = word(2, 5);
        return switch (random.nextInt(4)) {
            case 0 -> "The " + noun + " of " + word;
            case 1 -> ("AEIOU".indexOf(noun.charAt(0)) >= 0 ? "An " : "A ") + noun + " for " + word;
            case 2 -> "The " + word + " " + noun;
            default -> word + " in " + pick(List.of("Spring", "Autumn", "Winter", "Summer"));
        };
    }

    String award() {
        return "the " + word(2, 5) + " " + pick(List.of("Prize", "Medal", "Award for Fiction", "Laurel"));
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
