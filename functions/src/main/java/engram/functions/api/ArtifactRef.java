package engram.functions.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import engram.functions.errors.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * Where an artifact is: the only thing that travels between workflow states. Written either as an object
 * {@code {"bucket": "b", "key": "models/x/", "sha256": "..."}} or as the string {@code "s3://b/models/x/"}. A
 * key ending in {@code /} names a folder (a model checkpoint, an edit folder); any other key names one object.
 *
 * @param bucket the bucket; null means the deployment's bucket
 * @param key    the object key or folder prefix, relative (no leading {@code /}, no {@code ..} segment)
 * @param sha256 the expected SHA-256 ({@link engram.report.Hashes#sha256}) of the object or folder; null
 *               when not pinned. A mismatch is refused before the artifact is used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactRef(String bucket, String key, String sha256) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** The object form; normalises nothing and never throws (Jackson builds these). */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public ArtifactRef {
    }

    /**
     * The string form {@code s3://bucket/key}. A string that is not such a URI becomes a reference without a
     * bucket whose key is the whole string, so that {@link #validate} can name it.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ArtifactRef parse(String uri) {
        if (uri != null && uri.startsWith("s3://")) {
            String rest = uri.substring("s3://".length());
            int slash = rest.indexOf('/');
            return slash < 0 ? new ArtifactRef(rest, "", null)
                    : new ArtifactRef(rest.substring(0, slash), rest.substring(slash + 1), null);
        }
        return new ArtifactRef(null, uri, null);
    }

    /** An unpinned reference. */
    public static ArtifactRef of(String bucket, String key) {
        return new ArtifactRef(bucket, key, null);
    }

    /** The same reference pinned to {@code hash}. */
    public ArtifactRef withSha256(String hash) {
        return new ArtifactRef(bucket, key, hash);
    }

    /** The same reference in {@code defaultBucket} when it names none. */
    public ArtifactRef inBucket(String defaultBucket) {
        return bucket == null || bucket.isEmpty() ? new ArtifactRef(defaultBucket, key, sha256) : this;
    }

    /** Whether the key names a folder. */
    @JsonIgnore
    public boolean isFolder() {
        return key != null && key.endsWith("/");
    }

    /** {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + (bucket == null ? "" : bucket) + "/" + key;
    }

    /**
     * Checks the reference before anything is read: a well-formed bucket, a confined key, a well-formed hash.
     *
     * @param field names the reference in the error, e.g. {@code model}
     * @param runId keys under {@code runs/} must belong to this run
     * @throws InvalidRequestException naming {@code field} and the bad value
     */
    public ArtifactRef validate(String field, String runId) {
        if (bucket != null && !BUCKET.matcher(bucket).matches()) {
            throw new InvalidRequestException(field + ".bucket", bucket, "not a valid bucket name");
        }
        Keys.requireConfined(field + ".key", key, runId);
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw new InvalidRequestException(field + ".sha256", sha256, "must be 64 lower-case hex digits");
        }
        return this;
    }

    /** {@link #validate} that also requires a folder ({@code key} ending in {@code /}). */
    public ArtifactRef validateFolder(String field, String runId) {
        validate(field, runId);
        if (!isFolder()) {
            throw new InvalidRequestException(field + ".key", key, "must name a folder (end with '/')");
        }
        return this;
    }

    /** {@link #validate} that also requires a single object (a key not ending in {@code /}). */
    public ArtifactRef validateObject(String field, String runId) {
        validate(field, runId);
        if (isFolder()) {
            throw new InvalidRequestException(field + ".key", key, "must name an object, not a folder");
        }
        return this;
    }
}
