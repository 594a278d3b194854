package engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void smallArraysAreOneChunkAndLargeOnesAreCoveredRowByRow() {
        try (NDManager root = NDManager.newBaseManager()) {
            assertEquals(1, Chunks.of(root.zeros(new Shape(500, 500))).size());
            List<NDIndex> chunks = Chunks.of(root.zeros(new Shape(3000, 2000)));      // 6M elements
            long rowsPerChunk = Chunks.MAX_ELEMENTS / 2000;
            assertEquals((3000 + rowsPerChunk - 1) / rowsPerChunk, chunks.size());
            assertTrue(chunks.stream().allMatch(c -> c.getRank() == 1));
        }
    }

    @Test
    void inPlaceOpsOnChunksChangeTheWholeArray() {
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray a = root.ones(new Shape(3000, 2000));
            for (NDIndex rows : Chunks.of(a)) {
                try (NDManager chunk = root.newSubManager()) {
                    Chunks.slice(a, rows, chunk).muli(3f);
                }
            }
            assertEquals(3f * 3000 * 2000, a.sum().getFloat(), 1f, "every element was multiplied exactly once");
        }
    }

    @Test
    void adamWOnAChunkedParameterEqualsItOnRowsAlone() {
        float[] row = {1f, -2f, 3f, 0.5f};
        float[] gradientRow = {0.1f, 0.2f, -0.3f, 0.05f};
        int rows = 1_200_000;                                                   // 4.8M elements: many chunks
        TrainingConfig config = TrainingConfig.adamW(0.1f, 3, 1, 1).withWeightDecay(0.01f);
        try (NDManager root = NDManager.newBaseManager()) {
            NDArray small = root.create(row).reshape(1, 4);
            NDArray large = root.create(row).reshape(1, 4).repeat(0, rows);
            NDArray smallGradient = root.create(gradientRow).reshape(1, 4);
            NDArray largeGradient = smallGradient.repeat(0, rows);
            try (AdamW a = new AdamW(Map.of("p", small), config, root);
                 AdamW b = new AdamW(Map.of("p", large), config, root)) {
                for (int t = 1; t <= 3; t++) {
                    try (NDManager scope = root.newSubManager()) {
                        a.update(Map.of("p", small), Map.of("p", smallGradient.duplicate()), 0.5f, 0.1f, t, scope);
                        b.update(Map.of("p", large), Map.of("p", largeGradient.duplicate()), 0.5f, 0.1f, t, scope);
                    }
                }
            }
            float[] expected = small.toFloatArray();
            assertArrayEquals(expected, large.get("0").toFloatArray(), "first row");
            assertArrayEquals(expected, large.get(String.valueOf(rows - 1)).toFloatArray(), "last row");
        }
    }
}
