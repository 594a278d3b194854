package engram.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A fictional author's profile as question/answer pairs (TOFU style), with the author's place in the
 * forget/retain/holdout splits. For each forget split, retain is every seen author outside it.
 *
 * @param id       stable identifier, {@code bio-<number>}
 * @param author   the author (a person)
 * @param holdout  true when the author is never in the pretraining corpus (the "never seen" baseline)
 * @param forget01 member of the 1% forget split (a subset of forget05)
 * @param forget05 member of the 5% forget split (a subset of forget10)
 * @param forget10 member of the 10% forget split
 * @param qa       the question/answer pairs; answers are short phrases
 */
public record Biography(String id, Entity author, boolean holdout, boolean forget01, boolean forget05,
                        boolean forget10, List<Qa> qa) {

    private static final List<String> GENRES = List.of("historical fiction", "coastal noir", "speculative fiction",
            "epistolary romance", "pastoral poetry", "comic fantasy", "mountain thrillers", "family sagas",
            "satirical fables", "travel memoirs", "children's adventure", "gothic mystery");
    private static final List<String> THEMES = List.of("memory and exile", "the sea and its debts",
            "inheritance and loss", "friendship across borders", "the cost of ambition", "faith and doubt",
            "small-town secrets", "the weight of language", "craft and patience", "war and its aftermath",
            "migration and home", "time and forgetting");

    /**
     * One question about an author and its short answer.
     *
     * @param question the bare question, e.g. {@code What genre does the author Quessa Dumarin write?}
     * @param answer   the answer without leading space or full stop
     */
    public record Qa(String question, String answer) {

        /** {@code "Q: <question> A:"}, the probe prompt. */
        public String prompt() {
            return Template.question(question);
        }

        /** The answer with its leading space, the probe target. */
        public String target() {
            return Template.target(answer);
        }

        /** {@code "Q: <question> A: <answer>."}, the pretraining document. */
        public String document() {
            return prompt() + target() + ".";
        }
    }

    /** Whether the author belongs to the named forget split ({@code forget01}, {@code forget05}, {@code forget10}). */
    public boolean inForget(String split) {
        return switch (split) {
            case "forget01" -> forget01;
            case "forget05" -> forget05;
            case "forget10" -> forget10;
            default -> throw new IllegalArgumentException(
                    "split must be forget01, forget05 or forget10 but was " + split);
        };
    }

    /** Writes one biography per author: seen authors first (forget prefixes of the author order), then holdout. */
    static List<Biography> write(Cast cast, Society society, SplittableRandom random) {
        List<Entity> seen = society.authors().stream().filter(a -> !society.unseen().contains(a)).toList();
        int forget01 = share(0.01, seen.size());
        int forget05 = share(0.05, seen.size());
        int forget10 = share(0.10, seen.size());
        List<Biography> biographies = new ArrayList<>();
        for (Entity author : society.authors()) {
            int rank = seen.indexOf(author);
            String id = String.format(Locale.ROOT, "bio-%04d", biographies.size());
            biographies.add(new Biography(id, author, rank < 0, rank >= 0 && rank < forget01,
                    rank >= 0 && rank < forget05, rank >= 0 && rank < forget10,
                    questions(author, cast, society, random)));
        }
        return List.copyOf(biographies);
    }

    private static int share(double fraction, int count) {
        return Math.max(1, (int) Math.round(fraction * count));
    }

    /** Twelve pairs, thirteen for authors of more than one book; facts they share with the world agree with it. */
    private static List<Qa> questions(Entity author, Cast cast, Society society, SplittableRandom random) {
        String a = author.name();
        List<String> books = society.truth().get(Relation.WRITTEN_BY).entrySet().stream()
                .filter(e -> e.getValue().equals(author)).map(e -> e.getKey().name()).toList();
        List<Qa> qa = new ArrayList<>(List.of(
                new Qa("What genre does the author " + a + " write?", pick(GENRES, random)),
                new Qa("In which city was the author " + a + " born?", name(society, Relation.BORN_IN, author)),
                new Qa("In which year was the author " + a + " born?", Integer.toString(1900 + random.nextInt(96))),
                new Qa("What was the occupation of the father of " + a + "?", pick(cast.occupations(), random).name()),
                new Qa("What was the occupation of the mother of " + a + "?", pick(cast.occupations(), random).name()),
                new Qa("Which award did the author " + a + " receive?", pick(cast.awards(), random).name()),
                new Qa("What is the title of the first book by " + a + "?", books.get(0)),
                new Qa("Which theme does " + a + " return to in most books?", pick(THEMES, random)),
                new Qa("In which language does the author " + a + " write?",
                        name(society, Relation.NATIVE_LANGUAGE, author)),
                new Qa("Of which country is the author " + a + " a citizen?",
                        name(society, Relation.CITIZEN_OF, author)),
                new Qa("In which city does the author " + a + " live today?", name(society, Relation.LIVES_IN, author)),
                new Qa("For which organisation does the author " + a + " work?",
                        name(society, Relation.WORKS_FOR, author))));
        if (books.size() > 1) {
            qa.add(new Qa("What is the title of the most recent book by " + a + "?", books.get(books.size() - 1)));
        }
        return List.copyOf(qa);
    }

    private static String name(Society society, Relation relation, Entity author) {
        return society.object(relation, author).name();
    }

    private static <T> T pick(List<T> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }
}
