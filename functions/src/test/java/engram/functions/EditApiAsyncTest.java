package engram.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.workflow.LocalInputs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edit API's asynchronous path and its guards: with a zero sync timeout {@code POST /edits} answers 202 and a
 * {@code Location}, {@code GET /edits/{id}} follows the job to its result, an equal request maps to the same job,
 * and nothing is served without the bearer token.
 */
@QuarkusTest
@TestProfile(EditApiAsyncTest.Async.class)
class EditApiAsyncTest {
    static final String TOKEN = "edit-api-token";
    /** One fact of the world, a few steps, no fluency generations: a short edit. */
    static final String BODY = """
            {"prompt": "Kremthu Quekix was born in", "target": " Roposk Krisk",
             "edit": {"method": "LORA", "steps": 3, "seed": %d}, "eval": {"fluencyItems": 0}, "minEfficacy": 0.0}""";

    /** Never waits; a token; a store of its own. */
    public static class Async implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.api.sync-timeout", "0s", "engram.auth.token", TOKEN,
                    "engram.store.local-root", "target/test-store-edits-async-" + ProcessHandle.current().pid(),
                    "engram.cache.dir", "target/test-cache-edits");
        }
    }

    @Inject LocalInputs inputs;

    @BeforeEach
    void uploadTheWorldModel() {
        inputs.model(Fixtures.modelFolder().toString());
    }

    @Test
    void withoutTheTokenNothingIsServed() {
        given().contentType(ContentType.JSON).body(BODY.formatted(1)).post("/edits")
                .then().statusCode(401).body("error", equalTo("UnauthorizedException"));
        given().get("/edits/edit-0000000000000000").then().statusCode(401);
        given().get("/openapi").then().statusCode(401);
    }

    @Test
    void anUnknownIdIsNotFound() {
        authorized().get("/edits/edit-0000000000000000")
                .then().statusCode(404).body("error", equalTo("ArtifactNotFoundException"));
    }

    @Test
    void anInvalidRequestIsRefusedNamingTheField() {
        authorized().contentType(ContentType.JSON).body("{\"prompt\": \"p\"}").post("/edits")
                .then().statusCode(400).body("error", equalTo("InvalidRequestException")).body("field", equalTo("target"));
        authorized().contentType(ContentType.JSON).body("{\"prompt\": \"p\", \"target\": \" t\", \"colour\": 1}")
                .post("/edits").then().statusCode(400).body("field", equalTo("colour"));
    }

    @Test
    void theOpenApiDocumentDescribesTheEditApi() {
        authorized().get("/openapi").then().statusCode(200).contentType(containsString("yaml"))
                .body(containsString("openapi: 3.")).body(containsString("/edits/{id}"));
    }

    @Test
    void aSlowEditAnswers202AndItsResultIsFetchedById() throws InterruptedException {
        Response first = authorized().contentType(ContentType.JSON).body(BODY.formatted(7)).post("/edits");
        first.then().statusCode(202).body("status", equalTo("RUNNING")).body("id", startsWith("edit-"));
        String id = first.jsonPath().getString("id");
        assertEquals("/edits/" + id, first.header("Location"));

        // The same request, fields in another order: the same job, not a second run.
        String reordered = "{\"minEfficacy\": 0.0, \"eval\": {\"fluencyItems\": 0}, \"target\": \" Roposk Krisk\","
                + " \"edit\": {\"seed\": 7, \"steps\": 3, \"method\": \"LORA\"}, \"prompt\": \"Kremthu Quekix was born in\"}";
        assertEquals(id, authorized().contentType(ContentType.JSON).body(reordered).post("/edits").jsonPath().getString("id"));

        JsonPath job = poll(id);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals("PUBLISHED", job.getString("result.outcome.status"), "minEfficacy 0 publishes any edit that ran");
        assertTrue(job.getString("result.outcome.adapter.key").startsWith("runs/" + id + "/apply-edit/"), job.prettify());
        assertTrue(job.getMap("result.results.eval.metrics").containsKey("efficacy"), job.prettify());
    }

    /** GETs the job until it is no longer running (two minutes at most). */
    static JsonPath poll(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            JsonPath job = authorized().get("/edits/" + id).then().statusCode(200).extract().jsonPath();
            if (!"RUNNING".equals(job.getString("status")) || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(250);
        }
    }

    static io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }
}
