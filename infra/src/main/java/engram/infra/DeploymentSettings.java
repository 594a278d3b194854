package engram.infra;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * Everything a deployment may choose, read from CDK context values ({@code cdk deploy -c key=value}
 * or {@code cdk.json}); every key is listed in infra/README.md. Paths are relative to infra/.
 *
 * @param functionsZip       the Lambda build of the functions module ({@code function.zip}), used when no
 *                           function image is given
 * @param functionImage      an ECR repository and tag holding the Lambda container image
 *                           (infra/docker/lambda.Dockerfile); when present it replaces the zip
 * @param gpuImage           the ECR repository and tag of the GPU image (infra/docker/gpu.Dockerfile)
 * @param stateMachineDir    folder whose {@code *.asl.json} files become one state machine each
 * @param editStateMachine   the state machine behind {@code POST /edits} (file name without .asl.json)
 * @param gpuInstanceTypes   EC2 instance types of the Batch compute environment
 * @param gpuMaxVcpus        upper bound of the compute environment (it scales to zero when idle)
 * @param monthlyBudgetUsd   the AWS Budgets limit; alarms at 80 % actual and 100 % forecast
 * @param alarmEmail         who gets alarm and budget mails (optional; the SNS topic exists anyway)
 * @param logRetentionDays   retention of every log group the stack creates
 */
public record DeploymentSettings(Path functionsZip, Optional<ImageRef> functionImage, ImageRef gpuImage,
                                 Path stateMachineDir, String editStateMachine, List<String> gpuInstanceTypes,
                                 int gpuMaxVcpus, int monthlyBudgetUsd, Optional<String> alarmEmail,
                                 int logRetentionDays) {

    /** An image in an ECR repository of this account and region, by repository name and tag. */
    public record ImageRef(String repository, String tag) {}

    /** {@code logRetentionDays} rounded up to a retention CloudWatch offers (a year at most). */
    public RetentionDays logRetention() {
        Map<Integer, RetentionDays> offered = new TreeMap<>(Map.of(
                7, RetentionDays.ONE_WEEK, 14, RetentionDays.TWO_WEEKS, 30, RetentionDays.ONE_MONTH,
                90, RetentionDays.THREE_MONTHS, 180, RetentionDays.SIX_MONTHS, 365, RetentionDays.ONE_YEAR));
        return offered.entrySet().stream().filter(entry -> logRetentionDays <= entry.getKey())
                .map(Map.Entry::getValue).findFirst().orElse(RetentionDays.ONE_YEAR);
    }

    /** Reads the context values, with the defaults documented in infra/README.md. */
    public static DeploymentSettings from(Node node) {
        Optional<String> functionRepository = optional(node, "functionImageRepository");
        return new DeploymentSettings(
                Path.of(string(node, "functionsZip", "../functions/target/function.zip")),
                functionRepository.map(repository -> new ImageRef(repository, string(node, "functionImageTag", "latest"))),
                new ImageRef(string(node, "gpuImageRepository", "engram-gpu"), string(node, "gpuImageTag", "latest")),
                Path.of(string(node, "stateMachineDir", "statemachine")),
                string(node, "editStateMachine", "on-demand-edit"),
                Arrays.stream(string(node, "gpuInstanceTypes", "g5.xlarge").split(",")).map(String::trim).toList(),
                Integer.parseInt(string(node, "gpuMaxVcpus", "16")),
                Integer.parseInt(string(node, "monthlyBudgetUsd", "100")),
                optional(node, "alarmEmail"),
                Integer.parseInt(string(node, "logRetentionDays", "30")));
    }

    private static String string(Node node, String key, String fallback) {
        return optional(node, key).orElse(fallback);
    }

    private static Optional<String> optional(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }
}
