package engram.functions.api;

import engram.functions.errors.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * The key layout of the store and its rules. Outputs of operation {@code op} in run {@code r} go under
 * {@code runs/r/op/<request digest>/}: the same request always writes the same keys (a retry overwrites its
 * own output), and two different requests of one run never collide (a Map state calls {@code filter-shard}
 * once per shard with the same run id).
 */
public final class Keys {
    /** A run id: what Step Functions allows in an execution name, minus anything that is not key-safe. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final String RUNS = "runs/";

    private Keys() {}

    /** The folder of one request's outputs. */
    public static String outputPrefix(String runId, String operation, String requestDigest) {
        return RUNS + runId + "/" + operation + "/" + requestDigest + "/";
    }

    /**
     * Checks a run id.
     *
     * @throws InvalidRequestException naming {@code runId}
     */
    public static String requireRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches() || runId.contains("..")) {
            throw new InvalidRequestException("runId", runId,
                    "must be 1-80 characters of letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return runId;
    }

    /**
     * Checks that a key cannot escape its place: relative, no empty, {@code .} or {@code ..} segment, no
     * backslash or control character, and under {@code runs/} only inside this run.
     *
     * @throws InvalidRequestException naming {@code field}
     */
    public static String requireConfined(String field, String key, String runId) {
        requireRelative(field, key);
        if (key.startsWith(RUNS) && !key.startsWith(RUNS + runId + "/")) {
            throw new InvalidRequestException(field, key, "is under another run's prefix (this run is '" + runId + "')");
        }
        return key;
    }

    /**
     * Checks that a key (or a path below a folder key) stays where it is put: relative, no empty, {@code .} or
     * {@code ..} segment, no backslash or control character.
     *
     * @throws InvalidRequestException naming {@code field}
     */
    public static String requireRelative(String field, String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidRequestException(field, key, "is missing");
        }
        if (key.length() > 1024) {
            throw new InvalidRequestException(field, key, "is longer than 1024 characters");
        }
        if (key.startsWith("/")) {
            throw new InvalidRequestException(field, key, "must be relative (no leading '/')");
        }
        String body = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidRequestException(field, key, "must not contain empty, '.' or '..' segments");
            }
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidRequestException(field, key, "must not contain control characters or '\\'");
            }
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < key.length()
                        && Character.isLowSurrogate(key.charAt(i + 1));
                if (!pair) {
                    // S3 keys are UTF-8, and a lone surrogate has no UTF-8 form
                    throw new InvalidRequestException(field, key, "is not well-formed Unicode (a lone surrogate at " + i + ")");
                }
                i++;
            }
        }
        return key;
    }
}
