package engram.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.functions.api.ArtifactRef;
import engram.functions.storage.ArtifactStore;
import engram.functions.storage.StoredObject;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every function end to end over HTTP against whichever store the subclass configures: inputs uploaded, a
 * pointer returned, outputs read back; idempotency; and each error's status, name and that nothing was written.
 */
abstract class FunctionsContract {
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ArtifactStore store;

    @BeforeEach
    void uploadInputs() {
        // the last input written: another contract sharing this store may have uploaded the model alone
        if (store.stat(ArtifactRef.of(store.bucket(), "data/broken.jsonl")).isEmpty()) {
            Fixtures.uploadModels(store);
            Fixtures.put(store, "data/shard.jsonl", Fixtures.worldItems(0, 6));
            Fixtures.put(store, "data/targets.jsonl", Fixtures.worldItems(100, 2));
            Fixtures.put(store, "data/edits.jsonl", Fixtures.worldItems(200, 2));
            Fixtures.put(store, "data/forget.jsonl", Fixtures.withPerturbed(Fixtures.worldItems(300, 3)));
            Fixtures.put(store, "data/retain.jsonl", Fixtures.worldItems(400, 3));
            Fixtures.put(store, "data/holdout.jsonl", Fixtures.withPerturbed(Fixtures.worldItems(500, 3)));
            Fixtures.put(store, "data/broken.jsonl", List.of(Fixtures.worldItems(0, 1).get(0), "{\"id\": \"x\", \"prompt\": "));
        }
    }

    static JsonPath post(String function, String body, int status) {
        return given().contentType(ContentType.JSON).body(body).when().post("/" + function)
                .then().statusCode(status).extract().jsonPath();
    }

    String read(JsonPath result, String ref) {
        return new String(store.read(ArtifactRef.of(result.getString(ref + ".bucket"), result.getString(ref + ".key"))),
                StandardCharsets.UTF_8);
    }

    List<StoredObject> under(String prefix) {
        return store.list(ArtifactRef.of(store.bucket(), prefix));
    }

    @Test
    void filterShardKeepsOrDropsEveryCandidate() {
        JsonPath r = post("filter-shard", """
                {"runId": "filter-1", "model": "s3://%s/models/engram-world/", "shard": {"key": "data/shard.jsonl"},
                 "targets": {"key": "data/targets.jsonl"}, "beacons": {"keepFraction": 0.5}}
                """.formatted(store.bucket()), 200);
        assertEquals(6, r.getInt("candidates"));
        assertEquals(6, r.getInt("keptCount") + r.getInt("droppedCount"));
        assertTrue(r.getInt("keptCount") >= 1);
        List<String> kept = read(r, "kept").lines().toList();
        assertEquals(r.getInt("keptCount"), kept.size());
        assertTrue(kept.get(0).contains("\"weight\""), kept.get(0));
        assertTrue(r.getString("kept.key").startsWith("runs/filter-1/filter-shard/"));
        assertTrue(read(r, "manifest").contains("\"operation\" : \"filter-shard\""));
    }

    @Test
    void scoreKnowledgeWritesOneLinePerItemAndIsIdempotent() {
        String body = """
                {"runId": "score-1", "model": {"key": "models/engram-world/"}, "dataset": {"key": "data/shard.jsonl"},
                 "scoring": {"batchSize": 4, "extraTokens": -1}}
                """;
        JsonPath first = post("score-knowledge", body, 200);
        assertEquals(6, first.getInt("items"));
        assertEquals(6, first.getInt("known") + first.getInt("partlyKnown") + first.getInt("unknown"));
        assertEquals(6, read(first, "scores").lines().count());
        String prefix = first.getString("manifest.key").replace("manifest.json", "");
        List<StoredObject> before = under(prefix);
        byte[] manifest = store.read(ArtifactRef.of(store.bucket(), first.getString("manifest.key")));

        JsonPath second = post("score-knowledge", body, 200);
        assertEquals(first.getMap(""), second.getMap(""), "the same request returns the same result");
        assertEquals(before, under(prefix), "and writes nothing new: same keys, same ETags");
        assertArrayEquals(manifest, store.read(ArtifactRef.of(store.bucket(), first.getString("manifest.key"))));
    }

