package engram.functions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code engram.auth.token} set, HTTP calls need the bearer token and a small body. */
@QuarkusTest
@TestProfile(BearerAuthTest.WithToken.class)
class BearerAuthTest {
    private static final String INVALID = "{\"runId\": \"auth-1\"}";

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("engram.auth.token", "s3cret-token", "engram.limits.max-request-bytes", "1024");
        }
    }

    @Test
    void aCallWithoutTheTokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body(INVALID).post("/score-knowledge")
                .then().statusCode(401).body("error", equalTo("UnauthorizedException"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret-tokeN").body(INVALID)
                .post("/score-knowledge").then().statusCode(401).body("error", equalTo("UnauthorizedException"));
    }

    @Test
    void aCallWithTheTokenReachesTheFunction() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret-token").body(INVALID)
                .post("/score-knowledge").then().statusCode(400).body("field", equalTo("model"));
    }

    @Test
    void theSchemeIsCaseInsensitiveAndTheTokenIsNot() {
        given().contentType(ContentType.JSON).header("Authorization", "bearer s3cret-token").body(INVALID)
                .post("/score-knowledge").then().statusCode(400);
        for (String wrong : new String[] {"Bearer S3CRET-TOKEN", "Bearer s3cret-token-and-more", "Bearer s3cret",
            "Bearers3cret-token", "s3cret-token", "Basic s3cret-token"}) {
            given().contentType(ContentType.JSON).header("Authorization", wrong).body(INVALID).post("/score-knowledge")
                    .then().statusCode(401).body("error", equalTo("UnauthorizedException"));
        }
    }

    @Test
    void aLargeBodyIsRefusedBeforeItIsRead() {
        String big = "{\"runId\": \"auth-1\", \"pad\": \"" + "x".repeat(2000) + "\"}";
        given().contentType(ContentType.JSON).header("Authorization", "Bearer s3cret-token").body(big)
                .post("/score-knowledge").then().statusCode(413).body("error", equalTo("LimitExceededException"))
                .body("field", equalTo("body"));
    }
}
