package engram.functions;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server on 127.0.0.1 for tests: S3Proxy 4.1.0 with a filesystem backend, checking SigV4
 * signatures. Its self-contained jar ({@code target/test-tools/s3proxy.jar}, copied by the build) runs in its own
 * class loader, because it bundles a newer AWS SDK and Jackson than ours.
 */
public final class LocalS3 implements AutoCloseable {
    /** Credentials the server accepts. */
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final URLClassLoader loader;
    private final Object proxy;
    private final URI endpoint;
    private final Path data;

    private LocalS3(URLClassLoader loader, Object proxy, URI endpoint, Path data) {
        this.loader = loader;
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.data = data;
    }

    /** Starts a server on an ephemeral port over a fresh data folder under {@code target/}. */
    public static LocalS3 start() {
        try {
            Files.createDirectories(Path.of("target"));
            return start(0, Files.createTempDirectory(Path.of("target").toAbsolutePath(), "s3proxy-data"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no data folder for S3Proxy", e);
        }
    }

    /**
     * Stops this server and starts a new one on the same port over the same data, as a restarted S3 server: the
     * objects are still there, and connections made before the stop are gone.
     */
    public LocalS3 restart() {
        close();
        return start(endpoint.getPort(), data);
    }

    /** After {@link #close()}: a new server on the same port over the same data. */
    public LocalS3 startAgain() {
        return start(endpoint.getPort(), data);
    }

    /** Starts a server on {@code port} (0: an ephemeral one) over the objects in {@code data}. */
    public static LocalS3 start(int port, Path data) {
        try {
            Path jar = Path.of("target", "test-tools", "s3proxy.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("S3Proxy jar missing: " + jar + " (the build copies it in generate-test-resources)");
            }
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", ACCESS_KEY);
            p.setProperty("s3proxy.credential", SECRET_KEY);
            p.setProperty("s3proxy.ignore-unknown-headers", "true");
            p.setProperty("jclouds.provider", "filesystem-nio2");
            p.setProperty("jclouds.filesystem.basedir", data.toString());
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                Object store = loader.loadClass("org.gaul.s3proxy.BlobStores")
                        .getMethod("create", String.class, Properties.class).invoke(null, "filesystem-nio2", p);
                Class<?> builderType = loader.loadClass("org.gaul.s3proxy.S3Proxy$Builder");
                Object builder = builderType.getMethod("fromProperties", Properties.class).invoke(null, p);
                builderType.getMethod("blobStore", loader.loadClass("org.gaul.s3proxy.blobstore.BlobStore"))
                        .invoke(builder, store);
                builderType.getMethod("ignoreUnknownHeaders", boolean.class).invoke(builder, true);
                Object proxy = builderType.getMethod("build").invoke(builder);
                proxy.getClass().getMethod("start").invoke(proxy);
                for (int i = 0; i < 200 && !"STARTED".equals(String.valueOf(proxy.getClass().getMethod("getState").invoke(proxy))); i++) {
                    Thread.sleep(25);
                }
                int actual = (int) proxy.getClass().getMethod("getPort").invoke(proxy);
                return new LocalS3(loader, proxy, URI.create("http://127.0.0.1:" + actual), data);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return endpoint;
    }

    /** A client of this server (path-style, static credentials). */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates {@code bucket}. */
    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() {
        try {
            proxy.getClass().getMethod("stop").invoke(proxy);
            loader.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy", e);
        }
    }
}
