package engram.infra;

import java.util.List;

/**
 * The operations of the one functions artifact (the six of the library and two small planning steps of
 * the workflows), and where each runs in AWS: on Lambda (CPU) or as
 * an AWS Batch job on a GPU instance (Lambda has no GPU and stops at 15 minutes). Each operation
 * reads and writes only the bucket prefixes listed here; the IAM policies are built from these lists.
 *
 * <p>Bucket layout: {@code models/} base checkpoints, {@code datasets/} shards and knowledge sets
 * (both written by people or upload scripts, read-only to the functions), {@code runs/{runId}/} every
 * output of a run, {@code gpu-results/} the hand-over object of a GPU job to its state machine.
 */
public enum EngramFunction {
    FILTER_SHARD("filter-shard", Compute.LAMBDA, List.of("models/", "datasets/"), 3008),
    SCORE_KNOWLEDGE("score-knowledge", Compute.LAMBDA, List.of("models/", "datasets/", "runs/"), 4096),
    RUN_EVAL("run-eval", Compute.LAMBDA, List.of("models/", "datasets/", "runs/"), 4096),
    DECOMPRESS("decompress", Compute.LAMBDA, List.of("models/", "datasets/", "runs/"), 4096),
    PLAN_RUN("plan-run", Compute.LAMBDA, List.of("models/", "datasets/", "runs/"), 3008),
    AGGREGATE_SHARDS("aggregate-shards", Compute.LAMBDA, List.of("datasets/", "runs/"), 3008),
    APPLY_EDIT("apply-edit", Compute.GPU_BATCH, List.of("models/", "datasets/", "runs/"), 0),
    UNLEARN("unlearn", Compute.GPU_BATCH, List.of("models/", "datasets/", "runs/"), 0);

    /** Where an operation runs. */
    public enum Compute { LAMBDA, GPU_BATCH }

    /** Every operation writes only under a run; a function never rewrites models or datasets. */
    public static final List<String> WRITE_PREFIXES = List.of("runs/");

    /** Where a GPU job leaves its result (or typed error) for the state machine to pick up. */
    public static final String GPU_RESULTS_PREFIX = "gpu-results/";

    private final String exportName;
    private final Compute compute;
    private final List<String> readPrefixes;
    private final int lambdaMemoryMiB;

    EngramFunction(String exportName, Compute compute, List<String> readPrefixes, int lambdaMemoryMiB) {
        this.exportName = exportName;
        this.compute = compute;
        this.readPrefixes = readPrefixes;
        this.lambdaMemoryMiB = lambdaMemoryMiB;
    }

    /** The Funqy function name, i.e. the value of {@code quarkus.funqy.export}. */
    public String exportName() {
        return exportName;
    }

    public Compute compute() {
        return compute;
    }

    /** Prefixes this operation may read (GetObject, ListBucket); its own outputs under runs/ included. */
    public List<String> readPrefixes() {
        return readPrefixes;
    }

    /**
     * Key patterns this operation may delete objects under: only {@code apply-edit}'s training snapshots, which it
     * deletes once a newer one is complete and all of them before it writes its manifest. In the versioned bucket a
     * delete only adds a delete marker; the old version expires by lifecycle.
     */
    public List<String> deletePatterns() {
        return this == APPLY_EDIT ? List.of("runs/*/apply-edit/*/checkpoint/") : List.of();
    }

    /** Lambda memory; CPU share grows with it (about one vCPU per 1769 MB), DJL wants at least 2-3 GB. */
    public int lambdaMemoryMiB() {
        return lambdaMemoryMiB;
    }

    /**
     * The ASL placeholder that names this operation, e.g. {@code ScoreKnowledgeFunction} for
     * {@code "FunctionName": "${ScoreKnowledgeFunction}"}; CloudFormation replaces it with the ARN.
     */
    public String placeholder() {
        StringBuilder name = new StringBuilder();
        for (String word : exportName.split("-")) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.append("Function").toString();
    }

    /** A CloudFormation-friendly id, e.g. {@code ScoreKnowledge}. */
    public String logicalName() {
        return placeholder().substring(0, placeholder().length() - "Function".length());
    }

    public boolean onGpu() {
        return compute == Compute.GPU_BATCH;
    }
}
