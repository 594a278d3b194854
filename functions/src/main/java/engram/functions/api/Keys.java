package engram.functions.api;

import engram.functions.errors.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * The key layout of the store, built here and nowhere else, and its rules.
 *
 * <pre>
 * models/{name}/                          model checkpoints (uploaded by people, or by the CLI from a local folder)
 * adapters/{name}/                        edit folders the CLI uploaded from a local folder (the prefix keeps its
 *                                         old name: an "adapter" in requests is an edit folder)
 * datasets/...                            datasets (uploaded by people; the CLI's demos under datasets/world-demo/)
 * runs/{runId}/{operation}/{digest}/      the outputs of one request ({@link #outputPrefix})
 *   .../checkpoint/{binding}/step-NNNNNN/ apply-edit's training snapshots ({@link #checkpointStep})
 * runs/{runId}/input/{file}               a local dataset the CLI put into the run
 * runs/{runId}/request/edits.jsonl        the facts of an on-demand edit request
 * </pre>
 *
 * Outputs of operation {@code op} in run {@code r} go under {@code runs/r/op/<request digest>/}: the same request
 * always writes the same keys (a retry overwrites its own output), and two different requests of one run never
 * collide (a Map state calls {@code filter-shard} once per shard with the same run id).
 */
public final class Keys {
    /** Model checkpoints. */
    public static final String MODELS = "models/";
    /** Datasets. */
    public static final String DATASETS = "datasets/";
    /** Everything a run writes. */
    public static final String RUNS = "runs/";
    /** Edit folders uploaded from this machine (see the class comment for the name). */
    public static final String UPLOADED_EDITS = "adapters/";
    /** The folder, below a request's output folder, that holds its training snapshots. */
    public static final String CHECKPOINTS = "checkpoint/";
    /** The datasets the CLI's demos build from the embedded world. */
    private static final String WORLD_DEMO = DATASETS + "world-demo/";
    private static final String STEP = "step-";

    /** A run id: what Step Functions allows in an execution name, minus anything that is not key-safe. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    private Keys() {}

    /** The folder of one request's outputs. */
    public static String outputPrefix(String runId, String operation, String requestDigest) {
        return RUNS + runId + "/" + operation + "/" + requestDigest + "/";
    }

    /** The folder {@code name} inside the folder {@code parent} (a key ending in {@code /}). */
    public static String folder(String parent, String name) {
        return parent + name + "/";
    }

    /** The snapshots of one training binding, below a request's output folder. */
    public static String checkpoints(String outputPrefix, String binding) {
        return folder(outputPrefix + CHECKPOINTS, binding);
    }

    /** The snapshot of optimiser step {@code step} among {@code checkpoints}. */
    public static String checkpointStep(String checkpoints, int step) {
        return checkpoints + STEP + "%06d/".formatted(step);
    }

    /** The step of a snapshot folder that {@link #checkpointStep} built under {@code checkpoints}. */
    public static int stepOf(String checkpoints, String stepFolder) {
        return Integer.parseInt(stepFolder.substring(checkpoints.length() + STEP.length(), stepFolder.length() - 1));
    }

    /** Every training snapshot of {@code operation} in any run, as an IAM key pattern ({@code *} for any segment). */
    public static String checkpointPattern(String operation) {
        return outputPrefix("*", operation, "*") + CHECKPOINTS;
    }

    /** A model folder uploaded from a local folder named {@code name}. */
    public static String uploadedModel(String name) {
        return folder(MODELS, name);
    }

    /** An edit folder uploaded from a local folder named {@code name}. */
    public static String uploadedEditFolder(String name) {
        return folder(UPLOADED_EDITS, name);
    }

    /** A local dataset file named {@code fileName} put into run {@code runId}. */
    public static String runInput(String runId, String fileName) {
        return RUNS + runId + "/input/" + fileName;
    }

    /** The facts of on-demand edit request {@code runId}, as a dataset. */
    public static String requestEdits(String runId) {
        return RUNS + runId + "/request/edits.jsonl";
    }

    /** Shard {@code shard} of the demo's {@code edits} counterfactual edits of the embedded world. */
    public static String worldDemoShard(int edits, int shard) {
        return WORLD_DEMO + edits + "/shard-" + shard + ".jsonl";
    }

    /** The edits every configuration of the demo experiment learns. */
    public static String worldDemoExperiment() {
        return WORLD_DEMO + "experiment.jsonl";
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
