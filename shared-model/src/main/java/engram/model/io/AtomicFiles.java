package engram.model.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Every file engram writes appears whole or not at all: the bytes go to a hidden sibling
 * ({@code .name.<uuid>.tmp}, created with the process's normal permissions, unlike
 * {@link Files#createTempFile}, which makes owner-only files), are forced to disk, and the sibling is renamed
 * over the target in one step. Readers see the old file or the new one, never a part; the sibling is deleted
 * when anything fails.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Fills a file that is not yet visible under its final name. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole content to {@code out}. */
        void writeTo(FileChannel out) throws IOException;
    }

    /** Writes {@code file} through {@code body}, whole or not at all; creates missing parent folders. */
    public static void write(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.writeTo(out);
                out.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Writes bytes held in memory, whole or not at all. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, out -> writeFully(out, ByteBuffer.wrap(content)));
    }

    /** Writes UTF-8 text, whole or not at all. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes every remaining byte of {@code data}. */
    static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
