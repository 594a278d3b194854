package engram.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs infra/docker/batch-task.sh as a GPU job would, against a stand-in for the function server on
 * loopback and a stand-in {@code aws} command that "uploads" into a folder.
 */
class BatchTaskScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path work;
    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();
    private volatile int status;
    private volatile String answer;

    @BeforeEach
    void startFunctionServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/apply-edit", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path aws = bin.resolve("aws");   // aws s3 cp --only-show-errors --content-type T FILE s3://BUCKET/KEY
        Files.writeString(aws, """
                #!/usr/bin/env bash
                set -euo pipefail
                target="${@: -1}"; file="${@: -2:1}"
                mkdir -p "$(dirname "$UPLOADS/${target#s3://}")"
                cp "$file" "$UPLOADS/${target#s3://}"
                """);
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stopFunctionServer() {
        server.stop(0);
    }

    private int runJob(String request) throws Exception {
        ProcessBuilder job = new ProcessBuilder("bash", Path.of("docker/batch-task.sh").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("job.log").toFile());
        Map<String, String> environment = job.environment();
        environment.put("PATH", work.resolve("bin") + ":" + System.getenv("PATH"));
        environment.put("UPLOADS", work.resolve("s3").toString());
        environment.put("ENGRAM_FUNCTION", "apply-edit");
        environment.put("ENGRAM_REQUEST", request);
        environment.put("ENGRAM_RESULT_KEY", "gpu-results/exec-1/abc.json");
        environment.put("ENGRAM_BUCKET", "engram-test");
        environment.put("ENGRAM_PORT", String.valueOf(server.getAddress().getPort()));
        environment.put("ENGRAM_SERVER_COMMAND", "sleep 30");   // the stand-in server already listens
        Process process = job.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the job script finishes");
        return process.exitValue();
    }

    private JsonNode outcome() throws IOException {
        return JSON.readTree(work.resolve("s3/engram-test/gpu-results/exec-1/abc.json").toFile());
    }

    @Test
    void aSuccessfulCallLeavesTheFunctionsAnswerAsTheResult() throws Exception {
        status = 200;
        answer = "{\"adapter\":{\"bucket\":\"b\",\"key\":\"runs/r1/adapter\"},\"steps\":30}";

        assertEquals(0, runJob("{\"runId\":\"r1\",\"rank\":8}"), Files.readString(work.resolve("job.log")));
        assertEquals("{\"runId\":\"r1\",\"rank\":8}", received.get(), "the request reaches the function unchanged");
        assertEquals(JSON.readTree("{\"result\":" + answer + "}"), outcome());
    }

    @Test
    void aTypedErrorKeepsItsNameForTheWorkflowsCatch() throws Exception {
        status = 400;
        answer = "{\"error\":\"engram.functions.errors.InvalidRequestException\",\"message\":\"rank: must be 1..256, was 0\"}";

        assertEquals(0, runJob("{\"runId\":\"r1\",\"rank\":0}"), Files.readString(work.resolve("job.log")));
        assertEquals("engram.functions.errors.InvalidRequestException", outcome().path("error").asText());
        assertEquals("rank: must be 1..256, was 0", outcome().path("cause").asText());
    }

    @Test
    void aServerErrorFailsTheJobAndWritesNothing() throws Exception {
        status = 500;
        answer = "{\"message\":\"out of memory\"}";

        assertFalse(runJob("{}") == 0);
        assertFalse(Files.exists(work.resolve("s3")), "no outcome: Batch reports the failure instead");
    }
}
