package engram.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    private static final Map<String, String> PT = Map.of("format", "pt");

    @TempDir
    Path dir;

    /** A file with exactly this header text and data, for hand-made and broken files. */
    static Path raw(Path file, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(text.length).put(text).put(data);
        Files.write(file, out.array());
        return file;
    }

    static byte[] littleEndianShorts(int... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            out.putShort((short) v);
        }
        return out.array();
    }

    @Test
    void f32RoundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("model.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("z.weight", manager.arange(6f).reshape(2, 3));                      // (2, 3)
            tensors.put("a.bias", manager.create(new float[] {-1.5f, 0f, 3.25f}));          // (3)
            tensors.put("m.scalar", manager.create(7f));                                    // ()
            Safetensors.write(file, tensors, PT, Dtype.F32);

            try (Safetensors read = Safetensors.open(file)) {
                assertEquals(List.of("z.weight", "a.bias", "m.scalar"), List.copyOf(read.names()));
                assertEquals(PT, read.metadata());
                assertEquals(new TensorInfo("z.weight", "F32", new Shape(2, 3)), read.info("z.weight"));
                assertEquals(new Shape(), read.info("m.scalar").shape());
                for (String name : tensors.keySet()) {
                    NDArray loaded = read.load(name, manager);
                    assertEquals(DataType.FLOAT32, loaded.getDataType());
                    assertEquals(tensors.get(name).getShape(), loaded.getShape(), name);
                    assertArrayEquals(tensors.get(name).toFloatArray(), loaded.toFloatArray(), name);
                }
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong();
        String header = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
        assertEquals(0, headerLength % 8, "header is padded so the data starts 8-byte aligned");
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"}"), header);
        assertEquals(8 + headerLength + 4 * (6 + 3 + 1), Files.size(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void bf16RoundTripIsExactForRepresentableValues() throws IOException {
        float[] values = {1f, -2.5f, 0.15625f, 256f, -0x1p-126f, 0x1.02p0f, 3.3895314e38f, 0f, -0f,
                Float.POSITIVE_INFINITY};
        Path file = dir.resolve("bf16.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Safetensors.write(file, Map.of("w", manager.create(values).reshape(2, 5)), PT, Dtype.BF16);
            try (Safetensors read = Safetensors.open(file)) {
                assertEquals(new TensorInfo("w", "BF16", new Shape(2, 5)), read.info("w"));
                NDArray loaded = read.load("w", manager);
                assertEquals(DataType.FLOAT32, loaded.getDataType());
                assertArrayEquals(values, loaded.toFloatArray());
            }
        }
    }

    @Test
    void bf16NarrowingRoundsToNearestEven() {
        ByteBuffer f32 = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        f32.putInt(0x3F808000).putInt(0x3F818000).putInt(0x3F808001).putInt(0x7FC00001).putInt(0x7F7FFFFF).flip();
        ByteBuffer bf16 = Dtype.f32ToBf16(f32);
        assertEquals((short) 0x3F80, bf16.getShort(), "halfway rounds down to the even 0x3F80");
        assertEquals((short) 0x3F82, bf16.getShort(), "halfway rounds up to the even 0x3F82");
        assertEquals((short) 0x3F81, bf16.getShort(), "above halfway rounds up");
        assertTrue(Float.isNaN(Float.intBitsToFloat(bf16.getShort() << 16)), "NaN stays NaN");
        assertEquals((short) 0x7F80, bf16.getShort(), "the largest float rounds to infinity, as in PyTorch");
    }

    @Test
    void readsHandMadeF16AndBf16Files() throws IOException {
        // 1, -2, 65504 (largest half), 2^-24 (smallest subnormal half), +inf
        byte[] half = littleEndianShorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00);
        Path f16 = raw(dir.resolve("f16.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]}}", half);
        byte[] brain = littleEndianShorts(0x3F80, 0xC020, 0x4049);
        Path bf16 = raw(dir.resolve("bf16.safetensors"),
                "{\"b\":{\"dtype\":\"BF16\",\"shape\":[1,3],\"data_offsets\":[0,6]}}", brain);
        try (NDManager manager = NDManager.newBaseManager();
             Safetensors h = Safetensors.open(f16);
             Safetensors b = Safetensors.open(bf16)) {
            assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY},
                    h.load("h", manager).toFloatArray());
            assertEquals(Map.of(), h.metadata());
            assertArrayEquals(new float[] {1f, -2.5f, 3.140625f}, b.load("b", manager).toFloatArray());
        }
    }

    @Test
    void f16WriteRoundTripsHalfPrecisionValues() throws IOException {
        float[] values = {1f, -2f, 0.5f, 65504f, 0x1p-14f, 0x1p-24f, 1.0009765625f};
        Path file = dir.resolve("f16.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Safetensors.write(file, Map.of("x", manager.create(values)), PT, Dtype.F16);
            try (Safetensors read = Safetensors.open(file)) {
                assertEquals("F16", read.info("x").dtype());
                assertArrayEquals(values, read.load("x", manager).toFloatArray());
            }
        }
    }

    @Test
    void writingASourceStreamsEveryTensorInItsOrder() throws IOException {
        Path first = dir.resolve("first.safetensors");
        Path second = dir.resolve("second.safetensors");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("b", manager.create(new float[] {1f, 2f, 3f, 4f}).reshape(2, 2));   // (2, 2)
            tensors.put("a", manager.create(new float[] {0.5f}));                           // (1)
            Safetensors.write(first, tensors, PT, Dtype.F32);
            try (Safetensors source = Safetensors.open(first)) {
                Safetensors.write(second, source, PT, Dtype.BF16);
            }
            try (Safetensors read = Safetensors.open(second)) {
                assertEquals(List.of("b", "a"), List.copyOf(read.names()));
                assertEquals("BF16", read.info("b").dtype());
                assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, read.load("b", manager).toFloatArray());
                assertEquals(new Shape(2, 2), read.load("b", manager).getShape());
            }
        }
    }

    @Test
    void integerTensorsAreListedButRefusedByLoad() throws IOException {
        Path file = raw(dir.resolve("ids.safetensors"),
                "{\"position_ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16]);
        try (NDManager manager = NDManager.newBaseManager(); Safetensors read = Safetensors.open(file)) {
            assertEquals(new TensorInfo("position_ids", "I64", new Shape(2)), read.info("position_ids"));
            var e = assertThrows(IllegalArgumentException.class, () -> read.load("position_ids", manager));
            assertTrue(e.getMessage().contains("'position_ids'") && e.getMessage().contains("I64"), e.getMessage());
        }
    }

    @Test
    void writerRefusesUnsupportedDtypeAndReservedNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.zeros(new Shape(2));
            Path file = dir.resolve("bad.safetensors");
            assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file, Map.of("x", x), PT, Dtype.I64));
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Safetensors.write(file, Map.of("__metadata__", x), PT, Dtype.F32));
            assertTrue(e.getMessage().contains("'__metadata__'"), e.getMessage());
            assertTrue(Files.notExists(file));
        }
    }
}
