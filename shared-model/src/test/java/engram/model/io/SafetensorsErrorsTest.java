package engram.model.io;

import static engram.model.io.SafetensorsTest.raw;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsErrorsTest {

    @TempDir
    Path dir;

    private static void assertOpenFails(Path file, String... fragments) {
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.open(file).close());
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "mentions " + fragment + ": " + e.getMessage());
        }
    }

    @Test
    void truncatedHeaderNamesTheFile() throws IOException {
        Path file = dir.resolve("truncated.safetensors");
        ByteBuffer bytes = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(1000).put("{\"w\":{\"dtype\":\"F32\",\"shape\"".getBytes());
        Files.write(file, bytes.array());
        assertOpenFails(file, "header length 1000");
    }

    @Test
    void tooShortFileAndNegativeHeaderLengthAreRefused() throws IOException {
        assertOpenFails(Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3}), "3 bytes");
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8L).putLong(0);
        assertOpenFails(Files.write(dir.resolve("huge.safetensors"), bytes.array()), "18446744073709551608");
    }

    @Test
    void headerThatIsNotAJsonObjectIsRefused() throws IOException {
        assertOpenFails(raw(dir.resolve("list.safetensors"), "[1, 2]  ", new byte[0]), "JSON object");
        assertOpenFails(raw(dir.resolve("junk.safetensors"), "{\"a\" 1}", new byte[0]), "not valid JSON");
        assertOpenFails(raw(dir.resolve("dup.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "'w'");
    }

    @Test
    void offsetsBeyondTheFileNameTheKey() throws IOException {
        Path file = raw(dir.resolve("out.safetensors"),
                "{\"model.norm.weight\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[8]);
        assertOpenFails(file, "'model.norm.weight'", "outside the data section of 8 bytes");
    }

    @Test
    void shapeThatDisagreesWithOffsetsNamesTheKey() throws IOException {
        Path file = raw(dir.resolve("mismatch.safetensors"),
                "{\"lm_head.weight\":{\"dtype\":\"BF16\",\"shape\":[2,3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertOpenFails(file, "'lm_head.weight'", "hold 8 bytes", "needs 12");
    }

    @Test
    void holesOverlapsAndBadFieldsNameTheKey() throws IOException {
        assertOpenFails(raw(dir.resolve("hole.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]),
                "'b'", "holes and overlaps");
        assertOpenFails(raw(dir.resolve("tail.safetensors"),
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[12]), "cover 4 bytes");
        assertOpenFails(raw(dir.resolve("dtype.safetensors"),
                "{\"q\":{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "'q'", "F31");
        assertOpenFails(raw(dir.resolve("shape.safetensors"),
                "{\"k\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]), "'k'", "shape");
        assertOpenFails(raw(dir.resolve("offsets.safetensors"),
                "{\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4]), "'v'", "data_offsets");
        assertOpenFails(raw(dir.resolve("meta.safetensors"), "{\"__metadata__\":{\"format\":1}}", new byte[0]),
                "'format'");
    }

    @Test
    void unknownKeyIsNamed() throws IOException {
        Path file = raw(dir.resolve("one.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        try (NDManager manager = NDManager.newBaseManager(); Safetensors read = Safetensors.open(file)) {
            var load = assertThrows(IllegalArgumentException.class, () -> read.load("model.missing", manager));
            assertTrue(load.getMessage().contains("'model.missing'") && load.getMessage().contains(file.toString()),
                    load.getMessage());
            var info = assertThrows(IllegalArgumentException.class, () -> read.info("model.missing"));
            assertTrue(info.getMessage().contains("'model.missing'"), info.getMessage());
        }
    }
}
