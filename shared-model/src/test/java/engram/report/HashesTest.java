package engram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesTest {

    @TempDir
    Path temp;

    @Test
    void singleFileHashIsPlainSha256() throws IOException {
        Path file = Files.writeString(temp.resolve("abc.txt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Hashes.sha256(file));
    }

    @Test
    void sameFolderContentGivesSameHashWhateverTheWritingOrder() throws IOException {
        Path first = model(temp.resolve("first"), false);
        Path second = model(temp.resolve("second"), true);
        assertEquals(Hashes.sha256(first), Hashes.sha256(second));
        assertEquals(Hashes.sha256(first), Hashes.sha256(first), "hashing twice must not change the result");
    }

    @Test
    void oneChangedByteChangesTheHash() throws IOException {
        Path folder = model(temp.resolve("model"), false);
        String before = Hashes.sha256(folder);
        byte[] weights = Files.readAllBytes(folder.resolve("model.safetensors"));
        weights[weights.length / 2] ^= 1;
        Files.write(folder.resolve("model.safetensors"), weights);
        assertNotEquals(before, Hashes.sha256(folder));
    }

    @Test
    void renamingOrMovingAFileChangesTheHash() throws IOException {
        Path folder = model(temp.resolve("model"), false);
        String before = Hashes.sha256(folder);
        Files.move(folder.resolve("config.json"), folder.resolve("sub/config.json"));
        assertNotEquals(before, Hashes.sha256(folder));
    }

    @Test
    void bytesMovedBetweenFilesChangeTheHash() throws IOException {
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Files.writeString(a.resolve("x"), "12");
        Files.writeString(a.resolve("y"), "3");
        Files.writeString(b.resolve("x"), "1");
        Files.writeString(b.resolve("y"), "23");
        assertNotEquals(Hashes.sha256(a), Hashes.sha256(b), "file lengths are part of the hash");
    }

    @Test
    void missingPathFailsWithItsName() {
        Path missing = temp.resolve("nothing-here");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Hashes.sha256(missing));
        assertEquals("cannot hash " + missing, e.getMessage());
    }

    /** A small model folder, its files written in one order or the reverse. */
    private static Path model(Path folder, boolean reverse) throws IOException {
        Files.createDirectories(folder.resolve("sub"));
        byte[] weights = new byte[200_000];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i * 31);
        }
        Runnable[] writes = {
            () -> write(folder.resolve("config.json"), "{\"hidden_size\": 16}".getBytes(StandardCharsets.UTF_8)),
            () -> write(folder.resolve("model.safetensors"), weights),
            () -> write(folder.resolve("sub/tokenizer.json"), "{}".getBytes(StandardCharsets.UTF_8))};
        for (int i = 0; i < writes.length; i++) {
            writes[reverse ? writes.length - 1 - i : i].run();
        }
        return folder;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
