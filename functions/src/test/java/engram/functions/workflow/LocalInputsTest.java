package engram.functions.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import engram.functions.api.ArtifactRef;
import engram.functions.storage.LocalArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local files and folders go into the store again exactly when their content changed. */
class LocalInputsTest {

    @TempDir Path tmp;

    private LocalInputs inputs() {
        LocalInputs inputs = new LocalInputs();
        inputs.store = new LocalArtifactStore(tmp.resolve("store"), "engram");
        return inputs;
    }

    @Test
    void aDatasetEditedToTheSameSizeIsUploadedAgain() throws IOException {
        LocalInputs inputs = inputs();
        Path dataset = tmp.resolve("items.jsonl");
        Files.writeString(dataset, "{\"prompt\": \"a\", \"target_new\": \" b\"}\n", StandardCharsets.UTF_8);
        ArtifactRef ref = inputs.dataset(dataset.toString(), "datasets/items.jsonl");

        byte[] edited = "{\"prompt\": \"a\", \"target_new\": \" c\"}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(Files.size(dataset), edited.length, "the edit keeps the size");
        Files.write(dataset, edited);
        assertEquals(ref, inputs.dataset(dataset.toString(), "datasets/items.jsonl"));

        assertArrayEquals(edited, inputs.store().read(ref), "the store holds the edited bytes");
    }

    @Test
    void aModelFileEditedToTheSameSizeIsUploadedAgainAndUnchangedFilesAreKept() throws IOException {
        LocalInputs inputs = inputs();
        Path model = Files.createDirectories(tmp.resolve("tiny"));
        Files.writeString(model.resolve("config.json"), "{\"n\": 1}");
        Files.write(model.resolve("model.safetensors"), new byte[] {1, 2, 3, 4});
        ArtifactRef folder = inputs.model(model.toString());
        Path storedConfig = tmp.resolve("store/engram/" + folder.key() + "config.json");
        FileTime longAgo = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(storedConfig, longAgo);

        Files.write(model.resolve("model.safetensors"), new byte[] {1, 2, 3, 5});
        inputs.model(model.toString());

        assertArrayEquals(new byte[] {1, 2, 3, 5},
                inputs.store().read(ArtifactRef.of("engram", folder.key() + "model.safetensors")));
        assertEquals(longAgo, Files.getLastModifiedTime(storedConfig), "an unchanged file is not rewritten");
    }
}
