package engram.functions.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.EngramErrors;
import engram.functions.errors.InvalidRequestException;
import io.quarkus.funqy.lambda.FunqyLambdaBindingRecorder;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Lambda binding ({@code ./mvnw -Dlambda test -pl functions}): what the Lambda runtime would see thrown from
 * the handler, and so report as {@code errorType}, is our exception, not Funqy's {@code ApplicationException}.
 * The exported function is {@code score-knowledge} ({@code %test.quarkus.funqy.export}). The test hands the handler
 * the running application's Funqy entry point; the no-argument constructor would boot a second Quarkus.
 */
@QuarkusTest
@Tag("lambda")
class EngramLambdaHandlerTest {

    private static Context context() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getReturnType() == int.class ? 300_000
                        : method.getReturnType() == String.class ? "test" : null);
    }

    private static void invoke(String json) throws Exception {
        new EngramLambdaHandler(FunqyLambdaBindingRecorder::handle).handleRequest(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), context());
    }

    @Test
    void anInvalidRequestIsReportedUnderItsOwnName() {
        var e = assertThrows(InvalidRequestException.class, () -> invoke("{\"runId\": \"l-1\", \"modle\": 1}"));
        assertEquals("modle", e.field());
        assertEquals(EngramErrors.lambdaErrorType("InvalidRequestException"), e.getClass().getName());
    }

    @Test
    void theExportedFunctionMustBeARegisteredOne() {
        ExportedFunction.requireRegistered("score-knowledge");
        var e = assertThrows(IllegalStateException.class, () -> ExportedFunction.requireRegistered("score-knowlege"));
        assertTrue(e.getMessage().contains("score-knowledge"), e.getMessage());
    }

    @Test
    void aMissingDatasetIsReportedUnderItsOwnName() {
        var e = assertThrows(ArtifactNotFoundException.class, () -> invoke(
                "{\"runId\": \"l-1\", \"model\": \"models/none/\", \"dataset\": \"data/none.jsonl\"}"));
        assertEquals("dataset", e.field());
    }
}
