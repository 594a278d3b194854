package engram.knowledge.decompress;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * TG-SFT's data mixing (docs/methods.md §8.4): replay examples (a decompressed tree, or any other replay source) mixed
 * into a learning run's new examples. Works on any element type, so the same call mixes {@code Example}s for a
 * trainer or {@code KnowledgeItem}s for an editor.
 */
public final class ReplayMix {
    private ReplayMix() {}

    /**
     * How many replay elements a mix of {@code fresh} new elements gets: {@code ⌊ratio · fresh + 1/2⌋}, the
     * nearest integer with halves rounded up, computed exactly in decimal ({@code ratio} taken as the decimal the
     * double prints as, so 0.1 · 200 is exactly 20).
     *
     * @param ratio replay elements per new element, &ge; 0 (0.25 adds one replay element for every four new ones)
     * @throws IllegalArgumentException when ratio is negative or not finite, or fresh is negative
     */
    public static int replayCount(int fresh, double ratio) {
        if (!(ratio >= 0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("ratio must be >= 0 and finite, got " + ratio);
        }
        if (fresh < 0) {
            throw new IllegalArgumentException("fresh must be >= 0, got " + fresh);
        }
        java.math.BigDecimal exact = java.math.BigDecimal.valueOf(ratio).multiply(java.math.BigDecimal.valueOf(fresh));
        return exact.setScale(0, java.math.RoundingMode.HALF_UP).intValueExact();
    }

    /**
     * Every new element plus {@link #replayCount} replay elements, shuffled together with {@code seed}. Replay
     * elements are taken in the order of seeded permutations of {@code replay}, one whole permutation after
     * another, so none repeats before all have been used once.
     *
     * @throws IllegalArgumentException when replay elements are needed but {@code replay} is empty
     */
    public static <T> List<T> mix(List<T> fresh, List<T> replay, double ratio, long seed) {
        int count = replayCount(fresh.size(), ratio);
        if (count > 0 && replay.isEmpty()) {
            throw new IllegalArgumentException(count + " replay elements are needed but the replay list is empty");
        }
        Random random = new Random(seed);
        List<T> out = new ArrayList<>(fresh);
        List<T> order = new ArrayList<>();
        for (int taken = 0; taken < count; taken++) {
            if (order.isEmpty()) {
                order.addAll(replay);
                Collections.shuffle(order, random);
            }
            out.add(order.remove(order.size() - 1));
        }
        Collections.shuffle(out, random);
        return out;
    }
}
