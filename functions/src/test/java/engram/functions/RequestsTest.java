package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Keys;
import engram.functions.api.Requests;
import engram.functions.api.ScoreKnowledgeRequest;
import engram.functions.errors.EngramErrors;
import engram.functions.errors.EngramException;
import engram.functions.errors.InvalidRequestException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void anArtifactRefReadsAsObjectOrAsS3Uri() throws Exception {
        ScoreKnowledgeRequest r = Requests.read(json("""
                {"runId": "r", "model": "s3://b-1/models/m/", "dataset": {"key": "d.jsonl", "sha256": "%s"}}
                """.formatted("a".repeat(64))), ScoreKnowledgeRequest.class);
        assertEquals(new ArtifactRef("b-1", "models/m/", null), r.model());
        assertEquals(new ArtifactRef(null, "d.jsonl", "a".repeat(64)), r.dataset());
        assertEquals("s3://b-1/models/m/", r.model().uri());
    }

    @Test
    void unknownFieldsAndWrongTypesNameTheirPath() {
        var unknown = assertThrows(InvalidRequestException.class, () -> Requests.read(
                json("{\"runId\": \"r\", \"scoring\": {\"batchSise\": 2}}"), ScoreKnowledgeRequest.class));
        assertEquals("scoring.batchSise", unknown.field());
        var type = assertThrows(InvalidRequestException.class, () -> Requests.read(
                json("{\"runId\": \"r\", \"scoring\": {\"batchSize\": \"2\"}}"), ScoreKnowledgeRequest.class));
        assertEquals("scoring.batchSize", type.field());
        var array = assertThrows(InvalidRequestException.class, () -> Requests.read(json("[1]"), ScoreKnowledgeRequest.class));
        assertEquals("body", array.field());
    }

    @Test
    void keysAreConfined() {
        for (String bad : new String[] {"/abs", "a/../b", "a//b", "./a", "a\\b", "runs/other/x", ""}) {
            assertThrows(InvalidRequestException.class, () -> Keys.requireConfined("k", bad, "mine"), bad);
        }
        assertEquals("runs/mine/x", Keys.requireConfined("k", "runs/mine/x", "mine"));
        assertEquals("models/m/", Keys.requireConfined("k", "models/m/", "mine"));
        assertThrows(InvalidRequestException.class, () -> Keys.requireRunId("../x"));
    }

    @Test
    void theDigestDependsOnContentNotFieldOrder() throws Exception {
        var a = Requests.read(json("{\"runId\": \"r\", \"model\": \"m/\", \"dataset\": \"d\"}"), ScoreKnowledgeRequest.class);
        var b = Requests.read(json("{\"dataset\": \"d\", \"model\": \"m/\", \"runId\": \"r\"}"), ScoreKnowledgeRequest.class);
        var c = Requests.read(json("{\"dataset\": \"e\", \"model\": \"m/\", \"runId\": \"r\"}"), ScoreKnowledgeRequest.class);
        assertEquals(Requests.digest(a), Requests.digest(b));
        assertNotEquals(Requests.digest(a), Requests.digest(c));
    }

    @Test
    void theErrorTableListsEveryErrorByItsSimpleName() {
        Set<String> permitted = Arrays.stream(EngramException.class.getPermittedSubclasses())
                .map(Class::getSimpleName).collect(Collectors.toSet());
        assertEquals(permitted, EngramErrors.BY_NAME.keySet());
        EngramErrors.BY_NAME.forEach((name, type) -> assertEquals(name, type.getSimpleName()));
        assertEquals("engram.functions.errors.ModelMismatchException", EngramErrors.lambdaErrorType("ModelMismatchException"));
    }
}
