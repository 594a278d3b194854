package engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import engram.model.CausalLm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerplexityTest {

    @Test
    void perplexityIsTheExponentOfTheReferenceMeanNegativeLogLikelihood() throws Exception {
        Path folder = TestData.resource("golden/tiny-llama");
        JsonNode golden = new ObjectMapper().readTree(folder.resolve("golden.json").toFile());
        JsonNode row = golden.get("input_ids").get(0);
        long[] ids = new long[row.size()];
        double nll = 0;
        for (int t = 0; t < ids.length; t++) {
            ids[t] = row.get(t).asLong();
        }
        for (int t = 0; t < ids.length - 1; t++) {
            nll -= golden.get("log_probs").get(0).get(t).asDouble();
        }
        double expected = Math.exp(nll / (ids.length - 1));
        long[] shorter = java.util.Arrays.copyOf(ids, 4);
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(folder, root)) {
            assertEquals(expected, Perplexity.of(model, List.of(ids), 1), expected * 1e-4);
            double together = Perplexity.of(model, List.of(ids, shorter), 2);
            double separately = Math.exp((Math.log(Perplexity.of(model, List.of(ids), 1)) * (ids.length - 1)
                    + Math.log(Perplexity.of(model, List.of(shorter), 1)) * 3) / (ids.length + 2));
            assertEquals(separately, together, separately * 1e-4, "pads are not counted");
        }
    }
}
