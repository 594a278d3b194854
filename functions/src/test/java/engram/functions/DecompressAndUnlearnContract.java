package engram.functions;

import static engram.functions.FunctionsContract.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * {@code decompress} and {@code unlearn} end to end over HTTP, with tiny trees and trainings on
 * the embedded world model: outputs read back, idempotency, bad fields, missing datasets, and an unlearning
 * adapter that {@code score-knowledge} applies.
 */
abstract class DecompressAndUnlearnContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "\"model\": {\"key\": \"models/engram-world/\"}";
    private static final String TEMPLATE = "\"template\": {\"questions\": [\"Where was {subject} born?\", "
            + "\"Where does {subject} live?\", \"In which city was {subject} born?\"]}";

    @Inject
    ArtifactStore store;

    @BeforeEach
    void uploadInputs() {
        if (store.stat(ArtifactRef.of(store.bucket(), "data/unlearn-forget.jsonl")).isEmpty()) {
            Fixtures.uploadModels(store);
            Fixtures.put(store, "data/roots.jsonl", Fixtures.worldItems(300, 2));
            Fixtures.put(store, "data/unlearn-forget.jsonl", Fixtures.worldItems(300, 3));
            Fixtures.put(store, "data/unlearn-retain.jsonl", Fixtures.worldItems(400, 3));
            Fixtures.put(store, "data/refusals.txt", List.of("I don't know.", "I have no idea.", "That is unknown to me."));
        }
    }

    @Test
    void decompressWritesOneReplayItemPerPathAndIsIdempotent() throws Exception {
        String body = "{\"runId\": \"tg-1\", " + MODEL + ", \"roots\": \"data/roots.jsonl\", " + TEMPLATE + ", "
                + "\"tree\": {\"depth\": 2, \"branching\": [2, 2], \"maxNewTokens\": 6, \"seed\": 3}}";
        JsonPath first = post("decompress", body, 200);
        assertEquals(2, first.getInt("trees"));
        List<String> lines = read(first, "replay").lines().toList();
        assertEquals(first.getInt("paths"), lines.size());
        assertTrue(lines.size() >= 2 && lines.size() <= 8, lines.toString());
        for (String line : lines) {
            JsonNode item = JSON.readTree(line);
            assertTrue(item.get("prompt").asText().startsWith("Q: "), line);
            assertFalse(item.get("target_true").asText().isBlank(), line);
            assertEquals("engram-tg", item.get("source").asText());
        }
        JsonNode report = JSON.readTree(read(first, "report"));
        assertEquals(2, report.get("trees").size());
        assertEquals(first.getInt("duplicatesDropped"), report.get("duplicatesDropped").asInt());
        assertTrue(first.getString("replay.key").startsWith("runs/tg-1/decompress/"));

        String prefix = first.getString("manifest.key").replace("manifest.json", "");
        List<StoredObject> before = under(prefix);
        byte[] manifest = store.read(ArtifactRef.of(store.bucket(), first.getString("manifest.key")));
        JsonPath second = post("decompress", body, 200);
        assertEquals(first.getMap(""), second.getMap(""), "the same request returns the same result");
        assertEquals(before, under(prefix), "and writes nothing new");
        assertArrayEquals(manifest, store.read(ArtifactRef.of(store.bucket(), first.getString("manifest.key"))));

        JsonPath scored = post("score-knowledge", "{\"runId\": \"tg-1\", " + MODEL + ", \"dataset\": {\"key\": \""
                + first.getString("replay.key") + "\"}, \"scoring\": {\"extraTokens\": -1}}", 200);
        assertEquals(lines.size(), scored.getInt("items"), "the replay is a dataset other functions read");
    }

    @Test
    void decompressWithInlineRootsAndNoDedupKeepsTheFullTree() {
        JsonPath r = post("decompress", "{\"runId\": \"tg-2\", " + MODEL + ", \"inlineRoots\": [\"Quoquo Staquomas\"], "
                + TEMPLATE + ", \"tree\": {\"depth\": 2, \"branching\": [2], \"maxNewTokens\": 4, \"dedup\": false}}", 200);
        assertEquals(1, r.getInt("trees"));
        assertEquals(0, r.getInt("duplicatesDropped"));
        assertTrue(r.getInt("paths") <= 4);
    }

    @Test
    void applyEditMixesTheDecompressedReplayIntoItsTraining() throws Exception {
        JsonPath tree = post("decompress", "{\"runId\": \"tg-3\", " + MODEL + ", \"inlineRoots\": [\"Quoquo Staquomas\"], "
                + TEMPLATE + ", \"tree\": {\"depth\": 2, \"branching\": [2, 2], \"maxNewTokens\": 4, \"seed\": 5}}", 200);
        String replay = "\"replay\": {\"key\": \"" + tree.getString("replay.key") + "\"}";
        String edits = "\"inlineEdits\": [{\"id\": \"e1\", \"prompt\": \"Quoquo Staquomas was born in\", "
                + "\"targetNew\": \" Paris\"}, {\"id\": \"e2\", \"prompt\": \"Quoquo Staquomas lives in\", \"targetNew\": \" Rome\"}]";
        String edit = "\"edit\": {\"method\": \"LORA\", \"steps\": 3, \"seed\": 7}";
        JsonPath mixed = post("apply-edit", "{\"runId\": \"tg-3\", " + MODEL + ", " + edits + ", " + edit + ", " + replay
                + ", \"replayRatio\": 1.5}", 200);
        JsonNode training = JSON.readTree(read(mixed, "report"));
        assertEquals(3, training.get("replayed").asInt(), "round(1.5 x 2 edits) replay items");
        JsonPath plain = post("apply-edit", "{\"runId\": \"tg-3\", " + MODEL + ", " + edits + ", " + edit + "}", 200);
        assertEquals(0, JSON.readTree(read(plain, "report")).get("replayed").asInt());
        assertNotEquals(plain.getString("adapter.sha256"), mixed.getString("adapter.sha256"), "replay changes the training");
        assertError("apply-edit", "{\"runId\": \"tg-3\", " + MODEL + ", " + edits + ", " + edit + ", " + replay + "}", 400,
                "InvalidRequestException", "replayRatio");
        assertError("apply-edit", "{\"runId\": \"tg-3\", " + MODEL + ", " + edits + ", " + edit + ", \"replayRatio\": 1}", 400,
                "InvalidRequestException", "replay");
        assertError("apply-edit", "{\"runId\": \"tg-3\", " + MODEL + ", " + edits + ", " + edit + ", " + replay
                + ", \"replayRatio\": 17}", 400, "InvalidRequestException", "replayRatio");
    }

    @Test
    void decompressRefusesBadFieldsAndMissingRoots() {
        String roots = "\"inlineRoots\": [\"Quoquo Staquomas\"]";
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", " + TEMPLATE
                + ", \"tree\": {\"depth\": 9}}", 400, "InvalidRequestException", "tree.depth");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", " + TEMPLATE
                + ", \"tree\": {\"topP\": 0}}", 400, "InvalidRequestException", "tree.topP");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", " + TEMPLATE
                + ", \"tree\": {\"depth\": 2, \"branching\": [2, 2, 2]}}", 400, "InvalidRequestException", "tree.branching");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + "}", 400,
                "InvalidRequestException", "template");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", \"template\": {\"kind\": \"CHAT\", "
                + "\"questions\": [\"Who?\"]}}", 400, "InvalidRequestException", "template.questions");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", \"roots\": \"data/roots.jsonl\", "
                + TEMPLATE + "}", 400, "InvalidRequestException", "roots");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", " + TEMPLATE
                + ", \"tree\": {\"depth\": 8, \"branching\": [16]}}", 413, "LimitExceededException", "tree.branching");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", \"roots\": \"data/nothing.jsonl\", " + TEMPLATE
                + "}", 404, "ArtifactNotFoundException", "roots");
        assertError("decompress", "{\"runId\": \"bad-d\", " + MODEL + ", " + roots + ", " + TEMPLATE
                + ", \"budgetUsd\": 0.0001}", 402, "BudgetExceededException", "budgetUsd");
        assertTrue(under("runs/bad-d/").isEmpty());
    }

    @Test
    void unlearnThenScoreKnowledgeShowsTheForgetSetLessKnown() throws Exception {
        String score = "{\"runId\": \"%s\", " + MODEL + ", %s\"dataset\": \"data/unlearn-forget.jsonl\", "
                + "\"scoring\": {\"extraTokens\": -1}}";
        JsonPath base = post("score-knowledge", score.formatted("unlearn-1", ""), 200);

        String body = "{\"runId\": \"unlearn-1\", " + MODEL + ", \"forget\": \"data/unlearn-forget.jsonl\", "
                + "\"retain\": \"data/unlearn-retain.jsonl\", \"method\": \"UNLEARN\", "
                + "\"config\": {\"rank\": 4, \"steps\": 10, \"batchSize\": 3, \"learningRate\": 0.01, \"scale\": 3}}";
        JsonPath unlearned = post("unlearn", body, 200);
        assertEquals("UNLEARN", unlearned.getString("method"));
        assertEquals(3, unlearned.getInt("forget"));
        assertEquals(20, unlearned.getInt("steps"), "two task adapters of 10 steps");
        assertEquals(unlearned.getInt("weights"), unlearned.getList("layers").size());
        assertTrue(unlearned.getInt("layers[0].appliedRank") <= 4);
        String adapterKey = unlearned.getString("adapter.key");
        assertTrue(adapterKey.endsWith("/adapter/"), adapterKey);
        JsonNode edit = JSON.readTree(store.read(ArtifactRef.of(store.bucket(), adapterKey + "edit.json")));
        String modelHash = JSON.readTree(read(unlearned, "manifest")).at("/manifest/modelHash").asText();
        assertEquals("sha256:" + modelHash, edit.get("base_model_name_or_path").asText());
        assertEquals("engram-unlearning", edit.get("format").asText());

        String adapter = "\"adapter\": {\"key\": \"%s\", \"sha256\": \"%s\"}, ".formatted(adapterKey,
                unlearned.getString("adapter.sha256"));
        JsonPath after = post("score-knowledge", score.formatted("unlearn-1", adapter), 200);
        String report = "forget accuracy " + base.getDouble("meanTokenAccuracy") + " -> " + after.getDouble("meanTokenAccuracy");
        assertTrue(after.getDouble("meanTokenAccuracy") < base.getDouble("meanTokenAccuracy"), report);
        assertTrue(after.getDouble("meanLogProbability") < base.getDouble("meanLogProbability"), report);

        JsonPath again = post("score-knowledge", score.formatted("unlearn-1b", ""), 200);
        assertEquals(base.getDouble("meanLogProbability"), again.getDouble("meanLogProbability"),
                "the cached model is back to its exact weights");

        String prefix = unlearned.getString("manifest.key").replace("manifest.json", "");
        List<StoredObject> before = under(prefix);
        assertEquals(unlearned.getMap(""), post("unlearn", body, 200).getMap(""), "the same request, the same result");
        assertEquals(before, under(prefix), "and nothing rewritten");
    }

    @Test
    void idkFineTuningReadsItsRefusals() {
        JsonPath r = post("unlearn", "{\"runId\": \"unlearn-2\", " + MODEL + ", \"forget\": \"data/unlearn-forget.jsonl\", "
                + "\"retain\": \"data/unlearn-retain.jsonl\", \"refusals\": \"data/refusals.txt\", "
                + "\"method\": \"IDK_FINE_TUNING\", \"config\": {\"rank\": 2, \"baselineSteps\": 2}}", 200);
        assertEquals(2, r.getInt("steps"));
        assertTrue(r.getList("layers").isEmpty(), "the baselines have no subspaces");
        assertTrue(r.getInt("weights") > 0);
        JsonPath eval = post("run-eval", "{\"runId\": \"unlearn-2\", " + MODEL + ", \"adapter\": {\"key\": \""
                + r.getString("adapter.key") + "\"}, \"dataset\": \"data/unlearn-forget.jsonl\", \"kind\": \"KNOWLEDGE\"}", 200);
        assertEquals(3.0, eval.getDouble("metrics.items"), "run-eval applies the unlearning adapter too");
    }

    @Test
    void unlearnRefusesBadFieldsAndMissingDatasets() {
        String forget = "\"forget\": \"data/unlearn-forget.jsonl\"";
        String start = "{\"runId\": \"bad-u\", " + MODEL + ", " + forget + ", ";
        assertError("unlearn", start + "\"config\": {}}", 400, "InvalidRequestException", "method");
        assertError("unlearn", start + "\"method\": \"UNLEARN\", \"config\": {\"steps\": 0}}", 400,
                "InvalidRequestException", "config.steps");
        assertError("unlearn", start + "\"method\": \"UNLEARN\", \"config\": {\"energy\": 1.5}}", 400,
                "InvalidRequestException", "config.energy");
        assertError("unlearn", start + "\"method\": \"UNLEARN\", \"config\": {\"side\": \"DIAGONAL\"}}", 400,
                "InvalidRequestException", "config.side");
        assertError("unlearn", start + "\"method\": \"GRADIENT_DIFFERENCE\"}", 400, "InvalidRequestException", "retain");
        assertError("unlearn", start + "\"method\": \"UNLEARN\", \"refusals\": \"data/refusals.txt\"}", 400,
                "InvalidRequestException", "refusals");
        assertError("unlearn", start + "\"method\": \"UNLEARN\", \"config\": {\"steps\": 100000}}", 413,
                "LimitExceededException", "config.steps");
        assertError("unlearn", "{\"runId\": \"bad-u\", " + MODEL + ", \"forget\": \"data/nothing.jsonl\", "
                + "\"method\": \"GRADIENT_ASCENT\"}", 404, "ArtifactNotFoundException", "forget");
        assertError("unlearn", start + "\"retain\": \"data/unlearn-retain.jsonl\", \"refusals\": \"data/nothing.txt\", "
                + "\"method\": \"IDK_FINE_TUNING\"}", 404, "ArtifactNotFoundException", "refusals");
        assertError("unlearn", start + "\"method\": \"GRADIENT_ASCENT\", \"config\": {\"targets\": [\"no_proj\"]}}", 400,
                "InvalidRequestException", "config");
        assertError("unlearn", start + "\"method\": \"UNLEARN\", \"config\": {\"learningRate\": 0}}", 400,
                "InvalidRequestException", "config.learningRate");
        given().contentType(ContentType.JSON).body(start + "\"method\": \"GRADIENT_ASCENT\", "
                + "\"config\": {\"rank\": 2, \"baselineLearningRate\": 3e38, \"baselineSteps\": 3}}").when().post("/unlearn")
                .then().statusCode(422).body("error", equalTo("LossDivergedException"));
        assertTrue(under("runs/bad-u/").isEmpty());
    }

    private void assertError(String function, String body, int status, String error, String field) {
        given().contentType(ContentType.JSON).body(body).when().post("/" + function)
                .then().statusCode(status).body("error", equalTo(error)).body("field", equalTo(field));
    }

    private String read(JsonPath result, String ref) {
        return new String(store.read(ArtifactRef.of(result.getString(ref + ".bucket"), result.getString(ref + ".key"))),
                StandardCharsets.UTF_8);
    }

    private List<StoredObject> under(String prefix) {
        return store.list(ArtifactRef.of(store.bucket(), prefix));
    }
}
