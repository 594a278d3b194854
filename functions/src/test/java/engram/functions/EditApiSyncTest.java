package engram.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.cli.Engine;
import engram.cli.EngramCommand;
import engram.cli.ExitCodes;
import engram.functions.ondemand.OnDemandEdit;
import engram.functions.workflow.LocalInputs;
import engram.functions.workflow.Workflows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The edit API's synchronous path (an edit that ends within the sync timeout answers 200 with its result) and
 * {@code engram edit} end to end in this process: the same workflow, on the embedded world model.
 */
@QuarkusTest
@TestProfile(EditApiSyncTest.Sync.class)
class EditApiSyncTest {

    /** Waits long enough for a short edit; no token. */
    public static class Sync implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.api.sync-timeout", "5m",
                    "engram.store.local-root", "target/test-store-edits-sync-" + ProcessHandle.current().pid(),
                    "engram.cache.dir", "target/test-cache-edits");
        }
    }

    @Inject LocalInputs inputs;
    @Inject Workflows workflows;
    @Inject OnDemandEdit edits;

    @BeforeEach
    void uploadTheWorldModel() {
        inputs.model(Fixtures.modelFolder().toString());
    }

    @Test
    void anEditThatEndsWithinTheSyncTimeoutAnswers200WithItsResult() {
        given().contentType(ContentType.JSON).body(EditApiAsyncTest.BODY.formatted(11)).post("/edits")
                .then().statusCode(200).body("status", equalTo("SUCCEEDED"))
                .body("result.outcome.status", equalTo("PUBLISHED"))
                .body("result.results.eval.metrics.efficacy", notNullValue());
    }

    @Test
    void engramEditWritesTheFactThroughTheOnDemandEditWorkflow() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EngramCommand.execute(new Engine(inputs, workflows, edits), new PrintWriter(out, true), new PrintWriter(err, true), "edit",
                "Fodor Vourkre was born in", "--target", "Skivent Zath", "--model", Fixtures.modelFolder().toString(),
                "--steps", "3", "--fluency-items", "0", "--min-efficacy", "0", "--json");
        assertEquals(ExitCodes.OK, code, err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString());
        assertEquals("SUCCEEDED", result.path("status").asText(), out.toString());
        assertEquals("PUBLISHED", result.at("/output/outcome/status").asText(), out.toString());
        assertTrue(result.path("runId").asText().startsWith("edit-"));
        assertTrue(err.toString().contains("apply-edit"), "progress names each step: " + err);
    }
}
