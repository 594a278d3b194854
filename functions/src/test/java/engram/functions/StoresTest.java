package engram.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.api.ArtifactRef;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.LocalArtifactStore;
import engram.functions.storage.RunOutputs;
import engram.functions.storage.S3ArtifactStore;
import engram.functions.storage.StoredCheckpoints;
import engram.functions.storage.StoredObject;
import engram.report.Manifest;
import engram.report.Versions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both stores against the same contract; the S3 one against S3Proxy, with a 5 MiB multipart threshold. */
class StoresTest {
    private static final long MIB = 1 << 20;
    private static LocalS3 s3;

    @TempDir
    static Path temp;

    @BeforeAll
    static void startS3() {
        s3 = LocalS3.start();
        s3.createBucket("stores");
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    static Stream<ArtifactStore> stores() {
        return Stream.of(new S3ArtifactStore(s3.client(), "stores", 5 * MIB, 5 * MIB, 3),
                new LocalArtifactStore(temp.resolve("local"), "stores"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void writesReadsListsAndReportsMissingObjects(ArtifactStore store) {
        ArtifactRef ref = store.put("a/b/one.txt", "one".getBytes(StandardCharsets.UTF_8));
        store.put("a/b/two.txt", "two".getBytes(StandardCharsets.UTF_8));
        store.put("a/c.txt", "c".getBytes(StandardCharsets.UTF_8));
        assertEquals("one", new String(store.read(ref), StandardCharsets.UTF_8));
        assertEquals(List.of("a/b/one.txt", "a/b/two.txt"),
                store.list(ArtifactRef.of("stores", "a/b/")).stream().map(StoredObject::key).toList());
        assertEquals(3, store.stat(ref).orElseThrow().size());
        ArtifactRef missing = ArtifactRef.of("stores", "a/none.txt");
        assertTrue(store.stat(missing).isEmpty());
        assertThrows(ArtifactNotFoundException.class, () -> store.read(missing));
        assertThrows(ArtifactNotFoundException.class, () -> store.download(missing, temp.resolve("x")));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void largeFilesGoUpInPartsAndComeBackWhole(ArtifactStore store) throws Exception {
        byte[] content = new byte[(int) (11 * MIB + 123)];          // three parts: 5 + 5 + 1 MiB
        new Random(1).nextBytes(content);
        Path file = Files.write(temp.resolve("big-" + store.getClass().getSimpleName()), content);
        ArtifactRef ref = store.upload("big/blob.bin", file);
        Path back = temp.resolve("back-" + store.getClass().getSimpleName());
        store.download(ref, back);
        assertArrayEquals(content, Files.readAllBytes(back));
        assertEquals(content.length, store.stat(ref).orElseThrow().size());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aResultExistsOnlyOnceItsManifestIsWritten(ArtifactStore store) {
        record Result(ArtifactRef output, int count) {}
        record Request(String runId, int n) {}
        RunOutputs outputs = new RunOutputs(store, "run-1", "test-op", new Request("run-1", 1));
        assertTrue(outputs.prefix().startsWith("runs/run-1/test-op/"));
        ArtifactRef output = outputs.put("out.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(outputs.existing(Result.class).isEmpty(), "outputs without a manifest are not a result");
        Manifest manifest = new Manifest("test-op", "run-1", "m", null, null, null, new Versions("t", "t", "t", "t"));
        outputs.commit(manifest, new Result(output, 1));
        assertEquals(new Result(output, 1), outputs.existing(Result.class).orElseThrow());
        assertTrue(new RunOutputs(store, "run-1", "test-op", new Request("run-1", 2)).existing(Result.class).isEmpty(),
                "another request has its own folder");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ofConcurrentConditionalWritesExactlyOneWins(ArtifactStore store) throws Exception {
        String key = "cond/" + store.getClass().getSimpleName() + ".json";
        int writers = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Boolean>> wins = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                byte[] content = ("writer " + i).getBytes(StandardCharsets.UTF_8);
                wins.add(pool.submit(() -> {
                    start.await();
                    return store.putIfAbsent(key, content);
                }));
            }
            start.countDown();
            int won = -1;
            for (int i = 0; i < writers; i++) {
                if (wins.get(i).get()) {
                    assertEquals(-1, won, "a second writer won too");
                    won = i;
                }
            }
            assertTrue(won >= 0, "nobody won");
            assertEquals("writer " + won, new String(store.read(ArtifactRef.of("stores", key)), StandardCharsets.UTF_8));
            assertEquals(false, store.putIfAbsent(key, "late".getBytes(StandardCharsets.UTF_8)));
            assertEquals(List.of(key), store.list(ArtifactRef.of("stores", "cond/" + store.getClass().getSimpleName()))
                    .stream().map(StoredObject::key).toList(), "no temporary file is listed");
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void ofTwoCommitsOfOneRequestTheFirstResultStands(ArtifactStore store) {
        record Result(int attempt) {}
        record Request(String runId) {}
        Manifest manifest = new Manifest("test-op", "dup-1", "m", null, null, null, new Versions("t", "t", "t", "t"));
        RunOutputs first = new RunOutputs(store, "dup-1", "test-op", new Request("dup-1"));
        RunOutputs second = new RunOutputs(store, "dup-1", "test-op", new Request("dup-1"));
        assertEquals(new Result(1), first.commit(manifest, new Result(1)));
        assertEquals(new Result(1), second.commit(manifest, new Result(2)), "the duplicate gets the stored result");
        assertEquals(new Result(1), second.existing(Result.class).orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void snapshotsResumeFromTheNewestCompleteOneAndAreClearedWhole(ArtifactStore store) throws Exception {
        record Request(String runId, String kind) {}
        RunOutputs outputs = new RunOutputs(store, "ckpt-1", "test-op", new Request("ckpt-1", store.getClass().getName()));
        Path scratch = Files.createDirectories(temp.resolve("ckpt-" + store.getClass().getSimpleName()));
        StoredCheckpoints checkpoints = new StoredCheckpoints(outputs, "b1", scratch, 3);
        assertTrue(checkpoints.latest().isEmpty());
        for (int step : new int[] {3, 6}) {
            Files.createDirectories(checkpoints.folder());
            Files.writeString(checkpoints.folder().resolve("trainer.json"), "{\"step\": " + step + "}");
            Files.writeString(checkpoints.folder().resolve("weights.bin"), "w" + step);
            checkpoints.saved(step);
        }
        String root = outputs.prefix() + StoredCheckpoints.FOLDER;
        assertEquals(List.of(root + "b1/step-000006/complete.json", root + "b1/step-000006/trainer.json",
                root + "b1/step-000006/weights.bin"),
                store.list(ArtifactRef.of("stores", root)).stream().map(StoredObject::key).toList(), "older ones deleted");
        // a newer snapshot whose marker never arrived (killed while uploading) does not count
        store.put(root + "b1/step-000009/trainer.json", "{}".getBytes(StandardCharsets.UTF_8));
        Path resumed = checkpoints.latest().orElseThrow();
        assertEquals("w6", Files.readString(resumed.resolve("weights.bin")));
        assertTrue(new StoredCheckpoints(outputs, "other-model", scratch.resolve("x"), 3).latest().isEmpty(),
                "another binding (other model, items or settings) never resumes this one");
        checkpoints.clear();
        assertTrue(store.list(ArtifactRef.of("stores", root)).isEmpty());
        assertTrue(checkpoints.latest().isEmpty());
    }
}
