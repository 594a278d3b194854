package engram.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

    private static final Versions VERSIONS = new Versions("0.1.0", "0.35.1", "2.7.1", "17.0.13");

    @TempDir
    Path temp;

    @Test
    void ofHashesTheModelAndTheAdapter() throws IOException {
        Path model = Files.createDirectories(temp.resolve("model"));
        Files.writeString(model.resolve("config.json"), "{}");
        Path adapter = Files.writeString(temp.resolve("adapter.safetensors"), "weights");
        Manifest.Settings settings = new Manifest.Settings(Map.of("rank", "8"), Map.of("init", 42L), VERSIONS);

        Manifest withAdapter = Manifest.of("apply-edit", "run-1", model, adapter, settings);
        assertEquals(Hashes.sha256(model), withAdapter.modelHash());
        assertEquals(Hashes.sha256(adapter), withAdapter.adapterHash());
        assertNull(Manifest.of("evaluate", "run-1", model, null, settings).adapterHash());
    }

    @Test
    void sameRequestGivesByteIdenticalJsonWhateverTheMapOrder() throws IOException {
        ObjectMapper json = ReportWriter.JSON;
        Manifest a = new Manifest("apply-edit", "run-1", "m", null,
                new TreeMap<>(Map.of("rank", "8", "alpha", "16", "lr", "0.001")), null, VERSIONS);
        TreeMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(a.parameters());
        Manifest b = new Manifest("apply-edit", "run-1", "m", null, reversed, null, VERSIONS);
        assertEquals(json.writeValueAsString(a), json.writeValueAsString(b));
        assertEquals(List.of("alpha", "lr", "rank"), List.copyOf(b.parameters().keySet()), "keys in natural order");
        assertEquals(Map.of(), b.seeds(), "null maps become empty");
        assertEquals(a, json.readValue(json.writeValueAsString(a), Manifest.class));
        assertFalse(json.writeValueAsString(a).contains("created"), "no time stamp: retries write the same bytes");
    }

    @Test
    void engramVersionComesFromTheBuild() {
        String version = Versions.engramVersion();
        assertFalse(version.isBlank());
        assertFalse(version.contains("${"), "the version file must be filtered by the build");
    }
}
