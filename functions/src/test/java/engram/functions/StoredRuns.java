package engram.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.functions.api.ArtifactRef;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.StoredCheckpoints;
import engram.functions.storage.StoredObject;
import engram.report.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the fault tests check in the store after a run of {@code apply-edit}: keys, bytes, snapshots. */
final class StoredRuns {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("/step-(\\d+)/" + Pattern.quote(StoredCheckpoints.COMPLETE) + "$");

    private final ArtifactStore store;

    StoredRuns(ArtifactStore store) {
        this.store = store;
    }

    List<String> keys(String prefix) {
        return store.list(ArtifactRef.of(store.bucket(), prefix)).stream().map(StoredObject::key).toList();
    }

    /** The run's keys without {@code runs/<run>/<operation>/<digest>/} ({@code adapter/...}, {@code manifest.json}). */
    TreeSet<String> relativeKeys(String runId) {
        return new TreeSet<>(relativeObjects(runId).keySet());
    }

    /** Relative key to full key, for every object of the run. */
    TreeMap<String, String> relativeObjects(String runId) {
        String runPrefix = "runs/" + runId + "/";
        TreeMap<String, String> out = new TreeMap<>();
        for (String key : keys(runPrefix)) {
            String rest = key.substring(runPrefix.length());                     // <operation>/<digest>/...
            int digestEnd = rest.indexOf('/', rest.indexOf('/') + 1);
            out.put(rest.substring(digestEnd + 1), key);
        }
        return out;
    }

    boolean complete(String runId) {
        return keys("runs/" + runId + "/").stream().anyMatch(k -> k.endsWith("/manifest.json"));
    }

    /** The step of the run's newest snapshot whose marker arrived; 0 when none did. */
    int newestSnapshot(String runId) {
        int newest = 0;
        for (String key : keys("runs/" + runId + "/")) {
            Matcher m = MARKER.matcher(key);
            if (m.find()) {
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
            }
        }
        return newest;
    }

    /** Downloads a stored folder and hashes it as the functions do. */
    String folderHash(String prefix, Path scratch) {
        try {
            Path folder = Files.createTempDirectory(Files.createDirectories(scratch), "folder");
            for (StoredObject object : store.list(ArtifactRef.of(store.bucket(), prefix))) {
                store.download(ArtifactRef.of(store.bucket(), object.key()), folder.resolve(object.key().substring(prefix.length())));
            }
            return Hashes.sha256(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] withoutResume(byte[] trainingJson) {
        try {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(trainingJson);
            tree.remove("resumedFromStep");
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int resumedFromStep(JsonNode applyEditResult) {
        try {
            return JSON.readTree(store.read(ArtifactRef.of(store.bucket(), applyEditResult.at("/report/key").asText())))
                    .path("resumedFromStep").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * After a run that failed: no manifest; every output object holds exactly the bytes the same object of a complete
     * run holds (none is cut short); every snapshot whose marker arrived has all its files.
     */
    void assertNothingHalfWritten(String runId, String completeRunId) {
        assertFalse(complete(runId), runId + ": no manifest after a failure");
        TreeMap<String, String> good = relativeObjects(completeRunId);
        List<String> keys = keys("runs/" + runId + "/");
        relativeObjects(runId).forEach((relative, key) -> {
            if (relative.startsWith(StoredCheckpoints.FOLDER)) {
                if (relative.endsWith("/" + StoredCheckpoints.COMPLETE)) {
                    String folder = key.substring(0, key.length() - StoredCheckpoints.COMPLETE.length());
                    try {
                        for (JsonNode name : JSON.readTree(store.read(ArtifactRef.of(store.bucket(), key))).path("files")) {
                            assertTrue(keys.contains(folder + name.asText()), key + " lists a missing " + name);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return;
            }
            assertTrue(good.containsKey(relative), runId + ": unexpected object " + relative);
            byte[] expected = store.read(ArtifactRef.of(store.bucket(), good.get(relative)));
            byte[] actual = store.read(ArtifactRef.of(store.bucket(), key));
            if (relative.equals("training.json")) { // the one output that says whether the training resumed
                expected = withoutResume(expected);
                actual = withoutResume(actual);
            }
            assertArrayEquals(expected, actual, runId + ": " + relative + " differs from a complete run's");
        });
    }
}
