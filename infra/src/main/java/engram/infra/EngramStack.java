package engram.infra;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/** The whole engram deployment in one stack: storage, compute, workflows, API and monitoring. */
public class EngramStack extends Stack {

    public EngramStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
        super(scope, id, props);
        // One tag on everything: activate it as a cost allocation tag to see engram's share of the bill.
        Tags.of(this).add("project", "engram");
        Bucket bucket = artifactBucket();
        CpuFunctions cpu = new CpuFunctions(this, "Functions", settings, bucket);
        GpuJobs gpu = new GpuJobs(this, "Gpu", settings, bucket);
        // The construct id stays "Workflows": it is part of the deployed resources' logical ids.
        StateMachines stateMachines = new StateMachines(this, "Workflows", settings, bucket, cpu, gpu);
        Monitoring monitoring = new Monitoring(this, "Monitoring", settings.monthlyBudgetUsd(), settings.alarmEmail());

        cpu.functions().forEach((operation, function) -> {
            monitoring.onAny(operation.logicalName() + "Errors", "engram-" + operation.exportName() + " threw",
                    function.metricErrors(Monitoring.sumOverPeriod()));
            monitoring.onAny(operation.logicalName() + "Throttles", "engram-" + operation.exportName() + " was throttled",
                    function.metricThrottles(Monitoring.sumOverPeriod()));
        });
        stateMachines.machines().forEach((name, machine) -> {
            String alarmId = StateMachines.camel(name);
            monitoring.onAny(alarmId + "Failed", "engram-" + name + " execution failed",
                    machine.metricFailed(Monitoring.sumOverPeriod()));
            monitoring.onAny(alarmId + "TimedOut", "engram-" + name + " execution timed out",
                    machine.metricTimedOut(Monitoring.sumOverPeriod()));
        });

        StateMachine editMachine = stateMachines.machines().get(settings.editStateMachine());
        if (editMachine == null) {
            software.amazon.awscdk.Annotations.of(this).addWarningV2("engram:no-edit-api",
                    "No " + settings.editStateMachine() + StateMachines.SUFFIX + " in " + settings.stateMachineDir()
                            + ": the /edits API is not deployed");
        } else {
            EditApi edits = new EditApi(this, "Edits", editMachine, settings.logRetention());
            monitoring.onAny("EditApi5xx", "engram-edits answered 5xx",
                    edits.api().metricServerError(Monitoring.sumOverPeriod()));
            CfnOutput.Builder.create(this, "EditApiUrl").value(edits.api().urlForPath("/edits")).build();
        }
        CfnOutput.Builder.create(this, "BucketName").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "GpuJobQueue").value(gpu.queue().getJobQueueArn()).build();
    }

    /**
     * Encrypted (SSE-S3), versioned, private, TLS-only. {@code runs/} outputs move to Infrequent
     * Access after 30 days and expire after 180; replaced versions expire after 30 days everywhere;
     * GPU hand-over objects after 7; unfinished multipart uploads after 7.
     */
    private Bucket artifactBucket() {
        return Bucket.Builder.create(this, "Artifacts")
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().id("runs").prefix("runs/")
                                .transitions(List.of(Transition.builder()
                                        .storageClass(StorageClass.INFREQUENT_ACCESS)
                                        .transitionAfter(Duration.days(30)).build()))
                                .expiration(Duration.days(180))
                                .build(),
                        LifecycleRule.builder().id("gpu-results").prefix(EngramFunction.GPU_RESULTS_PREFIX)
                                .expiration(Duration.days(7))
                                .build(),
                        LifecycleRule.builder().id("old-versions-and-uploads")
                                .noncurrentVersionExpiration(Duration.days(30))
                                .abortIncompleteMultipartUploadAfter(Duration.days(7))
                                .build()))
                .build();
    }
}
