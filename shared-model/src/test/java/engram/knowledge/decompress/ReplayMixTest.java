package engram.knowledge.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** TG-SFT's mixing ratio is exact and its rounding is the documented one. */
class ReplayMixTest {

    @Test
    void replayCountIsTheRatioTimesTheNewCountRoundedHalfUp() {
        assertEquals(20, ReplayMix.replayCount(200, 0.1), "0.1 · 200 is 20, not 20.000000000000004 rounded");
        assertEquals(200, ReplayMix.replayCount(200, 1.0));
        assertEquals(2, ReplayMix.replayCount(3, 0.5), "1.5 rounds up");
        assertEquals(2, ReplayMix.replayCount(5, 0.3), "1.5 rounds up");
        assertEquals(1, ReplayMix.replayCount(7, 0.2), "1.4 rounds down");
        assertEquals(0, ReplayMix.replayCount(200, 0));
        assertEquals(600, ReplayMix.replayCount(200, 3));
        assertThrows(IllegalArgumentException.class, () -> ReplayMix.replayCount(10, -0.1));
        assertThrows(IllegalArgumentException.class, () -> ReplayMix.replayCount(10, Double.NaN));
    }

    @Test
    void theMixHoldsEveryNewElementAndExactlyTheReplayCount() {
        List<String> fresh = IntStream.range(0, 200).mapToObj(i -> "new-" + i).toList();
        List<String> replay = IntStream.range(0, 30).mapToObj(i -> "old-" + i).toList();
        for (double ratio : new double[] {0.05, 0.25, 0.5, 1.0}) {
            List<String> mix = ReplayMix.mix(fresh, replay, ratio, 9);
            int expected = ReplayMix.replayCount(200, ratio);
            assertEquals(200 + expected, mix.size(), "ratio " + ratio);
            assertTrue(mix.containsAll(fresh));
            Map<String, Integer> uses = new HashMap<>();
            mix.stream().filter(s -> s.startsWith("old-")).forEach(s -> uses.merge(s, 1, Integer::sum));
            assertEquals(expected, uses.values().stream().mapToInt(Integer::intValue).sum());
            int least = expected / replay.size();
            for (String r : replay) {                            // whole permutations: uses differ by at most one
                int n = uses.getOrDefault(r, 0);
                assertTrue(n == least || n == least + 1, r + " used " + n + " times for ratio " + ratio);
            }
        }
    }

    @Test
    void theMixIsAFunctionOfTheSeed() {
        List<Integer> fresh = IntStream.range(0, 50).boxed().toList();
        List<Integer> replay = IntStream.range(100, 120).boxed().toList();
        assertEquals(ReplayMix.mix(fresh, replay, 0.4, 3), ReplayMix.mix(fresh, replay, 0.4, 3));
        assertTrue(!ReplayMix.mix(fresh, replay, 0.4, 3).equals(ReplayMix.mix(fresh, replay, 0.4, 4)));
        assertEquals(new ArrayList<>(fresh).size(), ReplayMix.mix(fresh, List.of(), 0.0, 1).size());
        assertThrows(IllegalArgumentException.class, () -> ReplayMix.mix(fresh, List.<Integer>of(), 0.5, 1));
    }
}
