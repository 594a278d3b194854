package engram.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsLargeFileTest {

    private static final long BIG_ELEMENTS = (1L << 29) + 2;          // F32: 2 GiB + 8 bytes
    private static final long BIG_BYTES = BIG_ELEMENTS * 4;

    @TempDir
    Path dir;

    @Test
    void tensorPastTheTwoGibMarkReadsBackFromASparseFile() throws IOException {
        Path file = dir.resolve("sparse.safetensors");
        float[] tail = {1.5f, -2.25f, 1e-3f, 42f};
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"big\":{\"dtype\":\"F32\",\"shape\":[" + BIG_ELEMENTS + "],\"data_offsets\":[0," + BIG_BYTES + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[" + BIG_BYTES + "," + (BIG_BYTES + 16)
                + "]}}";
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + text.length;
        try {
            try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
                ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
                out.write(head.putLong(text.length).put(text).array());
                out.setLength(dataStart + BIG_BYTES + 16);                  // sparse: no blocks for "big"
                ByteBuffer values = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : tail) {
                    values.putFloat(v);
                }
                out.seek(dataStart + BIG_BYTES);
                out.write(values.array());
            }
            assertTrue(Files.size(file) > (1L << 31));
            try (NDManager manager = NDManager.newBaseManager(); Safetensors read = Safetensors.open(file)) {
                assertEquals(new Shape(BIG_ELEMENTS), read.info("big").shape());
                assertEquals(new Shape(2, 2), read.load("tail", manager).getShape());
                assertArrayEquals(tail, read.load("tail", manager).toFloatArray());
                var e = assertThrows(IllegalArgumentException.class, () -> read.load("big", manager));
                assertTrue(e.getMessage().contains("'big'") && e.getMessage().contains("2 GiB"), e.getMessage());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
