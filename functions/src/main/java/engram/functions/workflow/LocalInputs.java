package engram.functions.workflow;

import engram.functions.api.ArtifactRef;
import engram.functions.api.Keys;
import engram.functions.config.EngramConfig;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.Folders;
import engram.functions.storage.StoredObject;
import engram.report.Hashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Puts what a user names on this machine (a model folder, a dataset file, a few JSON lines) into the artifact
 * store, so that a workflow can point at it. A name of the form {@code s3://bucket/key} is already in the store
 * and is only parsed.
 */
@ApplicationScoped
public class LocalInputs {
    @Inject ArtifactStore store;
    @Inject EngramConfig config;

    /** The store everything goes to. */
    public ArtifactStore store() {
        return store;
    }

    /** The file behind a reference when the store is a local folder (to show people where an output is). */
    public Optional<Path> localFile(ArtifactRef ref) {
        if (config.store().kind() != EngramConfig.Kind.LOCAL || ref == null || ref.key() == null) {
            return Optional.empty();
        }
        String bucket = ref.bucket() == null || ref.bucket().isEmpty() ? config.store().bucket() : ref.bucket();
        return Optional.of(config.store().localRoot().toAbsolutePath().resolve(bucket).resolve(ref.key()).normalize());
    }

    /**
     * The model folder {@code location} names: an {@code s3://} folder as it is, or a local checkpoint folder
     * whose top-level files are uploaded under {@code models/<folder name>/} (files whose content is already
     * there are kept).
     */
    public ArtifactRef model(String location) {
        return folder(location, "model", Keys::uploadedModel, "config.json");
    }

    /**
     * The edit folder {@code location} names (what {@code apply-edit} or {@code unlearn} wrote, and requests call
     * {@code adapter}), uploaded under {@code adapters/<folder name>/} if local.
     */
    public ArtifactRef editFolder(String location) {
        return folder(location, "adapter", Keys::uploadedEditFolder, "edit.json");
    }

    private ArtifactRef folder(String location, String field, UnaryOperator<String> keyOfName, String marker) {
        if (location.startsWith("s3://")) {
            return ArtifactRef.parse(location.endsWith("/") ? location : location + "/");
        }
        Path folder = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(folder.resolve(marker))) {
            throw new ArtifactNotFoundException(field, folder + " (no " + marker + ")");
        }
        String prefix = keyOfName.apply(folder.getFileName().toString());
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                uploadIfChanged(prefix + file.getFileName(), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ArtifactRef.of(store.bucket(), prefix);
    }

    /** The dataset {@code location} names: an {@code s3://} object as it is, or a local file uploaded to {@code key}. */
    public ArtifactRef dataset(String location, String key) {
        if (location.startsWith("s3://")) {
            return ArtifactRef.parse(location);
        }
        Path file = Path.of(location).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ArtifactNotFoundException("dataset", file.toString());
        }
        return uploadIfChanged(key, file);
    }

    /** {@code lines} as one JSONL object at {@code key}. */
    public ArtifactRef lines(String key, List<String> lines) {
        return store.put(key, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Uploads {@code file} to {@code key} unless the store already holds the same bytes there. Sizes are compared
     * first, as they cost nothing; equal sizes are then compared by the SHA-256 of both contents, because a file
     * edited in place often keeps its size (a changed weight, a corrected line of the same length).
     */
    private ArtifactRef uploadIfChanged(String key, Path file) {
        try {
            ArtifactRef ref = ArtifactRef.of(store.bucket(), key);
            Optional<StoredObject> stored = store.stat(ref);
            if (stored.isPresent() && stored.get().size() == Files.size(file)
                    && Hashes.sha256(file).equals(storedSha256(ref))) {
                return ref;
            }
            return store.upload(key, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of a stored object's content, streamed through a scratch copy (never whole on the heap). */
    private String storedSha256(ArtifactRef ref) throws IOException {
        Path scratch = Files.createTempDirectory("engram-stored-");
        try {
            Path copy = scratch.resolve("object");
            store.download(ref, copy);
            return Hashes.sha256(copy);
        } finally {
            Folders.deleteTree(scratch);
        }
    }
}
