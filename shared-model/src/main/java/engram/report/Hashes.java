package engram.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** SHA-256 fingerprints of models and adapters on disk, so a manifest can say exactly which bytes were used. */
public final class Hashes {

    private Hashes() {}

    /**
     * Lower-case hex SHA-256 of a file or of a folder's contents, streamed (never the whole file on the heap).
     *
     * <p>A single file hashes to its plain SHA-256, the same as {@code sha256sum}. A folder hashes every
     * regular file below it in the order of its relative path (with {@code /} separators, compared as
     * strings), feeding for each file its relative path in UTF-8, a zero byte, its length as 8 big-endian
     * bytes and then its bytes. So the result depends on file names and contents only, not on the order
     * in which the file system lists them, and renaming or moving a file changes it. Empty folders and
     * file times do not count.
     *
     * @throws UncheckedIOException if the path does not exist or cannot be read
     */
    public static String sha256(Path fileOrFolder) {
        MessageDigest digest = newDigest();
        try {
            if (Files.isDirectory(fileOrFolder)) {
                for (Path file : sortedFiles(fileOrFolder)) {
                    String relative = relativeName(fileOrFolder, file);
                    digest.update(relative.getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file)).array());
                    stream(file, digest);
                }
            } else {
                stream(fileOrFolder, digest);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + fileOrFolder, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> sortedFiles(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> relativeName(folder, a).compareTo(relativeName(folder, b)))
                    .collect(Collectors.toList());
        }
    }

    private static String relativeName(Path folder, Path file) {
        // joined by hand: Path.toString would use the platform separator and make the hash OS-dependent
        Path relative = folder.relativize(file);
        StringBuilder name = new StringBuilder();
        for (Path part : relative) {
            name.append(name.length() == 0 ? "" : "/").append(part);
        }
        return name.toString();
    }

    private static void stream(Path file, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
