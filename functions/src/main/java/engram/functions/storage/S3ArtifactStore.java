package engram.functions.storage;

import engram.functions.api.ArtifactRef;
import engram.functions.runtime.ArtifactNotFoundException;
import engram.functions.runtime.EngramConfig;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
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
 */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final long partSize;

    /**
     * @param s3                 the client; closed with this store
     * @param bucket             the bucket outputs go to
     * @param multipartThreshold files at least this large are uploaded in parts
     * @param partSize           bytes per part, at least 5 MiB (S3's minimum for all but the last part)
     */
    public S3ArtifactStore(S3Client s3, String bucket, long multipartThreshold, long partSize) {
        if (partSize < 5L << 20) {
            throw new IllegalArgumentException("partSize must be at least 5 MiB, got " + partSize);
        }
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
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
        return new S3ArtifactStore(builder.build(), bucket, settings.multipartThreshold(), settings.partSize());
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<StoredObject> stat(ArtifactRef ref) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(ref.bucket()).key(ref.key()));
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
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(prefix.bucket()).prefix(prefix.key())).contents()) {
                out.add(new StoredObject(o.key(), o.size(), o.eTag()));
            }
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
        try (ResponseInputStream<GetObjectResponse> in = get(ref)) {
            AtomicFiles.write(target, out -> {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    AtomicWrites.writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + ref.uri() + " to " + target, e);
        }
    }

    @Override
    public byte[] read(ArtifactRef ref) {
        try (InputStream in = get(ref)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref.uri(), e);
        }
    }

    @Override
    public ArtifactRef upload(String key, Path file) {
        try {
            long size = java.nio.file.Files.size(file);
            if (size >= multipartThreshold) {
                uploadInParts(key, file, size);
            } else {
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot upload " + file, e);
        }
        return ArtifactRef.of(bucket, key);
    }

    @Override
    public ArtifactRef put(String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        return ArtifactRef.of(bucket, key);
    }

    /** S3's conditional write: {@code If-None-Match: *} is answered 412 when the key exists. */
    @Override
    public boolean putIfAbsent(String key, byte[] content) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(content));
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
        s3.deleteObject(b -> b.bucket(ref.bucket()).key(ref.key()));
    }

    @Override
    public void close() {
        s3.close();
    }

    private ResponseInputStream<GetObjectResponse> get(ArtifactRef ref) {
        try {
            return s3.getObject(b -> b.bucket(ref.bucket()).key(ref.key()));
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
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
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
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                        RequestBody.fromByteBuffer(buffer)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }
}