    @Test
    void retryAfterACrashBetweenWritesLeavesOneCompleteResult() {
        String body = """
                {"runId": "crash-1", "model": {"key": "models/engram-world/"}, "dataset": {"key": "data/targets.jsonl"},
                 "scoring": {"extraTokens": -1}}
                """;
        JsonPath first = post("score-knowledge", body, 200);
        String prefix = first.getString("manifest.key").replace("manifest.json", "");
        List<String> keys = under(prefix).stream().map(StoredObject::key).toList();
        store.delete(ArtifactRef.of(store.bucket(), first.getString("manifest.key"))); // crashed before the manifest
        JsonPath retried = post("score-knowledge", body, 200);
        assertEquals(withoutSeconds(first), withoutSeconds(retried), "the same result; only the measured time differs");
        assertEquals(keys, under(prefix).stream().map(StoredObject::key).toList());
        assertEquals(1, under("runs/crash-1/").stream().filter(o -> o.key().endsWith("manifest.json")).count());
    }

    /** A result without {@code cost.seconds}, the one field a re-run measures anew. */
    private static Map<String, Object> withoutSeconds(JsonPath result) {
        Map<String, Object> map = new java.util.HashMap<>(result.getMap(""));
        Map<String, Object> cost = new java.util.HashMap<>(result.getMap("cost"));
        assertTrue(((Number) cost.remove("seconds")).doubleValue() >= 0);
        map.put("cost", cost);
        return map;
    }

    @Test
    void applyEditThenScoreAndEvaluateTheEditedModel() throws Exception {
        JsonPath edit = post("apply-edit", """
                {"runId": "edit-1", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/edits.jsonl"},
                 "edit": {"method": "LORA", "steps": 4, "seed": 7}}
                """, 200);
        assertEquals(2, edit.getInt("edits"));
        assertEquals(4, edit.getInt("steps"));
        String adapterKey = edit.getString("adapter.key");
        assertTrue(adapterKey.endsWith("/adapter/"), adapterKey);
        JsonNode config = JSON.readTree(store.read(ArtifactRef.of(store.bucket(), adapterKey + "adapter_config.json")));
        String modelHash = JSON.readTree(read(edit, "manifest")).at("/manifest/modelHash").asText();
        assertEquals("sha256:" + modelHash, config.get("base_model_name_or_path").asText());
        assertEquals(64, edit.getString("adapter.sha256").length());

        String adapter = "{\"key\": \"%s\", \"sha256\": \"%s\"}".formatted(adapterKey, edit.getString("adapter.sha256"));
        JsonPath scored = post("score-knowledge", """
                {"runId": "edit-1", "model": {"key": "models/engram-world/"}, "adapter": %s,
                 "dataset": {"key": "data/edits.jsonl"}, "scoring": {"side": "NEW", "extraTokens": -1}}
                """.formatted(adapter), 200);
        assertEquals(2, scored.getInt("items"));

        JsonPath eval = post("run-eval", """
                {"runId": "edit-1", "model": {"key": "models/engram-world/"}, "adapter": %s,
                 "dataset": {"key": "data/edits.jsonl"}, "kind": "EDIT", "eval": {"fluencyItems": 0}}
                """.formatted(adapter), 200);
        assertNotNull(eval.get("metrics.efficacy"));
        assertTrue(read(eval, "reportJson").contains("\"efficacy\""));
        assertTrue(read(eval, "reportHtml").startsWith("<!DOCTYPE html>"));
    }

    @Test
    void runEvalMeasuresKnowledgeAndUnlearning() {
        JsonPath knowledge = post("run-eval", """
                {"runId": "eval-1", "model": {"key": "models/engram-world/"}, "dataset": {"key": "data/targets.jsonl"},
                 "kind": "KNOWLEDGE"}
                """, 200);
        assertEquals("KNOWLEDGE", knowledge.getString("kind"));
        assertEquals(2.0, knowledge.getDouble("metrics.items"));

        JsonPath unlearning = post("run-eval", """
                {"runId": "eval-1", "model": {"key": "models/engram-world/"}, "dataset": {"key": "data/forget.jsonl"},
                 "kind": "UNLEARNING", "retain": [{"key": "data/retain.jsonl"}], "holdout": {"key": "data/holdout.jsonl"},
                 "eval": {"maxNewTokens": 4}}
                """, 200);
        assertEquals(3, unlearning.getInt("items"));
        assertNotNull(unlearning.get("metrics.model_utility"));
        assertTrue(read(unlearning, "reportJson").contains("forget_quality"));
    }

