package engram.functions.storage;

import engram.functions.api.ArtifactRef;
import engram.functions.config.EngramConfig;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.StorageUnavailableException;
import engram.model.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in S3 (or any S3-compatible server), through the AWS SDK v2's synchronous client with its standard
 * retries. Files at least {@code multipartThreshold} bytes long go up as a multipart upload of
 * {@code partSize} parts, aborted on failure so no half-object ever becomes visible. Downloads are one
 * streaming GET per object (S3-compatible servers do not all serve GET by part number).
 *
 * <p>Outages. The SDK retries every call that failed to connect or was answered 5xx, 429 or SlowDown, with its
 * standard back-off, up to {@code maxAttempts} attempts; a download whose body is cut off mid-way (which the SDK
 * does not retry) is started again as often. What still fails is a {@link StorageUnavailableException} naming the
 * call, never a half-written object: a PUT is whole or absent, and a download goes to a hidden file first.
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;
    private final int maxAttempts;

    /**
     * @param s3                 the client; closed with this store
     * @param bucket             the bucket outputs go to
     * @param multipartThreshold files at least this large are uploaded in parts
     * @param partSize           bytes per part, at least 5 MiB (S3's minimum for all but the last part)
     * @param maxAttempts        attempts of a download whose body is cut off (the client's own calls retry as the
     *                           client is configured)
     */
    public S3ArtifactStore(S3Client s3, String bucket, long multipartThreshold, long partSize, int maxAttempts) {
        if (partSize < 5L << 20) {
            throw new IllegalArgumentException("partSize must be at least 5 MiB, got " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /** A store whose client follows the deployment's settings. */
    public static S3ArtifactStore create(EngramConfig.S3 settings, String bucket) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .httpClient(UrlConnectionHttpClient.builder().build())
                .forcePathStyle(settings.pathStyle())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(settings.maxAttempts())));
        settings.endpoint().ifPresent(builder::endpointOverride);
        if (settings.accessKeyId().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    settings.accessKeyId().get(), settings.secretAccessKey().orElse(""))));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return new S3ArtifactStore(builder.build(), bucket, settings.multipartThreshold(), settings.partSize(),
                settings.maxAttempts());
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<StoredObject> stat(ArtifactRef ref) {
        try {
            HeadObjectResponse head = call("HEAD " + ref.uri(), () -> s3.headObject(b -> b.bucket(ref.bucket()).key(ref.key())));
            return Optional.of(new StoredObject(ref.key(), head.contentLength(), head.eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<StoredObject> list(ArtifactRef prefix) {
        List<StoredObject> out = new ArrayList<>();
        try {
            call("LIST " + prefix.uri(), () -> {
                for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key())).contents()) {
                    out.add(new StoredObject(o.key(), o.size(), o.eTag()));
                }
                return out;
            });
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return List.of(); // no such bucket: nothing under the prefix
            }
            throw e;
        }
        return out;
    }

    @Override
    public void download(ArtifactRef ref, Path target) {
        streamed("GET " + ref.uri(), () -> {
            try (ResponseInputStream<GetObjectResponse> in = get(ref)) {
                AtomicFiles.write(target, out -> {
                    byte[] buffer = new byte[1 << 16];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        AtomicWrites.writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                    }
                });
            }
            return target;
        });
    }

    @Override
    public byte[] read(ArtifactRef ref) {
        return streamed("GET " + ref.uri(), () -> {
            try (InputStream in = get(ref)) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public ArtifactRef upload(String key, Path file) {
        try {
            long size = java.nio.file.Files.size(file);
            if (size >= multipartThreshold) {
                uploadInParts(key, file, size);
            } else {
                call("PUT " + ArtifactRef.of(bucket, key).uri(),
                        () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + file, e);
        }
        return ArtifactRef.of(bucket, key);
    }

    @Override
    public ArtifactRef put(String key, byte[] content) {
        call("PUT " + ArtifactRef.of(bucket, key).uri(), () -> s3.putObject(b -> b.bucket(bucket).key(key),
                RequestBody.fromBytes(content)));
        return ArtifactRef.of(bucket, key);
    }

    /** S3's conditional write: {@code If-None-Match: *} is answered 412 when the key exists. */
    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        try {
            call("PUT (if absent) " + ArtifactRef.of(bucket, key).uri(), () -> s3.putObject(
                    b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(content)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(ArtifactRef ref) {
        call("DELETE " + ref.uri(), () -> s3.deleteObject(b -> b.bucket(ref.bucket()).key(ref.key())));
    }

    @Override
    public void close() {
        s3.close();
    }

    private ResponseInputStream<GetObjectResponse> get(ArtifactRef ref) {
        try {
            return call("GET " + ref.uri(), () -> s3.getObject(b -> b.bucket(ref.bucket()).key(ref.key())));
        } catch (NoSuchKeyException e) {
            throw new ArtifactNotFoundException(null, ref.uri());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ArtifactNotFoundException(null, ref.uri());
            }
            throw e;
        }
    }

    /** The object appears only when the last call completes; any failure aborts the upload. */
    private void uploadInParts(String key, Path file, long size) throws IOException {
        String what = "multipart PUT " + ArtifactRef.of(bucket, key).uri();
        String uploadId = call(what, () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key))).uploadId();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteBuffer buffer = ByteBuffer.allocate((int) partSize);
            for (int number = 1; (long) (number - 1) * partSize < size; number++) {
                buffer.clear();
                while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                    // fill the part
                }
                buffer.flip();
                int partNumber = number;
                String etag = call(what, () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(partNumber), RequestBody.fromByteBuffer(buffer))).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            try {
                call(what, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))));
            } catch (S3Exception e) {
                // a completion made again after its answer was lost finds no upload: the object is there already
                if (e.statusCode() != 404 || stat(ArtifactRef.of(bucket, key)).map(StoredObject::size).orElse(-1L) != size) {
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /**
     * Runs one client call; an outage that the client's retries did not ride out becomes a typed error.
     *
     * <p>The URL-connection client reports an I/O failure while it opens a request's streams (a connection reset
     * while a PUT waits for {@code 100 Continue}, a keep-alive connection to a restarted server) as an
     * {@link UncheckedIOException}, which the SDK's retry stage never sees (aws/aws-sdk-java-v2 pull request 7347
     * changes that after the version pinned here). Every call made here is idempotent (a PUT of the same bytes
     * to the same key; a conditional PUT that did land answers 412 the second time), so such a call is made again,
     * up to {@code maxAttempts} times with a growing pause.
     */
    private <T> T call(String operation, Supplier<T> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (UncheckedIOException e) {
                if (attempt >= maxAttempts) {
                    throw new StorageUnavailableException(operation, e);
                }
                pause(operation, attempt, e);
            } catch (S3Exception e) {
                if (e.statusCode() >= 500 || e.statusCode() == 429 || e.isThrottlingException()) {
                    throw new StorageUnavailableException(operation, e);
                }
                throw e;
            } catch (SdkClientException e) {
                throw new StorageUnavailableException(operation, e);
            }
        }
    }

    private static void pause(String operation, int attempt, Exception failure) {
        try {
            Thread.sleep(100L << Math.min(attempt, 6));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException(operation, failure);
        }
    }

    /** A read whose body may be cut off mid-way; the whole read is started again, with a growing pause. */
    private <T> T streamed(String operation, BodyRead<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.run();
            } catch (IOException | SdkClientException e) {
                if (attempt >= maxAttempts) {
                    throw new StorageUnavailableException(operation, e);
                }
                pause(operation, attempt, e);
            }
        }
    }

    /** Reads one object's body. */
    @FunctionalInterface
    private interface BodyRead<T> {
        T run() throws IOException;
    }
}
