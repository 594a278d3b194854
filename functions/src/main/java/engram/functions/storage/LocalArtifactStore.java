package engram.functions.storage;

import engram.functions.api.ArtifactRef;
import engram.functions.errors.ArtifactNotFoundException;
import engram.model.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A store in a folder: bucket {@code b}, key {@code k} is the file {@code <root>/b/k}. The embedded default,
 * for running everything on one machine. Writes go through {@link AtomicFiles}, whose hidden temporary
 * siblings ({@code .name.<uuid>.tmp}) listings skip.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private final Path root;
    private final String bucket;

    /**
     * @param root   the folder holding one folder per bucket
     * @param bucket the bucket outputs go to
     */
    public LocalArtifactStore(Path root, String bucket) {
        this.root = root.toAbsolutePath().normalize();
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<StoredObject> stat(ArtifactRef ref) {
        Path file;
        try {
            file = file(ref.bucket(), ref.key());
        } catch (ArtifactNotFoundException e) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(describe(ref.key(), file));
    }

    @Override
    public List<StoredObject> list(ArtifactRef prefix) {
        Path bucketRoot = bucketRoot(prefix.bucket());
        String key = prefix.key();
        Path start;
        try {
            start = file(prefix.bucket(), key.contains("/") ? key.substring(0, key.lastIndexOf('/') + 1) : "");
        } catch (ArtifactNotFoundException e) {
            return List.of();
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(start)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(p -> {
                        String k = keyOf(bucketRoot, p);
                        if (k.startsWith(key)) {
                            out.add(describe(k, p));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix.uri(), e);
        }
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    @Override
    public void download(ArtifactRef ref, Path target) {
        Path source = existing(ref);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            AtomicFiles.write(target, out -> {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
            });
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(null, ref.uri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + ref.uri() + " to " + target, e);
        }
    }

    @Override
    public byte[] read(ArtifactRef ref) {
        try {
            return Files.readAllBytes(existing(ref));
        } catch (NoSuchFileException e) {
            throw new ArtifactNotFoundException(null, ref.uri());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref.uri(), e);
        }
    }

    @Override
    public ArtifactRef upload(String key, Path file) {
        ArtifactRef ref = ArtifactRef.of(bucket, key);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            AtomicFiles.write(file(bucket, key), out -> {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ref.uri(), e);
        }
        return ref;
    }

    @Override
    public ArtifactRef put(String key, byte[] content) {
        ArtifactRef ref = ArtifactRef.of(bucket, key);
        try {
            AtomicFiles.write(file(bucket, key), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ref.uri(), e);
        }
        return ref;
    }

    /** Writes a hidden sibling, then hard-links it to the key: {@code link(2)} fails when the key exists. */
    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        Path target = file(bucket, key);
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            AtomicFiles.write(temporary, content);
            Files.createLink(target, temporary);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ArtifactRef.of(bucket, key).uri(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // a hidden leftover: listings skip it
            }
        }
    }

    @Override
    public void delete(ArtifactRef ref) {
        try {
            Files.deleteIfExists(file(ref.bucket(), ref.key()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + ref.uri(), e);
        }
    }

    private Path existing(ArtifactRef ref) {
        Path file = file(ref.bucket(), ref.key());
        if (!Files.isRegularFile(file)) {
            throw new ArtifactNotFoundException(null, ref.uri());
        }
        return file;
    }

    private Path bucketRoot(String name) {
        return root.resolve(name == null ? bucket : name);
    }

    /**
     * The file of a key; keys were confined by request validation, and this checks again. A key the file system
     * cannot name (characters its encoding lacks) names no file: nothing can be stored there.
     */
    private Path file(String bucketName, String key) {
        Path bucketRoot = bucketRoot(bucketName);
        Path file;
        try {
            file = bucketRoot.resolve(key).normalize();
        } catch (InvalidPathException e) {
            throw new ArtifactNotFoundException(null, ArtifactRef.of(bucketName, key).uri());
        }
        if (!file.startsWith(bucketRoot)) {
            throw new IllegalArgumentException("key escapes the store: " + key);
        }
        return file;
    }

    private static String keyOf(Path bucketRoot, Path file) {
        StringBuilder key = new StringBuilder();
        for (Path part : bucketRoot.relativize(file)) {
            key.append(key.length() == 0 ? "" : "/").append(part);
        }
        return key.toString();
    }

    private static StoredObject describe(String key, Path file) {
        try {
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            return new StoredObject(key, size, Long.toHexString(size) + "-" + Long.toHexString(modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }
}
