package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import engram.model.CausalLm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeacherForcingTest {

    @Test
    void scoresMatchTheReferenceLogitsAndDoNotDependOnBatching() throws Exception {
        Path folder = TestData.resource("golden/tiny-llama");
        JsonNode golden = new ObjectMapper().readTree(folder.resolve("golden.json").toFile());
        JsonNode row = golden.get("input_ids").get(0);
        long[] prompt = {row.get(0).asLong(), row.get(1).asLong(), row.get(2).asLong(), row.get(3).asLong()};
        long[] target = {row.get(4).asLong(), row.get(5).asLong(), row.get(6).asLong()};
        double expectedLogProb = 0;
        long[] expectedArgmax = new long[3];
        for (int i = 0; i < 3; i++) {
            expectedLogProb += golden.get("log_probs").get(0).get(3 + i).asDouble();
            expectedArgmax[i] = argmax(golden.get("logits").get(0).get(3 + i));
        }
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(folder, root)) {
            TeacherForcing.Score alone = TeacherForcing.score(model, List.of(prompt), List.of(target), 1).get(0);
            assertEquals(expectedLogProb, alone.logProbability(), 1e-4);
            assertArrayEquals(expectedArgmax, alone.predicted());
            long hits = java.util.stream.IntStream.range(0, 3).filter(i -> expectedArgmax[i] == target[i]).count();
            assertEquals(hits / 3.0, alone.tokenAccuracy(), 1e-9);
            assertEquals(hits == 3, alone.exact());

            long[] longerPrompt = {5, 6, 7, 8, 9, 10, 11};
            List<TeacherForcing.Score> batched = TeacherForcing.score(model, List.of(longerPrompt, prompt),
                    List.of(new long[] {12}, target), 2);
            assertEquals(alone.logProbability(), batched.get(1).logProbability(), 1e-5, "right padding changes nothing");
            assertArrayEquals(alone.predicted(), batched.get(1).predicted());
            assertEquals(alone.firstTokenRank(), batched.get(1).firstTokenRank());
        }
    }

    private static long argmax(JsonNode logits) {
        int best = 0;
        for (int v = 1; v < logits.size(); v++) {
            if (logits.get(v).asDouble() > logits.get(best).asDouble()) {
                best = v;
            }
        }
        return best;
    }
}
