package engram.functions.runtime;

import engram.functions.api.ArtifactRef;
import engram.functions.api.Keys;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.ModelMismatchException;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.Folders;
import engram.functions.storage.StoredObject;
import engram.report.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Folders downloaded from the store (model checkpoints, edit folders), kept on local disk between warm invocations and
 * bounded in size: when the total exceeds {@code maxBytes}, the least recently used entries are deleted
 * (never one that is pinned by a caller).
 *
 * <p>An entry is keyed by what the store lists under the folder (every key, size and ETag), so a changed
 * object gets a new entry instead of a stale copy. Each entry is downloaded into a hidden temporary folder,
 * hashed with {@link Hashes#sha256} and checked against the reference's {@code sha256} when it names one, and
 * only then renamed into place: a visible entry is always complete and verified.
 */
public final class DiskCache {
    private static final String CONTENT = "content";
    private static final String HASH_FILE = "sha256";

    private final ArtifactStore store;
    private final Path root;
    private final long maxBytes;
    private final Map<String, Integer> pins = new HashMap<>();

    /**
     * @param store    where entries come from
     * @param root     the cache folder (created when missing)
     * @param maxBytes bytes the cache may hold
     */
    public DiskCache(ArtifactStore store, Path root, long maxBytes) {
        this.store = store;
        this.root = root.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /**
     * A cached folder, pinned (not evicted) until closed.
     *
     * @param folder the downloaded files
     * @param sha256 their {@link Hashes#sha256}
     */
    public record Entry(Path folder, String sha256, Runnable unpin) implements AutoCloseable {
        @Override
        public void close() {
            unpin.run();
        }
    }

    /**
     * The folder {@code ref} names, downloaded when not cached yet.
     *
     * @param field names the reference in errors
     * @throws ArtifactNotFoundException when nothing is stored under the folder
     * @throws ModelMismatchException    when the reference's {@code sha256} is not the content's
     */
    public Entry fetch(String field, ArtifactRef ref) {
        List<StoredObject> objects = store.list(ref);
        if (objects.isEmpty()) {
            throw new ArtifactNotFoundException(field, ref.uri());
        }
        String id = id(ref, objects);
        pin(id);
        try {
            Path entry = root.resolve(id);
            synchronized (lockFor(id)) {
                if (!Files.isDirectory(entry)) {
                    download(field, ref, objects, entry);
                }
            }
            String hash = Files.readString(entry.resolve(HASH_FILE), StandardCharsets.UTF_8).strip();
            if (ref.sha256() != null && !ref.sha256().equals(hash)) {
                throw new ModelMismatchException(field + ".sha256", ref.sha256(), "the content's SHA-256 is " + hash);
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(tick()));
            evict();
            return new Entry(entry.resolve(CONTENT), hash, () -> unpin(id));
        } catch (IOException e) {
            unpin(id);
            throw new UncheckedIOException("cannot cache " + ref.uri(), e);
        } catch (RuntimeException e) {
            unpin(id);
            throw e;
        }
    }

    /** Bytes currently held. */
    public long size() {
        return entries().stream().mapToLong(DiskCache::bytes).sum();
    }

    private void download(String field, ArtifactRef ref, List<StoredObject> objects, Path entry) throws IOException {
        Path temporary = root.resolve("." + entry.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Path content = temporary.resolve(CONTENT);
            for (StoredObject object : objects) {
                String relative = object.key().substring(ref.key().length());
                Keys.requireRelative(field, relative);
                store.download(ArtifactRef.of(ref.bucket(), object.key()), content.resolve(relative));
            }
            String hash = Hashes.sha256(content);
            if (ref.sha256() != null && !ref.sha256().equals(hash)) {
                throw new ModelMismatchException(field + ".sha256", ref.sha256(), "the content's SHA-256 is " + hash);
            }
            Files.writeString(temporary.resolve(HASH_FILE), hash, StandardCharsets.UTF_8);
            Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Folders.deleteTree(temporary);
        }
    }

    /** Deletes unpinned entries, least recently used first, until the cache fits. */
    private synchronized void evict() {
        List<Path> entries = new ArrayList<>(entries());
        entries.sort(Comparator.comparing(DiskCache::lastUsed));
        long total = entries.stream().mapToLong(DiskCache::bytes).sum();
        for (Path entry : entries) {
            if (total <= maxBytes) {
                return;
            }
            if (!pins.containsKey(entry.getFileName().toString())) {
                long size = bytes(entry);
                Folders.deleteTree(entry);
                total -= size;
            }
        }
    }

    private List<Path> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Wall-clock milliseconds, strictly increasing, so that two uses never tie in the LRU order. */
    private synchronized long tick() {
        clock = Math.max(System.currentTimeMillis(), clock + 1);
        return clock;
    }

    private long clock;

    private synchronized void pin(String id) {
        pins.merge(id, 1, Integer::sum);
    }

    private synchronized void unpin(String id) {
        pins.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    }

    private final Map<String, Object> locks = new HashMap<>();

    private synchronized Object lockFor(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private static String id(ArtifactRef ref, List<StoredObject> objects) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((ref.bucket() + "\n" + ref.key() + "\n").getBytes(StandardCharsets.UTF_8));
            for (StoredObject o : objects) {
                digest.update((o.key() + "\t" + o.size() + "\t" + o.etag() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    private static FileTime lastUsed(Path entry) {
        try {
            return Files.getLastModifiedTime(entry);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static long bytes(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
