package engram.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.Architecture;
import engram.model.ModelConfig;
import engram.model.WeightNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cTest {

    private static final Path LEGACY = SharedData.file("stories260K/stories260K.bin");
    private static final Path VERSION1 = SharedData.file("stories260K/checkpoint_v1.bin");

    @TempDir
    Path dir;

    private static final ModelConfig STORIES_260K = new ModelConfig(Architecture.LLAMA, "LlamaForCausalLM",
            512, 64, 172, 5, 8, 4, 8, 512, 10000f, 1e-5f, true, false, 1, 2);

    @Test
    void bothFormatsGiveTheStories260kConfig() {
        for (Path bin : new Path[] {LEGACY, VERSION1}) {
            try (Llama2cModel model = Llama2c.read(bin)) {
                assertEquals(STORIES_260K, model.config(), bin.toString());
            }
        }
    }

    @Test
    void tensorsHaveTheHuggingFaceNamesAndShapes() {
        try (Llama2cModel model = Llama2c.read(LEGACY)) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            for (String name : model.weights().names()) {
                shapes.put(name, model.weights().info(name).shape());
                assertEquals("F32", model.weights().info(name).dtype(), name);
            }
            assertEquals(WeightNames.expected(model.config()), shapes);
        }
    }

    @Test
    void version1AndLegacyHoldTheSameModel() {
        try (NDManager manager = NDManager.newBaseManager();
             Llama2cModel legacy = Llama2c.read(LEGACY);
             Llama2cModel version1 = Llama2c.read(VERSION1)) {
            assertEquals(legacy.weights().names(), version1.weights().names());
            for (String name : legacy.weights().names()) {
                try (NDManager scope = manager.newSubManager()) {
                    assertArrayEquals(legacy.weights().load(name, scope).toFloatArray(),
                            version1.weights().load(name, scope).toFloatArray(), name);
                }
            }
        }
    }

    @Test
    void weightsAreTheFileFloatsWithQAndKRowsPermuted() throws IOException {
        ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(LEGACY)).order(ByteOrder.LITTLE_ENDIAN);
        int dim = 64;
        int layers = 5;
        int headSize = 8;
        int embeddingFloats = 512 * dim;
        long qLayer1 = 7 + embeddingFloats + layers * dim + (long) dim * dim;   // in floats, header included
        long kLayer0 = 7 + embeddingFloats + layers * dim + (long) layers * dim * dim;
        try (NDManager manager = NDManager.newBaseManager(); Llama2cModel model = Llama2c.read(LEGACY)) {
            ModelConfig c = model.config();
            float[] embedding = model.weights().load(WeightNames.embedding(c), manager).toFloatArray();
            assertEquals(raw.getFloat(28), embedding[0]);
            assertEquals(raw.getFloat(28 + 4 * (embeddingFloats - 1)), embedding[embeddingFloats - 1]);

            float[] q = model.weights().load(WeightNames.llamaLayer(c, 1).q() + ".weight", manager).toFloatArray();
            float[] k = model.weights().load(WeightNames.llamaLayer(c, 0).k() + ".weight", manager).toFloatArray();
            for (int h = 0; h < 8; h++) {
                for (int i = 0; i < headSize / 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        int hfRow = h * headSize + j * headSize / 2 + i;   // rotate-half position
                        int fileRow = h * headSize + 2 * i + j;            // interleaved position
                        for (int col = 0; col < dim; col += 21) {
                            assertEquals(raw.getFloat((int) (4 * (qLayer1 + (long) fileRow * dim + col))),
                                    q[hfRow * dim + col], "q row " + hfRow);
                            if (h < 4) {
                                assertEquals(raw.getFloat((int) (4 * (kLayer0 + (long) fileRow * dim + col))),
                                        k[hfRow * dim + col], "k row " + hfRow);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void permutationMovesEvenRowsOfEachHeadBeforeOddRows() {
        // (heads 2 * headSize 4, columns 2): row r holds {10r, 10r + 1}
        float[] w = new float[16];
        for (int r = 0; r < 8; r++) {
            w[2 * r] = 10 * r;
            w[2 * r + 1] = 10 * r + 1;
        }
        float[] expected = {0, 1, 20, 21, 10, 11, 30, 31, 40, 41, 60, 61, 50, 51, 70, 71};
        assertArrayEquals(expected, Llama2c.interleavedToRotateHalf(w, 2, 2));
    }

    @Test
    void permutedWeightsWithRotateHalfRopeEqualPermutedInterleavedRope() {
        int heads = 2;
        int headSize = 6;
        int columns = 5;
        int position = 7;
        Random random = new Random(42);
        float[] w = new float[heads * headSize * columns];
        float[] x = new float[columns];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < columns; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] llama2c = interleavedRope(matVec(w, x, columns), headSize, position);
        float[] huggingFace = rotateHalfRope(matVec(Llama2c.interleavedToRotateHalf(w, heads, columns), x, columns),
                headSize, position);
        assertArrayEquals(Llama2c.interleavedToRotateHalf(llama2c, heads, 1), huggingFace, 1e-5f);
    }

    private static float[] matVec(float[] w, float[] x, int columns) {
        float[] out = new float[w.length / columns];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < columns; c++) {
                out[r] += w[r * columns + c] * x[c];
            }
        }
        return out;
    }

    /** run.c: pairs (i, i+1) of each head rotate by pos * 10000^(-i/headSize). */
    private static float[] interleavedRope(float[] v, int headSize, int position) {
        float[] out = v.clone();
        for (int i = 0; i < v.length; i += 2) {
            double angle = position / Math.pow(10000, (i % headSize) / (double) headSize);
            out[i] = (float) (v[i] * Math.cos(angle) - v[i + 1] * Math.sin(angle));
            out[i + 1] = (float) (v[i] * Math.sin(angle) + v[i + 1] * Math.cos(angle));
        }
        return out;
    }

    /** modeling_llama.py: x * cos + rotate_half(x) * sin, pairs (i, i + headSize/2) at 10000^(-2i/headSize). */
    private static float[] rotateHalfRope(float[] v, int headSize, int position) {
        float[] out = v.clone();
        int half = headSize / 2;
        for (int start = 0; start < v.length; start += headSize) {
            for (int i = 0; i < half; i++) {
                double angle = position / Math.pow(10000, 2 * i / (double) headSize);
                float a = v[start + i];
                float b = v[start + i + half];
                out[start + i] = (float) (a * Math.cos(angle) - b * Math.sin(angle));
                out[start + i + half] = (float) (b * Math.cos(angle) + a * Math.sin(angle));
            }
        }
        return out;
    }

    @Test
    void convertsToAHuggingFaceFolderThatReadsBackTheSame() throws IOException {
        try (NDManager manager = NDManager.newBaseManager(); Llama2cModel model = Llama2c.read(LEGACY)) {
            model.config().writeTo(dir);
            Safetensors.write(dir.resolve(Checkpoint.SINGLE_FILE), model.weights(), Map.of("format", "pt"), Dtype.F32);
            assertEquals(model.config(), ModelConfig.fromHuggingFace(dir));
            try (TensorSource converted = Checkpoint.open(dir)) {
                assertEquals(model.weights().names(), converted.names());
                for (String name : converted.names()) {
                    try (NDManager scope = manager.newSubManager()) {
                        assertArrayEquals(model.weights().load(name, scope).toFloatArray(),
                                converted.load(name, scope).toFloatArray(), name);
                    }
                }
            }
        }
    }

    /** A tiny llama2.c file whose i-th weight float is i, so every tensor's position can be checked. */
    private Path numbered(String name, boolean legacy, int floats) throws IOException {
        int[] dims = {4, 6, 1, 2, 1, legacy ? -5 : 5, 3};   // dim, hidden, layers, heads, kv heads, vocab, seq
        ByteBuffer out = ByteBuffer.allocate((legacy ? 28 : 256) + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        if (!legacy) {
            out.putInt(Llama2c.MAGIC).putInt(1);
        }
        for (int d : dims) {
            out.putInt(d);
        }
        out.position(legacy ? 28 : 256);                    // version 1: shared flag 0, zero padding
        for (int i = 0; i < floats; i++) {
            out.putFloat(i);
        }
        return Files.write(dir.resolve(name), out.array());
    }

    @Test
    void unsharedClassifierIsReadFromTheEndInBothFormats() throws IOException {
        // floats: embedding 20, norms 4 + 4, wq 16, wk 8, wv 8, wo 16, w1 24, w2 24, w3 24, final norm 4
        int weights = 20 + 8 + 16 + 8 + 8 + 16 + 72 + 4;
        int ropeTables = 3 * 2;                              // legacy only: seq_len * head_size
        Path legacy = numbered("legacy.bin", true, weights + ropeTables + 20);
        Path version1 = numbered("v1.bin", false, weights + 20);
        try (NDManager manager = NDManager.newBaseManager();
             Llama2cModel old = Llama2c.read(legacy);
             Llama2cModel v1 = Llama2c.read(version1)) {
            assertFalse(old.config().tiedEmbeddings());
            assertFalse(v1.config().tiedEmbeddings());
            assertEquals(WeightNames.expected(old.config()).keySet(), old.weights().names());
            String norm = WeightNames.finalNorm(old.config()) + ".weight";
            assertArrayEquals(new float[] {weights - 4, weights - 3, weights - 2, weights - 1},
                    old.weights().load(norm, manager).toFloatArray());
            assertEquals(weights + ropeTables, old.weights().load(WeightNames.lmHead(), manager).toFloatArray()[0]);
            assertEquals(weights, v1.weights().load(WeightNames.lmHead(), manager).toFloatArray()[0]);
            assertEquals(0f, old.weights().load(WeightNames.embedding(old.config()), manager).toFloatArray()[0]);
            assertEquals(12f, v1.weights().load(WeightNames.embedding(v1.config()), manager).toFloatArray()[0]);
            assertEquals(8f, v1.weights().load(norm, manager).toFloatArray()[0]);
        }
    }

    @Test
    void truncatedFileIsRefusedWithBothSizes() throws IOException {
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(LEGACY), 100_000));
        var e = assertThrows(IllegalArgumentException.class, () -> Llama2c.read(cut).close());
        assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("100000 bytes")
                && e.getMessage().contains("1056540"), e.getMessage());
    }

    @Test
    void quantisedExportVersionIsRefused() throws IOException {
        byte[] bytes = Files.readAllBytes(VERSION1);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
        Path version2 = Files.write(dir.resolve("q80.bin"), bytes);
        var e = assertThrows(IllegalArgumentException.class, () -> Llama2c.read(version2).close());
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void badDimensionIsNamed() throws IOException {
        byte[] bytes = Files.readAllBytes(LEGACY);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 0);   // n_kv_heads
        Path bad = Files.write(dir.resolve("bad.bin"), bytes);
        var e = assertThrows(IllegalArgumentException.class, () -> Llama2c.read(bad).close());
        assertTrue(e.getMessage().contains("'n_kv_heads'"), e.getMessage());
        var missing = assertThrows(UncheckedIOException.class, () -> Llama2c.read(dir.resolve("none.bin")));
        assertTrue(missing.getMessage().contains("none.bin"), missing.getMessage());
    }

    @Test
    void loadedArraysBelongToTheCallersManager() {
        try (NDManager manager = NDManager.newBaseManager(); Llama2cModel model = Llama2c.read(LEGACY)) {
            String q = WeightNames.llamaLayer(model.config(), 0).q() + ".weight";
            try (NDManager scope = manager.newSubManager()) {
                NDArray loaded = model.weights().load(q, scope);
                assertEquals(scope, loaded.getManager());
            }
            assertEquals(0, manager.getManagedArrays().size());
        }
    }
}
