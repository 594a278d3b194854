package engram.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DockerImageCode;
import software.amazon.awscdk.services.lambda.DockerImageFunction;
import software.amazon.awscdk.services.lambda.EcrImageCodeProps;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * One Lambda per CPU operation, all from the one functions artifact; {@code QUARKUS_FUNQY_EXPORT}
 * picks the operation. Two packagings (infra/README.md compares them):
 * <ul>
 *   <li>zip ({@code function.zip}, ~158 MB, uploaded through the CDK asset bucket): DJL unpacks ~450 MB
 *       of libtorch into {@code DJL_CACHE_DIR} under /tmp at every cold start;</li>
 *   <li>container image (infra/docker/lambda.Dockerfile): libtorch is unpacked into the image at build
 *       time ({@code ENGINE_CACHE_DIR}, read-only), so a cold start loads it without copying.</li>
 * </ul>
 */
final class CpuFunctions extends Construct {

    static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    /** Model checkpoints (ModelCache) and, for the zip, the ~450 MB of libtorch: both live here. */
    static final int EPHEMERAL_STORAGE_MIB = 3072;
    /** Lambda refuses SnapStart with more ephemeral storage than this (and for container images). */
    static final int SNAPSTART_MAX_EPHEMERAL_MIB = 512;
    static final Duration TIMEOUT = Duration.minutes(15);

    private final Map<EngramFunction, IFunction> functions = new LinkedHashMap<>();
    private final Map<EngramFunction, LogGroup> logGroups = new LinkedHashMap<>();

    CpuFunctions(Construct scope, String id, DeploymentSettings settings, IBucket bucket) {
        super(scope, id);
        for (EngramFunction operation : EngramFunction.values()) {
            if (operation.onGpu()) {
                continue;
            }
            LogGroup logs = LogGroup.Builder.create(this, operation.logicalName() + "Logs")
                    .logGroupName("/aws/lambda/engram-" + operation.exportName())
                    .retention(settings.logRetention())
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            Function function = settings.functionImage().isPresent()
                    ? imageFunction(operation, settings, bucket, logs)
                    : zipFunction(operation, settings, bucket, logs);
            BucketAccess.grant(function, bucket, operation.readPrefixes(), EngramFunction.WRITE_PREFIXES);
            BucketAccess.grantDelete(function, bucket, operation.deletePatterns());
            functions.put(operation, function);
            logGroups.put(operation, logs);
        }
    }

    /** Whether SnapStart may be switched on: zip packaging only, and only with small ephemeral storage. */
    static boolean snapStartApplies(boolean containerImage, int ephemeralStorageMiB) {
        return !containerImage && ephemeralStorageMiB <= SNAPSTART_MAX_EPHEMERAL_MIB;
    }

    Map<EngramFunction, IFunction> functions() {
        return functions;
    }

    Map<EngramFunction, LogGroup> logGroups() {
        return logGroups;
    }

    private Function zipFunction(EngramFunction operation, DeploymentSettings settings, IBucket bucket, LogGroup logs) {
        Function.Builder function = Function.Builder.create(this, operation.logicalName())
                .functionName("engram-" + operation.exportName())
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.X86_64)
                .handler(FUNQY_HANDLER)
                .code(Code.fromAsset(settings.functionsZip().toString()))
                .memorySize(operation.lambdaMemoryMiB())
                .ephemeralStorageSize(Size.mebibytes(EPHEMERAL_STORAGE_MIB))
                .timeout(TIMEOUT)
                .environment(environment(operation, bucket))
                .logGroup(logs);
        if (snapStartApplies(false, EPHEMERAL_STORAGE_MIB)) {
            function.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
        }
        return function.build();
    }

    private Function imageFunction(EngramFunction operation, DeploymentSettings settings, IBucket bucket, LogGroup logs) {
        DeploymentSettings.ImageRef image = settings.functionImage().orElseThrow();
        return DockerImageFunction.Builder.create(this, operation.logicalName())
                .functionName("engram-" + operation.exportName())
                .architecture(Architecture.X86_64)
                .code(DockerImageCode.fromEcr(
                        Repository.fromRepositoryName(this, operation.logicalName() + "Image", image.repository()),
                        EcrImageCodeProps.builder().tagOrDigest(image.tag()).build()))
                .memorySize(operation.lambdaMemoryMiB())
                .ephemeralStorageSize(Size.mebibytes(EPHEMERAL_STORAGE_MIB))
                .timeout(TIMEOUT)
                .environment(environment(operation, bucket))
                .logGroup(logs)
                .build();
    }

    private static Map<String, String> environment(EngramFunction operation, IBucket bucket) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_FUNQY_EXPORT", operation.exportName());
        environment.put("QUARKUS_PROFILE", "lambda");
        environment.put("ENGRAM_BUCKET", bucket.getBucketName());
        environment.put("ENGRAM_CACHE_DIR", "/tmp/engram");
        environment.put("DJL_OFFLINE", "true");
        // Everything DJL writes goes under /tmp, the only writable folder on Lambda. With the zip this
        // includes libtorch itself; the image sets ENGINE_CACHE_DIR to its pre-extracted, read-only copy.
        environment.put("DJL_CACHE_DIR", "/tmp/djl-cache");
        // C2 buys little for a process whose hot loops are in libtorch, and costs cold-start time.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        return environment;
    }
}
