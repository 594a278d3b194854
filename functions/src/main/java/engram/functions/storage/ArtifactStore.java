package engram.functions.storage;

import engram.functions.api.ArtifactRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where models, datasets, edit folders and reports live: S3 in the cloud ({@link S3ArtifactStore}), a folder on
 * one machine ({@link LocalArtifactStore}). The only place that knows how objects are stored.
 *
 * <p>Every write is atomic per object: a reader sees the old object or the new one, never a part. Whole results
 * are made atomic on top of that by {@link RunOutputs} (outputs first, manifest last).
 *
 * <p>Reads of a missing object throw {@link engram.functions.errors.ArtifactNotFoundException}; infrastructure
 * failures (network, permissions) propagate as they are, for the workflow to retry.
 */
public interface ArtifactStore {

    /** The bucket outputs go to and references without a bucket point into. */
    String bucket();

    /** The object, if it exists. */
    Optional<StoredObject> stat(ArtifactRef ref);

    /** Every object whose key starts with {@code prefix.key()}, at any depth, ordered by key. */
    List<StoredObject> list(ArtifactRef prefix);

    /** Copies one object into {@code target} (created whole or not at all). */
    void download(ArtifactRef ref, Path target);

    /** One small object's bytes. */
    byte[] read(ArtifactRef ref);

    /** Writes {@code file} to {@code key} in {@link #bucket()}. */
    ArtifactRef upload(String key, Path file);

    /** Writes {@code content} to {@code key} in {@link #bucket()}. */
    ArtifactRef put(String key, byte[] content);

    /**
     * Writes {@code content} to {@code key} in {@link #bucket()} unless an object is there already, in one atomic
     * step: of two writers racing for one key exactly one wins (S3's conditional write {@code If-None-Match: *}).
     *
     * @return whether this call wrote the object
     */
    boolean putIfAbsent(String key, byte[] content);

    /** Deletes one object if it exists (tests and clean-up; no function deletes inputs). */
    void delete(ArtifactRef ref);
}
