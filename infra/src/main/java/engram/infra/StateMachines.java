package engram.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * One Standard state machine per {@code *.asl.json} file: the file's text with its GPU steps turned
 * into Batch jobs ({@link GpuTaskRewriter}) and every {@code ${Name}} placeholder bound through
 * CloudFormation's DefinitionSubstitutions. A placeholder without a value fails the synth, naming
 * the file, rather than leaving a literal {@code ${...}} for Step Functions to reject at run time.
 */
final class StateMachines extends Construct {

    static final String SUFFIX = ".asl.json";

    private final Map<String, StateMachine> machines = new LinkedHashMap<>();

    StateMachines(Construct scope, String id, DeploymentSettings settings, IBucket bucket,
              CpuFunctions cpu, GpuJobs gpu) {
        super(scope, id);
        Map<String, String> substitutions = new LinkedHashMap<>();
        cpu.functions().forEach((operation, function) ->
                substitutions.put(operation.placeholder(), function.getFunctionArn()));
        gpu.jobDefinitions().forEach((operation, job) ->
                substitutions.put(GpuTaskRewriter.jobDefinitionPlaceholder(operation), job.getJobDefinitionArn()));
        substitutions.put(GpuTaskRewriter.JOB_QUEUE, gpu.queue().getJobQueueArn());
        substitutions.put(GpuTaskRewriter.BUCKET, bucket.getBucketName());

        if (!Files.isDirectory(settings.stateMachineDir())) {
            throw new IllegalArgumentException("stateMachineDir " + settings.stateMachineDir().toAbsolutePath()
                    + " is not a folder (relative paths start from the folder the app runs in, normally infra/)");
        }
        GpuTaskRewriter rewriter = new GpuTaskRewriter(
                Arrays.stream(EngramFunction.values()).filter(EngramFunction::onGpu).toList());
        for (Path file : definitionFiles(settings.stateMachineDir())) {
            String name = file.getFileName().toString().replace(SUFFIX, "");
            String definition = rewriter.rewrite(read(file), file.toString());
            Set<String> used = GpuTaskRewriter.placeholdersIn(definition);
            Set<String> unknown = new TreeSet<>(used);
            unknown.removeAll(substitutions.keySet());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(file + " uses placeholders that name nothing in the stack: "
                        + unknown + "; known: " + new TreeSet<>(substitutions.keySet()));
            }
            Map<String, String> bound = new LinkedHashMap<>();
            used.forEach(placeholder -> bound.put(placeholder, substitutions.get(placeholder)));
            machines.put(name, stateMachine(name, definition, bound, settings, cpu, gpu, bucket));
        }
    }

    /** The definition files, sorted by name; an absent folder means no state machine yet. */
    static List<Path> definitionFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot list " + folder, unreadable);
        }
    }

    Map<String, StateMachine> machines() {
        return machines;
    }

    private StateMachine stateMachine(String name, String definition, Map<String, String> substitutions,
                                      DeploymentSettings settings, CpuFunctions cpu, GpuJobs gpu, IBucket bucket) {
        String id = camel(name);
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description("engram " + name + " state machine")
                .build();
        cpu.functions().forEach((operation, function) -> {
            if (substitutions.containsKey(operation.placeholder())) {
                function.grantInvoke(role);
            }
        });
        boolean runsGpuJobs = substitutions.containsKey(GpuTaskRewriter.JOB_QUEUE);
        if (runsGpuJobs) {
            allowGpuJobs(role, substitutions, gpu, bucket);
        }
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .logGroupName("/aws/vendedlogs/states/engram-" + name)
                .retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        return StateMachine.Builder.create(this, id)
                .stateMachineName("engram-" + name)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(definition))
                .definitionSubstitutions(substitutions)
                .role(role)
                .logs(LogOptions.builder().destination(logs).level(LogLevel.ERROR).includeExecutionData(true).build())
                .tracingEnabled(true)
                .build();
    }

    /** Submit to the one queue with the named job definitions, follow the job (.sync), read the hand-over. */
    private static void allowGpuJobs(Role role, Map<String, String> substitutions, GpuJobs gpu, IBucket bucket) {
        Stack stack = Stack.of(role);
        List<String> resources = new java.util.ArrayList<>(List.of(gpu.queue().getJobQueueArn()));
        gpu.jobDefinitions().forEach((operation, job) -> {
            if (substitutions.containsKey(GpuTaskRewriter.jobDefinitionPlaceholder(operation))) {
                resources.add(job.getJobDefinitionArn());
            }
        });
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("SubmitGpuJobs").actions(List.of("batch:SubmitJob")).resources(resources).build());
        // Job ids exist only at run time, and DescribeJobs has no resource-level permissions.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("FollowGpuJobs").actions(List.of("batch:DescribeJobs", "batch:TerminateJob"))
                .resources(List.of("*")).build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("BatchSyncRule").actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(stack.formatArn(software.amazon.awscdk.ArnComponents.builder()
                        .service("events").resource("rule").resourceName("StepFunctionsGetEventsForBatchJobsRule")
                        .build())))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadGpuResults").actions(List.of("s3:GetObject"))
                .resources(List.of(bucket.arnForObjects(EngramFunction.GPU_RESULTS_PREFIX + "*"))).build());
    }

    /** {@code on-demand-edit} becomes {@code OnDemandEdit}, for construct ids. */
    static String camel(String name) {
        StringBuilder id = new StringBuilder();
        for (String word : name.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + file, unreadable);
        }
    }
}
