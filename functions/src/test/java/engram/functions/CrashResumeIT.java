package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.functions.storage.S3ArtifactStore;
import engram.functions.storage.StoredCheckpoints;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash and resume, measured: the packaged server runs {@code apply-edit} against a real S3 server and is killed
 * with SIGKILL ({@code kill -9}) at a random optimiser step, {@value #TRIALS_DEFAULT} times (system property
 * {@code engram.crash.trials}). After each kill no result may be visible unless it is complete; the same request
 * posted to a second server resumes from the newest snapshot in the store and must end with exactly the adapter
 * (SHA-256) of an uninterrupted run, with no snapshot left behind. LoRA with dropout and FT-M with a norm
 * constraint take turns. The figures go to {@code target/reliability/crash-resume.txt} and the test log.
 */
class CrashResumeIT {
    private static final int TRIALS_DEFAULT = 20;
    private static final int STEPS = 24;
    private static final int EVERY = 3;
    private static final String BUCKET = "engram-crash";
    private static final Pattern STEP = Pattern.compile("apply-edit/[0-9a-f]+/ step (\\d+)/\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "reliability").toAbsolutePath();

    private static LocalS3 s3;
    private static S3ArtifactStore store;
    private static StoredRuns runs;
    private static EngramServer survivor;

    /** One kill: what it hit and what the resumed run found. */
    private record Trial(int index, String method, int target, int lastLogged, int snapshot, boolean completedBeforeKill,
                         int resumedFrom) {}

    @BeforeAll
    static void startServers() {
        s3 = LocalS3.start();
        s3.createBucket(BUCKET);
        store = new S3ArtifactStore(s3.client(), BUCKET, 16L << 20, 8L << 20, 3);
        runs = new StoredRuns(store);
        Fixtures.uploadModels(store);
        Fixtures.put(store, "data/crash-edits.jsonl", Fixtures.worldItems(200, 2));
        survivor = EngramServer.start(env("survivor"), List.of("-Djava.io.tmpdir=" + tmp("survivor")),
                OUT.resolve("crash/survivor.log"));
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        if (survivor != null) {
            survivor.close();
        }
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void killedEditsResumeFromTheirSnapshotAndEndWithTheUninterruptedAdapter() throws Exception {
        int trials = Integer.getInteger("engram.crash.trials", TRIALS_DEFAULT);
        Map<String, String> baseline = Map.of("LORA", adapterHash(call(survivor, request("crash-base-lora", "LORA"))),
                "FT_M", adapterHash(call(survivor, request("crash-base-ftm", "FT_M"))));
        Map<String, TreeSet<String>> baselineKeys = Map.of("LORA", runs.relativeKeys("crash-base-lora"),
                "FT_M", runs.relativeKeys("crash-base-ftm"));
        Random random = new Random(11);
        List<Trial> done = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < trials; i++) {
            String method = i % 2 == 0 ? "LORA" : "FT_M";
            String runId = "crash-" + i;
            int target = 1 + random.nextInt(STEPS);
            int delayMillis = random.nextInt(40);
            int lastLogged = killAt(runId, method, i, target, delayMillis);

            boolean complete = runs.complete(runId);
            int snapshot = runs.newestSnapshot(runId);
            if (complete) {
                assertTrue(runs.keys("runs/" + runId + "/").stream().noneMatch(k -> k.contains("/" + StoredCheckpoints.FOLDER)),
                        runId + ": a complete result holds no snapshot");
            } else {
                runs.assertNothingHalfWritten(runId, method.equals("LORA") ? "crash-base-lora" : "crash-base-ftm");
            }

            JsonNode resumed = call(survivor, request(runId, method));
            assertEquals(baseline.get(method), adapterHash(resumed), runId + ": the adapter of the uninterrupted run");
            assertEquals(baseline.get(method), runs.folderHash(resumed.at("/adapter/key").asText(), OUT.resolve("crash/check")),
                    runId + ": the stored bytes are that adapter");
            int resumedFrom = runs.resumedFromStep(resumed);
            if (!complete) {
                assertEquals(snapshot, resumedFrom, runId + ": resumed from the newest complete snapshot");
                boolean cleared = snapshot == 0 && lastLogged == STEPS; // killed after the snapshots were deleted
                assertTrue(snapshot <= lastLogged && (lastLogged - snapshot < 2 * EVERY || cleared),
                        runId + ": snapshot " + snapshot + " vs last logged step " + lastLogged);
            }
            assertEquals(baselineKeys.get(method), runs.relativeKeys(runId),
                    runId + ": the same keys, no snapshot left");
            done.add(new Trial(i, method, target, lastLogged, snapshot, complete, resumedFrom));
        }
        report(done, (System.nanoTime() - started) / 1e9);
        assertTrue(done.stream().filter(t -> t.resumedFrom() > 0).count() >= trials / 2,
                "most kills must land after a snapshot, else resuming was not tested");
    }

    /** Starts a server, posts the edit, kills the server once step {@code target} is logged; the last step logged. */
    private static int killAt(String runId, String method, int index, int target, int delayMillis) throws Exception {
        // a short-lived JVM: the C1 compiler alone and a serial collector leave the two CI cores to the training
        EngramServer victim = EngramServer.start(env("victim"), List.of("-Djava.io.tmpdir=" + tmp("victim"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dquarkus.log.category.\"engram.functions.ApplyEditFunction\".level=DEBUG"),
                OUT.resolve("crash/victim-" + index + ".log"));
        var pending = victim.postAsync("apply-edit", request(runId, method));
        int last = 0;
        while (last < target && !pending.isDone()) {
            String line = victim.nextLine(Duration.ofSeconds(180));
            if (line == null) {
                victim.kill();
                fail(runId + ": no training progress within 180 s (see " + OUT.resolve("crash/victim-" + index + ".log") + ")");
            }
            last = Math.max(last, step(line));
        }
        Thread.sleep(delayMillis);
        victim.kill();
        for (String line : victim.drain()) {
            last = Math.max(last, step(line));
        }
        return last;
    }

    private static int step(String line) {
        Matcher m = STEP.matcher(line);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String request(String runId, String method) {
        String edit = method.equals("LORA")
                ? "{\"method\": \"LORA\", \"steps\": %d, \"dropout\": 0.1, \"seed\": 5, \"earlyStopLoss\": 0}"
                : "{\"method\": \"FT_M\", \"steps\": %d, \"normConstraint\": 0.01, \"seed\": 6, \"earlyStopLoss\": 0}";
        return """
                {"runId": "%s", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/crash-edits.jsonl"},
                 "edit": %s}
                """.formatted(runId, edit.formatted(STEPS));
    }

    private static JsonNode call(EngramServer server, String body) throws IOException {
        HttpResponse<String> response = server.post("apply-edit", body);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String adapterHash(JsonNode result) {
        return result.at("/adapter/sha256").asText();
    }

    private static Map<String, String> env(String name) {
        return EngramServer.s3Settings(s3.endpoint().toString(), BUCKET, OUT.resolve("crash/" + name + "-cache"), EVERY);
    }

    private static Path tmp(String name) {
        try {
            return Files.createDirectories(OUT.resolve("crash/" + name + "-tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void report(List<Trial> trials, double seconds) throws IOException {
        long resumed = trials.stream().filter(t -> !t.completedBeforeKill() && t.resumedFrom() > 0).count();
        long fromScratch = trials.stream().filter(t -> !t.completedBeforeKill() && t.resumedFrom() == 0).count();
        long completed = trials.stream().filter(Trial::completedBeforeKill).count();
        double redone = trials.stream().filter(t -> !t.completedBeforeKill())
                .mapToInt(t -> t.lastLogged() - t.snapshot()).average().orElse(0);
        StringBuilder text = new StringBuilder();
        text.append("crash-resume: %d kills (SIGKILL) of apply-edit, %d steps, a snapshot every %d steps, %.0f s%n"
                .formatted(trials.size(), STEPS, EVERY, seconds));
        text.append("  killed mid-training and resumed from a snapshot: %d; killed before the first snapshot: %d;"
                .formatted(resumed, fromScratch)).append(" killed after the result was complete: %d%n".formatted(completed));
        text.append("  same adapter SHA-256 as the uninterrupted run: %d/%d; partial results visible: 0; snapshots left: 0%n"
                .formatted(trials.size(), trials.size()));
        text.append("  steps trained again after a resume: mean %.1f (at most %d by design)%n".formatted(redone, 2 * EVERY - 1));
        text.append("  trial method target-step last-logged-step snapshot-step resumed-from completed-before-kill%n".formatted());
        for (Trial t : trials) {
            text.append("  %5d %-6s %11d %16d %13d %12d %s%n".formatted(t.index(), t.method(), t.target(), t.lastLogged(),
                    t.snapshot(), t.resumedFrom(), t.completedBeforeKill()));
        }
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("crash-resume.txt"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }
}
