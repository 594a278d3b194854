package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.functions.storage.S3ArtifactStore;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same request delivered to two processes at once (two packaged servers on one S3 store, as two Lambda
 * invocations of one retried state): both may train, but the manifest is written only where none exists, so every
 * delivery answers the one result, and the run holds exactly the keys of a single delivery.
 */
class DuplicatesIT {
    private static final String BUCKET = "engram-dup";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "reliability", "duplicates").toAbsolutePath();

    private static LocalS3 s3;
    private static S3ArtifactStore store;
    private static final List<EngramServer> servers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        s3 = LocalS3.start();
        s3.createBucket(BUCKET);
        store = new S3ArtifactStore(s3.client(), BUCKET, 16L << 20, 8L << 20, 3);
        Fixtures.uploadModels(store);
        Fixtures.put(store, "data/dup-edits.jsonl", Fixtures.worldItems(230, 2));
        for (String name : List.of("a", "b")) {
            servers.add(EngramServer.start(EngramServer.s3Settings(s3.endpoint().toString(), BUCKET, OUT.resolve(name + "-cache"), 4),
                    List.of("-Djava.io.tmpdir=" + Files.createDirectories(OUT.resolve(name + "-tmp"))), OUT.resolve(name + ".log")));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (EngramServer server : servers) {
            server.close();
        }
        store.close();
        s3.close();
    }

    private static String request(String runId) {
        return """
                {"runId": "%s", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/dup-edits.jsonl"},
                 "edit": {"method": "LORA", "steps": 16, "seed": 2, "earlyStopLoss": 0}}""".formatted(runId);
    }

    @Test
    void twoProcessesGivenTheSameRequestAtOnceAnswerOneResult() throws Exception {
        JsonNode single = JSON.readTree(servers.get(0).post("apply-edit", request("dup-single")).body());
        for (int round = 0; round < 3; round++) {
            String runId = "dup-both-" + round;
            List<CompletableFuture<HttpResponse<String>>> deliveries = new ArrayList<>();
            for (EngramServer server : servers) {
                deliveries.add(server.postAsync("apply-edit", request(runId)));
            }
            List<JsonNode> answers = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> delivery : deliveries) {
                HttpResponse<String> response = delivery.get();
                assertEquals(200, response.statusCode(), response.body());
                answers.add(JSON.readTree(response.body()));
            }
            for (EngramServer server : servers) {
                answers.add(JSON.readTree(server.post("apply-edit", request(runId)).body()));   // delivered again later
            }
            for (JsonNode answer : answers) {
                assertEquals(answers.get(0), answer, runId + ": one result for every delivery");
            }
            assertEquals(single.at("/adapter/sha256"), answers.get(0).at("/adapter/sha256"));
            StoredRuns runs = new StoredRuns(store);
            assertEquals(1, runs.keys("runs/" + runId + "/").stream().filter(k -> k.endsWith("/manifest.json")).count());
            assertEquals(runs.relativeKeys("dup-single"), runs.relativeKeys(runId), runId + ": the keys of one delivery");
        }
        System.out.println("duplicates: 3 rounds of one request delivered to 2 processes at once and again: 12 deliveries,"
                + " 3 results, 3 manifests");
    }
}
