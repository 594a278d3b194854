package engram.functions;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app}, what {@code scripts/engram serve} runs) in its own JVM on
 * a free port, for tests that kill it. Its log lines are kept in a file and handed to the test as they come.
 */
final class EngramServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI base;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private EngramServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.reader = new Thread(() -> copy(process, log, lines), "engram-server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java -jar target/quarkus-app/quarkus-run.jar serve} with {@code env} added (engram settings as
     * environment variables) and waits until it answers.
     *
     * @param log where its output goes
     */
    static EngramServer start(Map<String, String> env, List<String> jvmOptions, Path log) {
        Path app = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(app)) {
            fail("the packaged application is missing: " + app + " (integration tests run after 'package')");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", app.toString(), "serve"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("ENGRAM_HOME", Path.of("target").toAbsolutePath().toString()); // no model upload
        try {
            Files.createDirectories(log.getParent());
            EngramServer server = new EngramServer(builder.start(), URI.create("http://127.0.0.1:" + port), log);
            server.awaitReady(Duration.ofSeconds(90));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + app, e);
        }
    }

    /** The settings of a server whose store is the S3 server at {@code endpoint}, as environment variables. */
    static Map<String, String> s3Settings(String endpoint, String bucket, Path cache, int checkpointEvery) {
        return Map.of("ENGRAM_STORE_KIND", "s3", "ENGRAM_STORE_BUCKET", bucket, "ENGRAM_STORE_S3_ENDPOINT", endpoint,
                "ENGRAM_STORE_S3_PATH_STYLE", "true", "ENGRAM_STORE_S3_ACCESS_KEY_ID", LocalS3.ACCESS_KEY,
                "ENGRAM_STORE_S3_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY, "ENGRAM_CACHE_DIR", cache.toString(),
                "ENGRAM_TRAINING_CHECKPOINT_EVERY", Integer.toString(checkpointEvery));
    }

    /** Posts a JSON body to {@code /<function>} and waits for the answer. */
    HttpResponse<String> post(String function, String body) {
        try {
            return postAsync(function, body).get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("POST /" + function + " failed", e);
        }
    }

    /** Posts without waiting; the future fails when the server dies first. */
    CompletableFuture<HttpResponse<String>> postAsync(String function, String body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/" + function)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The next log line, or null when none came within {@code timeout}. */
    String nextLine(Duration timeout) throws InterruptedException {
        return lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every log line not taken yet. */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        return out;
    }

    /** {@code kill -9}: SIGKILL, no shutdown hook, no flush; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        reader.join(5_000); // the pipe's last lines
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    kill();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the server exited with " + process.exitValue() + " before it answered");
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/openapi")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("the server did not answer within " + timeout);
    }

    private static void copy(Process process, Path log, LinkedBlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.println(line);
                lines.add(line);
            }
        } catch (IOException e) {
            // the process died mid-line: what came is in the log
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