    // ---- errors: status, name, field, and nothing written ----

    void assertError(String function, String body, int status, String error, String field) {
        given().contentType(ContentType.JSON).body(body).when().post("/" + function)
                .then().statusCode(status).body("error", equalTo(error)).body("field", equalTo(field));
    }

    @Test
    void invalidRequestsNameTheFieldAndWriteNothing() {
        String model = "\"model\": {\"key\": \"models/engram-world/\"}";
        assertError("score-knowledge", "{\"runId\": \"bad-1\", " + model + ", \"dataset\": \"data/shard.jsonl\", \"modle\": 1}",
                400, "InvalidRequestException", "modle");
        assertError("apply-edit", "{\"runId\": \"bad-1\", " + model + ", \"edits\": \"data/edits.jsonl\", "
                + "\"edit\": {\"method\": \"LORA\", \"steps\": \"five\"}}", 400, "InvalidRequestException", "edit.steps");
        assertError("score-knowledge", "{\"runId\": \"bad-1\", " + model + "}", 400, "InvalidRequestException", "dataset");
        assertError("score-knowledge", "{\"runId\": \"bad-1\", " + model + ", \"dataset\": \"data/../secret.jsonl\"}",
                400, "InvalidRequestException", "dataset.key");
        assertError("score-knowledge", "{\"runId\": \"bad-1\", " + model + ", \"dataset\": \"runs/other/x.jsonl\"}",
                400, "InvalidRequestException", "dataset.key");
        assertError("score-knowledge", "{\"runId\": \"bad/1\", " + model + ", \"dataset\": \"data/shard.jsonl\"}",
                400, "InvalidRequestException", "runId");
        assertError("apply-edit", "{\"runId\": \"bad-1\", " + model + ", \"edits\": \"data/edits.jsonl\", "
                + "\"edit\": {\"method\": \"FT_M\", \"learningRate\": -1}}", 400, "InvalidRequestException", "edit");
        given().contentType(ContentType.JSON).body("{not json").when().post("/score-knowledge")
                .then().statusCode(400).body("error", equalTo("InvalidRequestException"));
        assertTrue(under("runs/bad-1/").isEmpty());
    }

