package engram.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.FaultyS3Proxy.Fault;
import engram.functions.api.ArtifactRef;
import engram.functions.config.EngramConfig;
import engram.functions.errors.StorageUnavailableException;
import engram.functions.storage.S3ArtifactStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store as the deployment builds it ({@link S3ArtifactStore#create}, the default 5 attempts) behind a proxy
 * that injects faults: short bursts of 500, 503, SlowDown and dropped connections are ridden out by the client's
 * retries, whatever the call; an outage longer than the retries is a {@link StorageUnavailableException} and
 * leaves no object behind.
 */
class S3OutagesTest {
    private static final String BUCKET = "outages";
    private static LocalS3 s3;
    private static FaultyS3Proxy proxy;
    private static S3ArtifactStore store;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() {
        s3 = LocalS3.start();
        s3.createBucket(BUCKET);
        proxy = FaultyS3Proxy.start(s3.endpoint().getPort());
        store = S3ArtifactStore.create(settings(URI.create(proxy.endpoint())), BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        proxy.close();
        s3.close();
    }

    @Test
    void burstsShorterThanTheRetriesAreRiddenOutByEveryCall() throws Exception {
        Random random = new Random(3);
        byte[] big = new byte[(5 << 20) + 4321];                  // above the 5 MiB multipart threshold: 2 parts
        random.nextBytes(big);
        Path bigFile = Files.write(temp.resolve("big.bin"), big);
        int faultsBefore = proxy.injected().values().stream().mapToInt(Integer::intValue).sum();
        for (Fault kind : Fault.values()) {
            for (int skip = 0; skip < 6; skip++) {
                String key = "burst/" + kind + "-" + skip;
                proxy.failBurst(skip, 1 + random.nextInt(3), kind);
                store.put(key + ".txt", key.getBytes(StandardCharsets.UTF_8));
                assertEquals(key, new String(store.read(ArtifactRef.of(BUCKET, key + ".txt")), StandardCharsets.UTF_8));
                store.upload(key + ".bin", bigFile);
                Path back = temp.resolve(key.replace('/', '_'));
                store.download(ArtifactRef.of(BUCKET, key + ".bin"), back);
                assertArrayEquals(big, Files.readAllBytes(back), kind + " at request " + skip);
                assertTrue(store.stat(ArtifactRef.of(BUCKET, key + ".txt")).isPresent());
                assertEquals(2, store.list(ArtifactRef.of(BUCKET, key)).size());
                proxy.heal();
            }
        }
        int injected = proxy.injected().values().stream().mapToInt(Integer::intValue).sum() - faultsBefore;
        assertTrue(injected >= Fault.values().length * 6, "faults injected: " + injected);
        System.out.println("s3-outages: " + injected + " faults in bursts of 1-3 ridden out: " + proxy.injected());
    }

    @Test
    void anOutageLongerThanTheRetriesIsTypedAndWritesNothing() {
        proxy.failWindow(0, Duration.ofSeconds(60), Fault.SERVICE_UNAVAILABLE_503, Fault.INTERNAL_ERROR_500,
                Fault.DROPPED_CONNECTION);
        try {
            var e = assertThrows(StorageUnavailableException.class,
                    () -> store.put("outage/never.txt", "x".getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().contains("PUT s3://outages/outage/never.txt"), e.getMessage());
            assertEquals(503, e.httpStatus());
            assertThrows(StorageUnavailableException.class, () -> store.read(ArtifactRef.of(BUCKET, "outage/never.txt")));
        } finally {
            proxy.heal();
        }
        assertTrue(store.stat(ArtifactRef.of(BUCKET, "outage/never.txt")).isEmpty());
    }

    @Test
    void aServerRestartedMidWayIsRiddenOut() throws Exception {
        store.put("restart/before.txt", "before".getBytes(StandardCharsets.UTF_8));
        proxy.actAt(0, () -> s3 = s3.restart()); // every connection the client keeps open now leads nowhere
        store.put("restart/after.txt", "after".getBytes(StandardCharsets.UTF_8));
        assertEquals("before", new String(store.read(ArtifactRef.of(BUCKET, "restart/before.txt")), StandardCharsets.UTF_8));
        assertEquals("after", new String(store.read(ArtifactRef.of(BUCKET, "restart/after.txt")), StandardCharsets.UTF_8));
    }

    /** {@code engram.store.s3.max-attempts} as application.properties sets it for deployments. */
    static int deployedMaxAttempts() {
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            java.util.Properties properties = new java.util.Properties();
            properties.load(in);
            return Integer.parseInt(properties.getProperty("engram.store.s3.max-attempts").strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static EngramConfig.S3 settings(URI endpoint) {
        return new EngramConfig.S3() {
            @Override
            public Optional<URI> endpoint() {
                return Optional.of(endpoint);
            }

            @Override
            public boolean pathStyle() {
                return true;
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public Optional<String> accessKeyId() {
                return Optional.of(LocalS3.ACCESS_KEY);
            }

            @Override
            public Optional<String> secretAccessKey() {
                return Optional.of(LocalS3.SECRET_KEY);
            }

            @Override
            public long multipartThreshold() {
                return 5L << 20;
            }

            @Override
            public long partSize() {
                return 5L << 20;
            }

            @Override
            public int maxAttempts() {
                return deployedMaxAttempts();
            }
        };
    }
}
