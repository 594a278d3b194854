package engram.functions.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Keys;
import engram.functions.api.Requests;
import engram.functions.errors.ArtifactNotFoundException;
import engram.train.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A training's snapshots in the store, so that a run killed mid-way (a Lambda timeout, a reclaimed Batch
 * instance, {@code kill -9}) resumes when the same request runs again: local disk does not survive any of those.
 * They live under the request's output folder, in {@code checkpoint/<binding>/step-NNNNNN/}: each snapshot's files
 * go up first and its {@value #COMPLETE} marker last, a snapshot counts only with its marker, and older snapshots
 * are deleted once a newer one is complete. {@link #clear()} deletes every snapshot; the function calls it before
 * writing its manifest, so a finished result never holds one.
 *
 * <p>The binding names what the training trains on (the model's hash, the settings, the items), so a snapshot
 * never resumes a training on other bytes, e.g. when a reference that is not pinned names changed content.
 */
public final class StoredCheckpoints implements Checkpoints {
    /** The folder, below a request's output folder, that holds its snapshots. */
    public static final String FOLDER = Keys.CHECKPOINTS;
    /** The object whose presence makes a snapshot complete: {@code {"step": n, "files": [...]}}. */
    public static final String COMPLETE = "complete.json";

    private static final Logger LOG = Logger.getLogger(StoredCheckpoints.class);
    private static final ObjectMapper JSON = Requests.json();
    private final ArtifactStore store;
    private final String root;
    private final String prefix;
    private final Path scratch;
    private final int every;

    /**
     * @param outputs the request's outputs; snapshots go under their folder
     * @param binding what the training trains on, as key-safe text (a digest)
     * @param scratch a local folder of this call (snapshots are written and read back here)
     * @param every   optimiser steps between snapshots; 0 saves none (an existing one is still resumed)
     */
    public StoredCheckpoints(RunOutputs outputs, String binding, Path scratch, int every) {
        this.store = outputs.store();
        this.root = outputs.prefix() + FOLDER;
        this.prefix = Keys.checkpoints(outputs.prefix(), binding);
        this.scratch = scratch;
        this.every = every;
    }

    /**
     * The binding of a training: the first 16 hex digits of the SHA-256 of the model's hash, the settings as JSON
     * and the items, one line each.
     */
    public static String binding(String modelHash, Object settings, List<String> items) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((modelHash + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(JSON.writeValueAsBytes(settings));
            for (String item : items) {
                sha.update(("\n" + item).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (IOException e) {
            throw new IllegalStateException("settings must serialise", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    @Override
    public int every() {
        return every;
    }

    @Override
    public Path folder() {
        return scratch.resolve("save");
    }

    /** Uploads the snapshot in {@link #folder()}, then its marker, then deletes every older snapshot. */
    @Override
    public void saved(int step) {
        String folder = Keys.checkpointStep(prefix, step);
        ObjectNode marker = JSON.createObjectNode().put("step", step);
        try (Stream<Path> files = Files.list(folder())) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                store.upload(folder + name, file);
                marker.withArray("files").add(name);
            }
            store.put(folder + COMPLETE, JSON.writeValueAsBytes(marker));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload the checkpoint of step " + step, e);
        }
        delete(store.list(ArtifactRef.of(store.bucket(), root)).stream().filter(o -> !o.key().startsWith(folder)).toList());
        LOG.debugf("%s saved", folder);
    }

    /**
     * The newest complete snapshot of this binding, downloaded; an older one when a newer one vanishes while it is
     * read (a duplicate of this request finished and cleared them), none when no snapshot is left.
     */
    @Override
    public Optional<Path> latest() {
        TreeMap<Integer, String> complete = new TreeMap<>(Comparator.reverseOrder());
        for (StoredObject object : store.list(ArtifactRef.of(store.bucket(), prefix))) {
            if (object.key().endsWith("/" + COMPLETE)) {
                String folder = object.key().substring(0, object.key().length() - COMPLETE.length());
                complete.put(Keys.stepOf(prefix, folder), folder);
            }
        }
        for (String folder : complete.values()) {
            Path local = scratch.resolve("resume");
            Folders.deleteTree(local);
            try {
                JsonNode marker = JSON.readTree(store.read(ArtifactRef.of(store.bucket(), folder + COMPLETE)));
                for (JsonNode name : marker.path("files")) {
                    store.download(ArtifactRef.of(store.bucket(), folder + name.asText()), local.resolve(name.asText()));
                }
                LOG.infof("%s resumes from the snapshot of step %d", folder, marker.path("step").asInt());
                return Optional.of(local);
            } catch (ArtifactNotFoundException vanished) {
                // deleted while we read it: try the next older one
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoint marker under " + folder, e);
            }
        }
        return Optional.empty();
    }

    /** Deletes every snapshot of the request, of any binding; markers first, so no half-deleted one counts. */
    public void clear() {
        delete(store.list(ArtifactRef.of(store.bucket(), root)));
    }

    private void delete(List<StoredObject> objects) {
        List<StoredObject> markersFirst = new ArrayList<>(objects);
        markersFirst.sort(Comparator.comparing((StoredObject o) -> !o.key().endsWith("/" + COMPLETE)));
        markersFirst.forEach(o -> store.delete(ArtifactRef.of(store.bucket(), o.key())));
    }
}
