package engram.functions;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts {@link LocalS3} for a {@code @QuarkusTest} and points the S3 store at it (bucket {@code engram-test}). */
public class LocalS3Resource implements QuarkusTestResourceLifecycleManager {
    /** The bucket the tests use. */
    public static final String BUCKET = "engram-test";
    private LocalS3 server;

    @Override
    public Map<String, String> start() {
        server = LocalS3.start();
        server.createBucket(BUCKET);
        return Map.of(
                "engram.store.kind", "s3",
                "engram.store.bucket", BUCKET,
                "engram.store.s3.endpoint", server.endpoint().toString(),
                "engram.store.s3.path-style", "true",
                "engram.store.s3.access-key-id", LocalS3.ACCESS_KEY,
                "engram.store.s3.secret-access-key", LocalS3.SECRET_KEY,
                "engram.store.s3.max-attempts", "2",
                "engram.cache.dir", "target/test-cache-s3");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
