package engram.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.api.ArtifactRef;
import engram.functions.storage.ArtifactStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code plan-run} counts its datasets within the same limits as the paid steps that read them: a dataset above
 * {@code engram.limits.max-items} or {@code engram.limits.max-dataset-bytes} gets the 413 that {@code apply-edit}
 * gives for it, before anything is planned, and nothing is written.
 */
@QuarkusTest
@TestProfile(PlanRunLimitsTest.SmallLimits.class)
class PlanRunLimitsTest {
    private static final int MAX_ITEMS = 4;
    private static final int MAX_BYTES = 8192;  // a world item is about 830 bytes: 4 fit, 12 do not

    /** An own store folder and limits small enough for committed fixtures to cross. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.store.kind", "local",
                    "engram.store.local-root", "target/test-store-plan-run-" + ProcessHandle.current().pid(),
                    "engram.limits.max-items", String.valueOf(MAX_ITEMS),
                    "engram.limits.max-dataset-bytes", String.valueOf(MAX_BYTES));
        }
    }

    @Inject ArtifactStore store;

    @BeforeEach
    void uploadDatasets() {
        Fixtures.put(store, "data/plan-fits.jsonl", Fixtures.worldItems(0, MAX_ITEMS));
        Fixtures.put(store, "data/plan-many.jsonl", Fixtures.worldItems(0, MAX_ITEMS + 1));
        Fixtures.put(store, "data/plan-large.jsonl", Fixtures.worldItems(0, 12));
    }

    @Test
    void aDatasetWithinTheLimitsIsCounted() {
        planRun("plan-ok", "data/plan-fits.jsonl", "data/plan-fits.jsonl").statusCode(200)
                .body("items", equalTo(2 * MAX_ITEMS));
        assertTrue(store.list(ArtifactRef.of(store.bucket(), "runs/plan-ok/")).isEmpty(), "plan-run writes nothing");
    }

    @Test
    void aDatasetWithMoreItemsThanTheLimitIsRefusedAsApplyEditRefusesIt() {
        planRun("plan-many", "data/plan-fits.jsonl", "data/plan-many.jsonl").statusCode(413)
                .body("error", equalTo("LimitExceededException")).body("field", equalTo("datasets[1]"))
                .body("value", equalTo("more than " + MAX_ITEMS + " items"));
        applyEdit("data/plan-many.jsonl").statusCode(413).body("error", equalTo("LimitExceededException"))
                .body("value", equalTo("more than " + MAX_ITEMS + " items"));
        assertTrue(store.list(ArtifactRef.of(store.bucket(), "runs/plan-many/")).isEmpty());
    }

    @Test
    void aDatasetAboveTheByteLimitIsRefusedBeforeItIsDownloaded() {
        long size = store.stat(ArtifactRef.of(store.bucket(), "data/plan-large.jsonl")).orElseThrow().size();
        assertTrue(size > MAX_BYTES, "the fixture must cross the byte limit: " + size);
        planRun("plan-large", "data/plan-large.jsonl").statusCode(413)
                .body("error", equalTo("LimitExceededException")).body("field", equalTo("datasets[0]"))
                .body("value", equalTo(size + " bytes")).body("message", containsString("limit of " + MAX_BYTES));
        applyEdit("data/plan-large.jsonl").statusCode(413).body("error", equalTo("LimitExceededException"))
                .body("value", equalTo(size + " bytes"));
        assertTrue(store.list(ArtifactRef.of(store.bucket(), "runs/plan-large/")).isEmpty());
    }

    private static ValidatableResponse planRun(String runId, String... datasets) {
        StringBuilder refs = new StringBuilder();
        for (String key : datasets) {
            refs.append(refs.length() == 0 ? "" : ", ").append("{\"key\": \"").append(key).append("\"}");
        }
        return given().contentType(ContentType.JSON).body("{\"runId\": \"" + runId + "\", \"workflow\": \"training-run\","
                + " \"datasets\": [" + refs + "], \"capMicros\": 1000000}").when().post("/plan-run").then();
    }

    /** apply-edit reads its dataset before its (absent) model, so the dataset's limit is what answers. */
    private static ValidatableResponse applyEdit(String key) {
        return given().contentType(ContentType.JSON).body("{\"runId\": \"plan-edit\", \"model\": {\"key\": \"models/absent/\"},"
                + " \"edits\": {\"key\": \"" + key + "\"}, \"edit\": {\"method\": \"LORA\"}}").when().post("/apply-edit").then();
    }
}
