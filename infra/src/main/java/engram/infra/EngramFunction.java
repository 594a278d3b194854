package engram.infra;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The operations of the one functions artifact (the six of the library and two small planning steps of
 * the workflows), and where each runs in AWS: on Lambda (CPU) or as
 * an AWS Batch job on a GPU instance (Lambda has no GPU and stops at 15 minutes). Each operation
 * reads and writes only the bucket prefixes listed here; the IAM policies are built from these lists.
 *
 * <p>The list is not written here: it is the functions module's {@code engram.functions.FunctionRegistry}, committed
 * as the resource {@value #RESOURCE} (its {@code FunctionRegistryTest} regenerates and checks the file), so infra
 * deploys exactly the functions the artifact serves without depending on the functions module.
 *
 * <p>Bucket layout: {@code models/} base checkpoints, {@code datasets/} shards and knowledge sets
 * (both written by people or upload scripts, read-only to the functions), {@code runs/{runId}/} every
 * output of a run, {@code gpu-results/} the hand-over object of a GPU job to its state machine.
 *
 * @param exportName      the Funqy function name, i.e. the value of {@code quarkus.funqy.export}
 * @param compute         where it runs
 * @param lambdaMemoryMiB Lambda memory; CPU share grows with it (about one vCPU per 1769 MB), DJL wants at least
 *                        2-3 GB; 0 for a GPU job
 * @param readPrefixes    prefixes this operation may read (GetObject, ListBucket); its own outputs under runs/ included
 * @param deletePatterns  key patterns this operation may delete objects under: only {@code apply-edit}'s training
 *                        snapshots, which it deletes once a newer one is complete and all of them before it writes its
 *                        manifest. In the versioned bucket a delete only adds a delete marker; the old version expires
 *                        by lifecycle.
 */
public record EngramFunction(String exportName, Compute compute, int lambdaMemoryMiB, List<String> readPrefixes,
                             List<String> deletePatterns) {

    /** Where an operation runs. */
    public enum Compute { LAMBDA, GPU_BATCH }

    /** Every operation writes only under a run; a function never rewrites models or datasets. */
    public static final List<String> WRITE_PREFIXES = List.of("runs/");

    /** Where a GPU job leaves its result (or typed error) for the state machine to pick up. */
    public static final String GPU_RESULTS_PREFIX = "gpu-results/";

    /** The functions' registry, as the functions module writes it. */
    static final String RESOURCE = "functions.json";

    private static final List<EngramFunction> ALL = load();

    @JsonCreator
    public EngramFunction(@JsonProperty("name") String exportName, @JsonProperty("compute") Compute compute,
                          @JsonProperty("lambdaMemoryMiB") int lambdaMemoryMiB,
                          @JsonProperty("readPrefixes") List<String> readPrefixes,
                          @JsonProperty("deletePatterns") List<String> deletePatterns) {
        this.exportName = exportName;
        this.compute = compute;
        this.lambdaMemoryMiB = lambdaMemoryMiB;
        this.readPrefixes = List.copyOf(readPrefixes);
        this.deletePatterns = List.copyOf(deletePatterns);
    }

    /** Every operation, in the registry's order. */
    public static EngramFunction[] values() {
        return ALL.toArray(EngramFunction[]::new);
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

    private static List<EngramFunction> load() {
        try (InputStream in = EngramFunction.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("engram/infra/" + RESOURCE + " is not on the class path");
            }
            return List.of(new ObjectMapper().readValue(in, EngramFunction[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read engram/infra/" + RESOURCE, e);
        }
    }
}
