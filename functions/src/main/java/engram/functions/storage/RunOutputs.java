package engram.functions.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Keys;
import engram.functions.api.Requests;
import engram.report.Hashes;
import engram.report.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The outputs of one request, all under {@code runs/{runId}/{operation}/{request digest}/}, made atomic as a
 * whole: every output is written first and {@value #MANIFEST} last, so a result exists exactly when its
 * manifest does. A retried request finds the manifest and gets the stored result back without any work; a
 * request retried after a crash between writes overwrites the same keys with the same content.
 *
 * <p>{@value #MANIFEST} holds the request, the {@link Manifest} (hashes, parameters, seeds, versions) and the
 * result the function returned.
 */
public final class RunOutputs {
    /** The file whose presence makes a result complete. */
    public static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = Requests.json();
    private final ArtifactStore store;
    private final String prefix;
    private final Object request;

    /**
     * @param operation kebab-case operation name
     * @param request   the validated request; its digest picks the folder
     */
    public RunOutputs(ArtifactStore store, String runId, String operation, Object request) {
        this.store = store;
        this.prefix = Keys.outputPrefix(runId, operation, Requests.digest(request));
        this.request = request;
    }

    /** The folder of this request's outputs, ending in {@code /}. */
    public String prefix() {
        return prefix;
    }

    /** Where the manifest is (or will be). */
    public ArtifactRef manifest() {
        return ArtifactRef.of(store.bucket(), prefix + MANIFEST);
    }

    /** The result of an earlier identical request, when its manifest exists. */
    public <T> Optional<T> existing(Class<T> resultType) {
        if (store.stat(manifest()).isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode stored = JSON.readTree(store.read(manifest()));
            return Optional.of(JSON.treeToValue(stored.get("result"), resultType));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest().uri(), e);
        }
    }

    /** Uploads one file as {@code name}. */
    public ArtifactRef upload(String name, Path file) {
        return store.upload(prefix + name, file);
    }

    /** Writes small content as {@code name}. */
    public ArtifactRef put(String name, byte[] content) {
        return store.put(prefix + name, content);
    }

    /** Uploads every file under {@code folder} as {@code name/...}; the reference is pinned to its SHA-256. */
    public ArtifactRef uploadFolder(String name, Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                String relative = folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                store.upload(Keys.folder(prefix, name) + relative, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + folder, e);
        }
        return ArtifactRef.of(store.bucket(), Keys.folder(prefix, name)).withSha256(Hashes.sha256(folder));
    }

    /**
     * Writes the manifest, completing the result, and returns {@code result}. Call it after every output. The
     * manifest is written only where none exists: when a duplicate of this request (another process, the same
     * request delivered twice) committed first, its result stands and is returned instead, so there is one result.
     */
    @SuppressWarnings("unchecked")
    public <T> T commit(Manifest manifest, T result) {
        ObjectNode json = JSON.createObjectNode();
        json.set("request", JSON.valueToTree(request));
        json.set("manifest", JSON.valueToTree(manifest));
        json.set("result", JSON.valueToTree(result));
        try {
            if (store.putIfAbsent(prefix + MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json))) {
                return result;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest must serialise", e);
        }
        return existing((Class<T>) result.getClass()).orElseThrow(() -> new IllegalStateException(
                "the manifest " + manifest().uri() + " existed a moment ago and is gone"));
    }

    /** The store the outputs go to. */
    ArtifactStore store() {
        return store;
    }
}
