package engram.functions;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.storage.ArtifactStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach the log or an answer: with the S3 store (static credentials) and a bearer token, every log
 * record of engram, Quarkus' HTTP layer and the AWS SDK at DEBUG, while calls succeed, fail validation, present
 * wrong tokens and fail in the store, is searched for the token, the presented wrong tokens and the S3 secret key.
 */
@QuarkusTest
@WithTestResource(LocalS3Resource.class)
@TestProfile(SecretsNotLoggedTest.Secrets.class)
class SecretsNotLoggedTest {
    static final String TOKEN = "tok-7f3a9c1e-never-log-me";
    private static final String WRONG = "wrong-4b2d-never-log-me-either";

    /** A token, and DEBUG logs where secrets could leak. */
    public static class Secrets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.token", TOKEN, "engram.cache.dir", "target/test-cache-secrets",
                    "quarkus.log.category.\"engram\".level", "DEBUG",
                    "quarkus.log.category.\"software.amazon.awssdk\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.vertx.http\".level", "DEBUG",
                    "quarkus.log.category.\"io.quarkus.funqy\".level", "DEBUG");
        }
    }

    @Inject ArtifactStore store;

    @Test
    void neitherTheTokenNorTheStoreSecretIsEverLoggedOrAnswered() {
        List<String> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
                for (Object parameter : record.getParameters() == null ? new Object[0] : record.getParameters()) {
                    text.append(' ').append(parameter);
                }
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    text.append(' ').append(trace);
                }
                records.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        List<String> answers = new ArrayList<>();
        try {
            Fixtures.uploadModels(store);
            Fixtures.put(store, "data/secret-edits.jsonl", Fixtures.worldItems(240, 2));
            String edit = """
                    {"runId": "secrets-1", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/secret-edits.jsonl"},
                     "edit": {"method": "LORA", "steps": 2}}""";
            answers.add(call("Bearer " + TOKEN, "apply-edit", edit, 200));
            answers.add(call("Bearer " + WRONG, "apply-edit", edit, 401));
            answers.add(call("Bearer " + TOKEN.substring(0, 10), "apply-edit", edit, 401));
            answers.add(call("Basic " + TOKEN, "apply-edit", edit, 401));
            answers.add(call("Bearer " + TOKEN, "apply-edit", "{\"runId\": \"bad/run\"}", 400));
            answers.add(call("Bearer " + TOKEN, "score-knowledge", """
                    {"runId": "secrets-2", "model": {"key": "models/none/"}, "dataset": {"key": "data/secret-edits.jsonl"}}""", 404));
            answers.add(call("Bearer " + TOKEN, "apply-edit", "{not json", 400));
            answers.add(call("Bearer " + TOKEN, "score-knowledge", """
                    {"runId": "secrets-3", "model": {"key": "models/engram-world/"}, "dataset": "s3://no-such-bucket-x/d.jsonl"}""", 404));
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(records.size() > 10, "the capture saw the DEBUG log: " + records.size() + " records");
        System.out.printf("secrets: %d log records at DEBUG and %d answers searched for the token, wrong tokens and the S3"
                + " secret key: 0 found%n", records.size(), answers.size());
        assertTrue(records.stream().anyMatch(r -> r.contains("secrets-1")), "and the edit's own records");
        for (String secret : List.of(TOKEN, WRONG, LocalS3.SECRET_KEY, TOKEN.substring(0, 10))) {
            assertFalse(records.stream().anyMatch(r -> r.contains(secret)), "a log record holds " + secret + ": "
                    + records.stream().filter(r -> r.contains(secret)).findFirst().orElse(""));
            assertFalse(answers.stream().anyMatch(a -> a.contains(secret)), "an answer holds " + secret);
        }
    }

    private static String call(String authorization, String function, String body, int status) {
        Response response = given().header("Authorization", authorization).contentType(ContentType.JSON).body(body)
                .post("/" + function);
        assertEquals(status, response.statusCode(), response.asString());
        return response.asString() + response.headers();
    }
}