    @Test
    void limitsAndBudgetRefuseWorkBeforeItStarts() {
        String model = "\"model\": {\"key\": \"models/engram-world/\"}";
        assertError("apply-edit", "{\"runId\": \"bad-2\", " + model + ", \"edits\": \"data/edits.jsonl\", "
                + "\"edit\": {\"method\": \"LORA\", \"steps\": 100000}}", 413, "LimitExceededException", "edit.steps");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\": \"e").append(i)
                    .append("\", \"prompt\": \"p\", \"targetNew\": \" x\"}");
        }
        assertError("apply-edit", "{\"runId\": \"bad-2\", " + model + ", \"inlineEdits\": [" + many + "], "
                + "\"edit\": {\"method\": \"LORA\"}}", 413, "LimitExceededException", "inlineEdits");
        assertError("apply-edit", "{\"runId\": \"bad-2\", " + model + ", \"edits\": \"data/edits.jsonl\", "
                + "\"edit\": {\"method\": \"LORA\", \"steps\": 2}, \"budgetUsd\": 0.0001}", 402, "BudgetExceededException",
                "budgetUsd");
        assertTrue(under("runs/bad-2/").isEmpty());
    }

    @Test
    void aBodyAboveTheSizeLimitIsRefusedWithoutATokenToo() {
        String big = "{\"runId\": \"bad-7\", \"pad\": \"" + "x".repeat(300 << 10) + "\"}";
        given().contentType(ContentType.JSON).body(big).when().post("/score-knowledge")
                .then().statusCode(413).body("error", equalTo("LimitExceededException")).body("field", equalTo("body"));
        assertTrue(under("runs/bad-7/").isEmpty());
    }

    @Test
    void missingArtifactsAreNotFound() {
        assertError("score-knowledge", "{\"runId\": \"bad-3\", \"model\": {\"key\": \"models/engram-world/\"}, "
                + "\"dataset\": \"data/nothing.jsonl\"}", 404, "ArtifactNotFoundException", "dataset");
        assertError("score-knowledge", "{\"runId\": \"bad-3\", \"model\": {\"key\": \"models/nothing/\"}, "
                + "\"dataset\": \"data/shard.jsonl\"}", 404, "ArtifactNotFoundException", "model");
        assertTrue(under("runs/bad-3/").isEmpty());
    }

    @Test
    void aBrokenDatasetNamesItsLine() {
        given().contentType(ContentType.JSON).body("{\"runId\": \"bad-4\", \"model\": {\"key\": \"models/engram-world/\"}, "
                + "\"dataset\": \"data/broken.jsonl\"}").when().post("/score-knowledge")
                .then().statusCode(422).body("error", equalTo("InvalidDatasetException")).body("field", equalTo("dataset"))
                .body("value", org.hamcrest.Matchers.containsString("data/broken.jsonl:2"));
        assertTrue(under("runs/bad-4/").isEmpty());
    }

    @Test
    void anAdapterForAnotherModelIsAConflictAndAWrongHashToo() {
        JsonPath edit = post("apply-edit", """
                {"runId": "bad-5", "model": {"key": "models/other-world/"},
                 "inlineEdits": [{"id": "e1", "prompt": "The sky is", "targetNew": " green"}],
                 "edit": {"method": "LORA", "steps": 1}}
                """, 200);
        String adapter = edit.getString("adapter.key");
        assertError("score-knowledge", "{\"runId\": \"bad-5\", \"model\": {\"key\": \"models/engram-world/\"}, "
                + "\"adapter\": {\"key\": \"" + adapter + "\"}, \"dataset\": \"data/targets.jsonl\"}",
                409, "ModelMismatchException", "adapter");
        assertError("score-knowledge", "{\"runId\": \"bad-5\", \"model\": {\"key\": \"models/engram-world/\", \"sha256\": \""
                + "0".repeat(64) + "\"}, \"dataset\": \"data/targets.jsonl\"}", 409, "ModelMismatchException", "model.sha256");
        assertFalse(under("runs/bad-5/").stream().anyMatch(o -> o.key().contains("/score-knowledge/")));
    }

    @Test
    void aDivergingTrainingIsReportedAndWritesNothing() {
        given().contentType(ContentType.JSON).body("""
                {"runId": "bad-6", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/edits.jsonl"},
                 "edit": {"method": "FT_M", "learningRate": 3e38, "steps": 5, "earlyStopLoss": 0}}
                """).when().post("/apply-edit")
                .then().statusCode(422).body("error", equalTo("LossDivergedException"));
        assertTrue(under("runs/bad-6/").isEmpty());
    }

    @Test
    void aTaiaAdapterIsEvaluatedWithItsAttentionDeltasOnly() {
        JsonPath edit = post("apply-edit", """
                {"runId": "taia-1", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/edits.jsonl"},
                 "edit": {"method": "TAIA", "steps": 2}}
                """, 200);
        assertEquals("TAIA", edit.getString("inference"));
        JsonPath eval = post("run-eval", """
                {"runId": "taia-1", "model": {"key": "models/engram-world/"}, "adapter": {"key": "%s"},
                 "dataset": {"key": "data/edits.jsonl"}, "kind": "EDIT", "inference": "TAIA", "eval": {"fluencyItems": 0}}
                """.formatted(edit.getString("adapter.key")), 200);
        assertTrue(read(eval, "reportJson").contains("edited (TAIA)"));
    }

    @Test
    void taiaInferenceOnAnAdapterWithoutAttentionModulesIsRefused() {
        JsonPath edit = post("apply-edit", """
                {"runId": "taia-2", "model": {"key": "models/engram-world/"}, "edits": {"key": "data/edits.jsonl"},
                 "edit": {"method": "LORA", "steps": 2}}
                """, 200);
        JsonPath refused = post("run-eval", """
                {"runId": "taia-2", "model": {"key": "models/engram-world/"}, "adapter": {"key": "%s"},
                 "dataset": {"key": "data/edits.jsonl"}, "kind": "EDIT", "inference": "TAIA", "eval": {"fluencyItems": 0}}
                """.formatted(edit.getString("adapter.key")), 400);
        assertEquals("InvalidRequestException", refused.getString("error"));
        assertEquals("inference", refused.getString("field"));
        assertTrue(refused.getString("message").contains("adapts no attention module (only [down_proj])"),
                refused.getString("message"));
    }
}
