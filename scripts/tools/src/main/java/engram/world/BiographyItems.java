package engram.world;

import engram.knowledge.KnowledgeItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The generated world's author biographies as TOFU-style {@link KnowledgeItem}s, split into forget, retain and
 * holdout sets, for the unlearning benchmark ({@code engram.eval.UnlearningEvaluation}).
 *
 * <p>One item per question: id {@code <bio-id>/q<index>} (as {@link World#biographyProbes()}), subject the
 * author, prompt {@code "Q: <question> A:"}, {@code targetTrue} {@code " <answer>"}, source {@value #SOURCE}.
 * <ul>
 * <li>{@code paraphrasedTarget}: the world has no paraphrased answers, so it is the true answer itself. The
 *     truth ratio then compares the perturbed answers with the memorised string rather than with a rewording
 *     of it, which makes it stricter than TOFU's.</li>
 * <li>{@code perturbedTargets}: up to {@code perturbedCount} other answers of the same kind, distinct, drawn
 *     with a generator seeded by {@code seed}. When the answer names an entity of the world (a city, country,
 *     language, organisation, book, occupation or award), the pool is every other entity of that type. Otherwise
 *     (genre, theme, birth year) it is every other answer the world gives to the same question about another
 *     author. The draws for all biographies are made in world order from one generator, so an item's perturbed
 *     answers do not depend on which split is asked for.</li>
 * </ul>
 */
public final class BiographyItems {

    /** The {@code source} of every item. */
    public static final String SOURCE = "engram-world-biography";

    private BiographyItems() {}

    /**
     * The three author groups of one forget split.
     *
     * @param forget  questions about the split's forget authors
     * @param retain  questions about every other seen author
     * @param holdout questions about the never-seen (holdout) authors
     */
    public record Split(List<KnowledgeItem> forget, List<KnowledgeItem> retain, List<KnowledgeItem> holdout) {
        public Split {
            forget = List.copyOf(forget);
            retain = List.copyOf(retain);
            holdout = List.copyOf(holdout);
        }
    }

    /**
     * Items of every biography, split by {@code forgetSplit}.
     *
     * @param forgetSplit    {@code forget01}, {@code forget05} or {@code forget10}
     * @param perturbedCount perturbed answers per question (TOFU uses 5), at least 1
     * @param seed           seeds the choice of perturbed answers
     * @throws IllegalArgumentException when the split is unknown or {@code perturbedCount} is below 1
     */
    public static Split split(World world, String forgetSplit, int perturbedCount, long seed) {
        List<KnowledgeItem> forget = new ArrayList<>();
        List<KnowledgeItem> retain = new ArrayList<>();
        List<KnowledgeItem> holdout = new ArrayList<>();
        Map<Biography, List<KnowledgeItem>> items = items(world, perturbedCount, seed);
        for (Map.Entry<Biography, List<KnowledgeItem>> entry : items.entrySet()) {
            Biography biography = entry.getKey();
            List<KnowledgeItem> group = biography.holdout() ? holdout
                    : biography.inForget(forgetSplit) ? forget : retain;
            group.addAll(entry.getValue());
        }
        return new Split(forget, retain, holdout);
    }

    /**
     * The items of each biography, in world order.
     *
     * @throws IllegalArgumentException when {@code perturbedCount} is below 1
     */
    public static Map<Biography, List<KnowledgeItem>> items(World world, int perturbedCount, long seed) {
        if (perturbedCount < 1) {
            throw new IllegalArgumentException("perturbedCount must be >= 1, got " + perturbedCount);
        }
        Pools pools = new Pools(world);
        SplittableRandom random = new SplittableRandom(seed);
        Map<Biography, List<KnowledgeItem>> out = new LinkedHashMap<>();
        for (Biography biography : world.biographies()) {
            List<KnowledgeItem> items = new ArrayList<>();
            for (int i = 0; i < biography.qa().size(); i++) {
                Biography.Qa qa = biography.qa().get(i);
                List<String> perturbed = draw(pools.of(biography, qa), qa.answer(), perturbedCount, random).stream()
                        .map(Template::target).toList();
                items.add(new KnowledgeItem(biography.id() + "/q" + i, biography.author().name(), "biography",
                        qa.prompt(), qa.target(), null, null, null, null, qa.target(), perturbed, SOURCE));
            }
            out.put(biography, List.copyOf(items));
        }
        return out;
    }

    /** Up to {@code count} distinct members of {@code pool} other than {@code answer}, seeded partial shuffle. */
    private static List<String> draw(List<String> pool, String answer, int count, SplittableRandom random) {
        List<String> candidates = new ArrayList<>(new LinkedHashSet<>(pool));
        candidates.remove(answer);
        int take = Math.min(count, candidates.size());
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(candidates.size() - i);
            String swap = candidates.get(i);
            candidates.set(i, candidates.get(j));
            candidates.set(j, swap);
        }
        return List.copyOf(candidates.subList(0, take));
    }

    /** Where perturbed answers come from: entities of the answer's type, else answers to the same question. */
    private static final class Pools {
        private final Map<String, Entity.Type> typeOfName = new HashMap<>();
        private final Map<Entity.Type, List<String>> namesOfType = new HashMap<>();
        private final Map<String, List<String>> answersToQuestion = new HashMap<>();

        Pools(World world) {
            for (Entity entity : world.entities()) {
                typeOfName.putIfAbsent(entity.name(), entity.type());
                namesOfType.computeIfAbsent(entity.type(), t -> new ArrayList<>()).add(entity.name());
            }
            for (Biography biography : world.biographies()) {
                for (Biography.Qa qa : biography.qa()) {
                    answersToQuestion.computeIfAbsent(questionKey(biography, qa), k -> new ArrayList<>())
                            .add(qa.answer());
                }
            }
        }

        List<String> of(Biography biography, Biography.Qa qa) {
            Entity.Type type = typeOfName.get(qa.answer());
            return type != null ? namesOfType.get(type) : answersToQuestion.get(questionKey(biography, qa));
        }

        /** The question with the author's name taken out, the same for every author. */
        private static String questionKey(Biography biography, Biography.Qa qa) {
            return qa.question().replace(biography.author().name(), "{author}");
        }
    }
}
