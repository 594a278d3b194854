package engram.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.AggregateShardsRequest;
import engram.functions.api.ApplyEditRequest;
import engram.functions.api.DecompressRequest;
import engram.functions.api.FilterShardRequest;
import engram.functions.api.Keys;
import engram.functions.api.PlanRunRequest;
import engram.functions.api.Requests;
import engram.functions.api.RunEvalRequest;
import engram.functions.api.ScoreKnowledgeRequest;
import engram.functions.api.UnlearnRequest;
import io.quarkus.funqy.Funq;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The functions of this artifact: the one list that every way of calling them reads. The HTTP binding serves each
 * at {@code POST /<name>} (funqy-http finds them by the same {@link Funq} annotations, and the edit API's routes
 * must not hide one); the embedded runner ({@code engram.functions.workflow.InProcessFunctions}) calls them by name;
 * the Lambda binding checks that its {@code quarkus.funqy.export} is one of them; and infra deploys them from
 * {@link #deploymentJson()}, which is committed as {@code infra/src/main/resources/engram/infra/functions.json}
 * ({@code FunctionRegistryTest} keeps the file equal to this list).
 *
 * <p>A function's name is its {@link Funq} annotation's value, read here, never written twice.
 */
public final class FunctionRegistry {

    /** Where a function runs on AWS: Lambda (CPU, 15 minutes at most) or an AWS Batch job on a GPU instance. */
    public enum Compute { LAMBDA, GPU_BATCH }

    /**
     * One function.
     *
     * @param name            its name ({@link Funq#value()}): {@code POST /<name>}, {@code quarkus.funqy.export},
     *                        the ASL Task's function, its output folder {@code runs/<runId>/<name>/} and its price
     *                        key {@code engram.prices.<name>}
     * @param type            the class that serves it (a CDI bean, {@code @Dependent} by Funqy's rule)
     * @param method          its one {@link Funq} method, which takes the request body as JSON
     * @param requestType     the record the method reads the body into ({@link Requests#read})
     * @param compute         where it runs on AWS
     * @param lambdaMemoryMiB Lambda memory of a {@link Compute#LAMBDA} function (CPU share grows with it, about one
     *                        vCPU per 1769 MB; DJL wants at least 2-3 GB); 0 for a GPU job
     * @param readPrefixes    store prefixes it reads (IAM {@code GetObject}, {@code ListBucket}); its own outputs under
     *                        {@code runs/} included
     * @param deletePatterns  key patterns it may delete under (only apply-edit's training snapshots)
     */
    public record Entry(String name, Class<?> type, Method method, Class<?> requestType, Compute compute,
                        int lambdaMemoryMiB, List<String> readPrefixes, List<String> deletePatterns) {

        /** The key of its price in {@code engram.prices}: its name (a function without a price costs nothing). */
        public String priceKey() {
            return name;
        }

        /** The record it answers. */
        public Class<?> resultType() {
            return method.getReturnType();
        }

        /** Calls it on {@code function} (an instance of {@link #type}); what it throws propagates unwrapped. */
        public Object invoke(Object function, JsonNode body) {
            try {
                return method.invoke(function, body);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException thrown) {
                    throw thrown;
                }
                if (e.getCause() instanceof Error thrown) {
                    throw thrown;
                }
                throw new IllegalStateException(name + " threw a checked exception", e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(method + " must be public", e);
            }
        }

        Entry deleting(String pattern) {
            return new Entry(name, type, method, requestType, compute, lambdaMemoryMiB, readPrefixes, List.of(pattern));
        }
    }

    /** What infra deploys of one function: {@link Entry} without the classes. */
    public record Deployment(String name, Compute compute, int lambdaMemoryMiB, List<String> readPrefixes,
                             List<String> deletePatterns) {}

    private static final String MODELS = Keys.MODELS;
    private static final String DATASETS = Keys.DATASETS;
    private static final String RUNS = Keys.RUNS;

    /** Every function, in the order infra deploys them. */
    private static final List<Entry> ALL = List.of(
            lambda(FilterShardFunction.class, FilterShardRequest.class, 3008, MODELS, DATASETS),
            lambda(ScoreKnowledgeFunction.class, ScoreKnowledgeRequest.class, 4096, MODELS, DATASETS, RUNS),
            lambda(RunEvalFunction.class, RunEvalRequest.class, 4096, MODELS, DATASETS, RUNS),
            lambda(DecompressFunction.class, DecompressRequest.class, 4096, MODELS, DATASETS, RUNS),
            lambda(PlanRunFunction.class, PlanRunRequest.class, 3008, MODELS, DATASETS, RUNS),
            lambda(AggregateShardsFunction.class, AggregateShardsRequest.class, 3008, DATASETS, RUNS),
            gpu(ApplyEditFunction.class, ApplyEditRequest.class, MODELS, DATASETS, RUNS)
                    .deleting(Keys.checkpointPattern("apply-edit")),
            gpu(UnlearnFunction.class, UnlearnRequest.class, MODELS, DATASETS, RUNS));

    private FunctionRegistry() {}

    /** Every function. */
    public static List<Entry> all() {
        return ALL;
    }

    /** Every function's name. */
    public static List<String> names() {
        return ALL.stream().map(Entry::name).toList();
    }

    /** The function called {@code name}, if there is one. */
    public static Optional<Entry> named(String name) {
        return ALL.stream().filter(entry -> entry.name().equals(name)).findFirst();
    }

    /** What infra deploys, as the JSON of {@code infra/src/main/resources/engram/infra/functions.json}. */
    public static String deploymentJson() {
        List<Deployment> deployments = ALL.stream().map(e -> new Deployment(e.name(), e.compute(), e.lambdaMemoryMiB(),
                e.readPrefixes(), e.deletePatterns())).toList();
        try {
            return Requests.json().writerWithDefaultPrettyPrinter().writeValueAsString(deployments) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the deployment records must serialise", e);
        }
    }

    private static Entry lambda(Class<?> type, Class<?> request, int memoryMiB, String... reads) {
        Method method = funqMethod(type);
        return new Entry(name(method), type, method, request, Compute.LAMBDA, memoryMiB, List.of(reads), List.of());
    }

    private static Entry gpu(Class<?> type, Class<?> request, String... reads) {
        Method method = funqMethod(type);
        return new Entry(name(method), type, method, request, Compute.GPU_BATCH, 0, List.of(reads), List.of());
    }

    private static Method funqMethod(Class<?> type) {
        List<Method> funq = Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(Funq.class)).toList();
        if (funq.size() != 1) {
            throw new IllegalStateException(type.getName() + " must have exactly one @Funq method, has " + funq);
        }
        return funq.get(0);
    }

    private static String name(Method method) {
        String value = method.getAnnotation(Funq.class).value();
        return value.isEmpty() ? method.getName() : value;
    }
}
