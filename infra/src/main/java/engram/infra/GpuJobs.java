package engram.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.batch.Action;
import software.amazon.awscdk.services.batch.EcsEc2ContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.batch.EcsMachineImage;
import software.amazon.awscdk.services.batch.EcsMachineImageType;
import software.amazon.awscdk.services.batch.JobQueue;
import software.amazon.awscdk.services.batch.ManagedEc2EcsComputeEnvironment;
import software.amazon.awscdk.services.batch.OrderedComputeEnvironment;
import software.amazon.awscdk.services.batch.Reason;
import software.amazon.awscdk.services.batch.RetryStrategy;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The GPU side: a managed EC2 compute environment of GPU instances that scales to zero when no job
 * waits, one job queue, and one job definition per GPU operation, each running the GPU image
 * (infra/docker/gpu.Dockerfile) with {@code ENGRAM_FUNCTION} naming the operation. The state machine
 * passes the request and the result key per job ({@link GpuTaskRewriter}).
 *
 * <p>Network: a VPC with public subnets only and an S3 gateway endpoint; no NAT gateway, whose
 * hourly price would be the stack's largest idle cost. Instances get a public address for ECR and
 * CloudWatch Logs, and their security group allows no inbound traffic.
 */
final class GpuJobs extends Construct {

    static final int VCPUS_PER_JOB = 4;
    /** A g5.xlarge has 16 GiB; the ECS agent and the OS keep the rest. */
    static final Size MEMORY_PER_JOB = Size.mebibytes(14_336);
    static final Duration JOB_TIMEOUT = Duration.hours(4);

    private final JobQueue queue;
    private final LogGroup logs;
    private final Map<EngramFunction, EcsJobDefinition> jobDefinitions = new LinkedHashMap<>();

    GpuJobs(Construct scope, String id, DeploymentSettings settings, IBucket bucket) {
        super(scope, id);
        Vpc vpc = Vpc.Builder.create(this, "Network")
                .maxAzs(2)
                .natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder()
                        .name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build()))
                .gatewayEndpoints(Map.of("S3", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3).build()))
                .build();

        ManagedEc2EcsComputeEnvironment gpuInstances = ManagedEc2EcsComputeEnvironment.Builder.create(this, "GpuInstances")
                .vpc(vpc)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .instanceTypes(settings.gpuInstanceTypes().stream().map(InstanceType::new).toList())
                .useOptimalInstanceClasses(false)
                .images(List.of(EcsMachineImage.builder().imageType(EcsMachineImageType.ECS_AL2023_NVIDIA).build()))
                .minvCpus(0)
                .maxvCpus(settings.gpuMaxVcpus())
                .build();
        queue = JobQueue.Builder.create(this, "Queue")
                .jobQueueName("engram-gpu")
                .computeEnvironments(List.of(OrderedComputeEnvironment.builder()
                        .computeEnvironment(gpuInstances).order(1).build()))
                .build();

        logs = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/batch/engram-gpu")
                .retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        ContainerImage image = ContainerImage.fromEcrRepository(
                Repository.fromRepositoryName(this, "Image", settings.gpuImage().repository()), settings.gpuImage().tag());
        for (EngramFunction operation : EngramFunction.values()) {
            if (operation.onGpu()) {
                jobDefinitions.put(operation, jobDefinition(operation, image, bucket));
            }
        }
    }

    private EcsJobDefinition jobDefinition(EngramFunction operation, ContainerImage image, IBucket bucket) {
        Role jobRole = Role.Builder.create(this, operation.logicalName() + "JobRole")
                .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
                .description("engram " + operation.exportName() + " GPU job: its S3 prefixes, nothing else")
                .build();
        BucketAccess.grant(jobRole, bucket, operation.readPrefixes(),
                List.of(EngramFunction.WRITE_PREFIXES.get(0), EngramFunction.GPU_RESULTS_PREFIX));
        BucketAccess.grantDelete(jobRole, bucket, operation.deletePatterns());
        return EcsJobDefinition.Builder.create(this, operation.logicalName() + "Job")
                .jobDefinitionName("engram-" + operation.exportName())
                .container(EcsEc2ContainerDefinition.Builder.create(this, operation.logicalName() + "Container")
                        .image(image)
                        .cpu(VCPUS_PER_JOB)
                        .memory(MEMORY_PER_JOB)
                        .gpu(1)
                        .jobRole(jobRole)
                        .environment(Map.of(
                                "ENGRAM_FUNCTION", operation.exportName(),
                                "QUARKUS_FUNQY_EXPORT", operation.exportName(),
                                "ENGRAM_BUCKET", bucket.getBucketName(),
                                "ENGRAM_CACHE_DIR", "/tmp/engram",
                                "DJL_CACHE_DIR", "/tmp/djl-cache",
                                "DJL_OFFLINE", "true",
                                // awscli in batch-task.sh uploads the outcome to the bucket's region
                                "AWS_DEFAULT_REGION", software.amazon.awscdk.Stack.of(this).getRegion()))
                        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
                                .logGroup(logs).streamPrefix(operation.exportName()).build()))
                        .build())
                .timeout(JOB_TIMEOUT)
                .retryAttempts(3)
                // Retry a reclaimed or unreachable host; a failing function is the workflow's business.
                .retryStrategies(List.of(
                        RetryStrategy.of(Action.RETRY, Reason.SPOT_INSTANCE_RECLAIMED),
                        RetryStrategy.of(Action.RETRY, Reason.CANNOT_PULL_CONTAINER),
                        RetryStrategy.of(Action.EXIT, Reason.NON_ZERO_EXIT_CODE)))
                .build();
    }

    JobQueue queue() {
        return queue;
    }

    LogGroup logs() {
        return logs;
    }

    Map<EngramFunction, EcsJobDefinition> jobDefinitions() {
        return jobDefinitions;
    }
}
