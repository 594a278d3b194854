package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.functions.FaultyS3Proxy.Fault;
import engram.functions.errors.StorageUnavailableException;
import engram.functions.storage.S3ArtifactStore;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Storage faults, measured: the packaged server runs {@code apply-edit} with the deployment's S3 settings (5
 * attempts) against a real S3 server behind {@link FaultyS3Proxy}, while the store answers 500, 503 or SlowDown or
 * drops connections in short bursts, for windows of up to 6 s, or is stopped and restarted on the same port. Every
 * run must either complete with exactly the fault-free adapter, or fail with {@code StorageUnavailableException}
 * (503) leaving no manifest and no object cut short, after which the same request completes with that adapter,
 * as the state machines' Retry does. The figures go to {@code target/reliability/storage-faults.txt}.
 */
class StorageFaultsIT {
    private static final String BUCKET = "engram-faults";
    private static final int BURSTS = 6;
    private static final int WINDOWS = 3;
    private static final int RESTARTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "reliability").toAbsolutePath();
    private static final Fault[] ERRORS = {Fault.INTERNAL_ERROR_500, Fault.SERVICE_UNAVAILABLE_503, Fault.SLOW_DOWN_503,
            Fault.DROPPED_CONNECTION};

    private static volatile LocalS3 s3;
    private static FaultyS3Proxy proxy;
    private static S3ArtifactStore store;
    private static StoredRuns runs;
    private static EngramServer server;

    /** One run under faults and how it ended. */
    private record Outcome(String scenario, String runId, String plan, int status, int resumedFrom) {}

    @BeforeAll
    static void startServers() {
        s3 = LocalS3.start();
        s3.createBucket(BUCKET);
        store = new S3ArtifactStore(s3.client(), BUCKET, 16L << 20, 8L << 20, 5);
        runs = new StoredRuns(store);
        Fixtures.uploadModels(store);
        Fixtures.put(store, "data/fault-edits.jsonl", Fixtures.worldItems(210, 2));
        proxy = FaultyS3Proxy.start(s3.endpoint().getPort());
        server = EngramServer.start(EngramServer.s3Settings(proxy.endpoint(), BUCKET, OUT.resolve("faults/cache"), 3),
                List.of("-Djava.io.tmpdir=" + tmp()), OUT.resolve("faults/server.log"));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void everyRunCompletesThroughRetriesOrFailsTypedAndCompletesWhenRetried() throws Exception {
        JsonNode base = ok(post("faults-base"));
        String baseline = base.at("/adapter/sha256").asText();
        TreeSet<String> baselineKeys = runs.relativeKeys("faults-base");
        long before = proxy.requests();
        ok(post("faults-base-2"));                                   // the model is cached now: a run's own requests
        int perRun = (int) (proxy.requests() - before);
        Random random = new Random(23);
        List<Outcome> outcomes = new ArrayList<>();
        List<Thread> restarts = java.util.Collections.synchronizedList(new ArrayList<>());
        int maxAttempts = S3OutagesTest.deployedMaxAttempts();
        for (int i = 0; i < BURSTS + WINDOWS + RESTARTS; i++) {
            String runId = "faults-" + i;
            int skip = random.nextInt(perRun);
            Fault[] kinds = {ERRORS[random.nextInt(ERRORS.length)], ERRORS[random.nextInt(ERRORS.length)]};
            String scenario;
            String plan;
            if (i < BURSTS) {
                int count = 1 + random.nextInt(maxAttempts - 1);  // fewer than the attempts: must be ridden out
                scenario = "burst";
                plan = count + " x " + kinds[0] + "/" + kinds[1] + " after request " + skip;
                proxy.failBurst(skip, count, kinds);
            } else if (i < BURSTS + WINDOWS) {
                Duration window = Duration.ofMillis(500 + random.nextInt(5500));
                scenario = "window";
                plan = kinds[0] + "/" + kinds[1] + " for " + window.toMillis() + " ms after request " + skip;
                proxy.failWindow(skip, window, kinds);
            } else {
                Duration downtime = Duration.ofMillis(300 + random.nextInt(5700));
                scenario = "restart";
                plan = "S3 server stopped for " + downtime.toMillis() + " ms after request " + skip;
                proxy.actAt(skip, () -> restarts.add(stopFor(downtime)));
            }
            HttpResponse<String> first = post(runId);
            proxy.heal();
            for (Thread restart : List.copyOf(restarts)) {
                restart.join();
            }
            restarts.clear();
            JsonNode result;
            if (first.statusCode() == 200) {
                result = JSON.readTree(first.body());
            } else {
                assertTrue(!scenario.equals("burst"), runId + ": a burst shorter than the retries must be ridden out: "
                        + first.body());
                assertEquals(503, first.statusCode(), runId + ": " + first.body());
                assertEquals("StorageUnavailableException", JSON.readTree(first.body()).path("error").asText(), first.body());
                runs.assertNothingHalfWritten(runId, "faults-base");
                result = ok(post(runId));                        // the state machine's Retry
            }
            assertEquals(baseline, result.at("/adapter/sha256").asText(), runId + ": the fault-free adapter");
            assertEquals(baseline, runs.folderHash(result.at("/adapter/key").asText(), OUT.resolve("faults/check")), runId);
            assertEquals(baselineKeys, runs.relativeKeys(runId), runId + ": the same keys, no snapshot left");
            outcomes.add(new Outcome(scenario, runId, plan, first.statusCode(), runs.resumedFromStep(result)));
        }
        report(outcomes, perRun);
    }

    /** Stops the S3 server now and starts it again on the same port after {@code downtime}, in the background. */
    private static Thread stopFor(Duration downtime) {
        s3.close();
        Thread restart = new Thread(() -> {
            try {
                Thread.sleep(downtime.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s3 = s3.startAgain();
        }, "s3-restart");
        restart.start();
        return restart;
    }

    private static HttpResponse<String> post(String runId) {
        return server.post("apply-edit", """
                {"runId": "%s", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/fault-edits.jsonl"},
                 "edit": {"method": "LORA", "steps": 12, "seed": 9, "earlyStopLoss": 0}}
                """.formatted(runId));
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static Path tmp() {
        try {
            return Files.createDirectories(OUT.resolve("faults/tmp"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void report(List<Outcome> outcomes, int perRun) throws IOException {
        Map<Fault, Integer> injected = proxy.injected();
        int total = injected.values().stream().mapToInt(Integer::intValue).sum();
        long throughRetries = outcomes.stream().filter(o -> o.status() == 200).count();
        long typed = outcomes.size() - throughRetries;
        StringBuilder text = new StringBuilder();
        text.append("storage-faults: %d apply-edit runs under faults (%d S3 requests per run without faults)%n"
                .formatted(outcomes.size(), perRun));
        text.append("  faults injected: %d %s; connections dropped while the server was down: %d; restarts: %d%n"
                .formatted(total, injected, proxy.unreachable(), RESTARTS));
        text.append("  completed through retries: %d; failed with StorageUnavailableException (503): %d, each then%n"
                .formatted(throughRetries, typed));
        text.append("  completed when retried; half-written objects: 0; adapters unlike the fault-free one: 0%n".formatted());
        for (Outcome o : outcomes) {
            text.append("  %-7s %-9s first answer %d, resumed from step %d: %s%n".formatted(o.scenario(), o.runId(),
                    o.status(), o.resumedFrom(), o.plan()));
        }
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("storage-faults.txt"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }
}
