package engram.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Assertions on the synthesised CloudFormation template (one synth shared by all tests). */
class EngramStackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CPU_EXPORTS = Set.of("filter-shard", "score-knowledge", "run-eval", "decompress", "plan-run",
            "aggregate-shards");

    private static JsonNode resources(String type) {
        return JSON.valueToTree(SynthesizedStack.template().findResources(type));
    }

    private static List<JsonNode> properties(String type) {
        List<JsonNode> all = new ArrayList<>();
        resources(type).forEach(resource -> all.add(resource.path("Properties")));
        return all;
    }

    private static List<JsonNode> engramFunctions() {
        return properties("AWS::Lambda::Function").stream()
                .filter(function -> function.path("Environment").path("Variables").has("QUARKUS_FUNQY_EXPORT"))
                .toList();
    }

    @Test
    void bucketIsEncryptedVersionedPrivateAndExpiresRuns() {
        Template template = SynthesizedStack.template();
        template.resourceCountIs("AWS::S3::Bucket", 1);
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(
                        Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                "VersioningConfiguration", Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Id", "runs", "Prefix", "runs/", "ExpirationInDays", 180, "Status", "Enabled")))))));
        // enforceSsl: a bucket policy denies every request that is not over TLS
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void oneLambdaPerCpuOperationSizedForDjl() {
        List<JsonNode> functions = engramFunctions();
        Set<String> exports = new TreeSet<>();
        for (JsonNode function : functions) {
            JsonNode environment = function.path("Environment").path("Variables");
            String export = environment.path("QUARKUS_FUNQY_EXPORT").asText();
            exports.add(export);
            assertEquals("java21", function.path("Runtime").asText(), export);
            assertEquals(CpuFunctions.FUNQY_HANDLER, function.path("Handler").asText(), export);
            assertTrue(function.path("MemorySize").asInt() >= 3008, export + " memory");
            assertTrue(function.path("EphemeralStorage").path("Size").asInt() >= 2048, export + " ephemeral storage");
            assertEquals(900, function.path("Timeout").asInt(), export);
            assertTrue(environment.path("DJL_CACHE_DIR").asText().startsWith("/tmp/"), export + " DJL cache");
            assertTrue(environment.path("ENGRAM_CACHE_DIR").asText().startsWith("/tmp/"), export + " model cache");
            assertEquals("true", environment.path("DJL_OFFLINE").asText(), export);
            assertTrue(environment.has("ENGRAM_BUCKET"), export);
            assertTrue(function.path("LoggingConfig").has("LogGroup"), export + " logs to its own log group");
        }
        assertEquals(CPU_EXPORTS, exports);
    }

    @Test
    void snapStartIsOnlyUsedWhereLambdaAllowsIt() {
        // Lambda refuses SnapStart above 512 MB of ephemeral storage; libtorch alone unpacks to ~450 MB.
        assertFalse(CpuFunctions.snapStartApplies(false, CpuFunctions.EPHEMERAL_STORAGE_MIB));
        assertFalse(CpuFunctions.snapStartApplies(true, 512), "no SnapStart for container images");
        assertTrue(CpuFunctions.snapStartApplies(false, 512));
        for (JsonNode function : engramFunctions()) {
            boolean enabled = function.path("SnapStart").path("ApplyOn").asText().equals("PublishedVersions");
            assertEquals(CpuFunctions.snapStartApplies(false, function.path("EphemeralStorage").path("Size").asInt()),
                    enabled, function.path("FunctionName").asText());
        }
    }

    @Test
    void noPolicyGrantsS3BeyondTheBucketsPrefixes() {
        List<String> allowed = List.of("/models/*", "/datasets/*", "/runs/*", "/gpu-results/*");
        int s3Statements = 0;
        int deletes = 0;
        for (JsonNode policy : properties("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                List<String> actions = new ArrayList<>();
                statement.path("Action").forEach(action -> actions.add(action.asText()));
                if (statement.path("Action").isTextual()) {
                    actions.add(statement.path("Action").asText());
                }
                if (actions.stream().noneMatch(action -> action.startsWith("s3:"))) {
                    continue;
                }
                s3Statements++;
                assertFalse(actions.contains("s3:*"), statement.toString());
                if (actions.contains("s3:DeleteObject")) {
                    deletes++;
                    assertEquals(List.of("s3:DeleteObject"), actions, "delete stands alone: " + statement);
                    assertTrue(statement.path("Resource").toString().contains("/runs/*/apply-edit/*/checkpoint/*"),
                            "delete only apply-edit's training snapshots: " + statement);
                }
                List<JsonNode> targets = new ArrayList<>();
                (statement.path("Resource").isArray() ? statement.path("Resource") : JSON.createArrayNode()
                        .add(statement.path("Resource"))).forEach(targets::add);
                for (JsonNode resource : targets) {
                    String text = resource.toString();
                    assertFalse(text.equals("\"*\""), "S3 on every resource: " + statement);
                    boolean objectInPrefix = allowed.stream().anyMatch(text::contains);
                    boolean listWithPrefixCondition = actions.equals(List.of("s3:ListBucket"))
                            && statement.path("Condition").path("StringLike").has("s3:prefix");
                    assertTrue(objectInPrefix || listWithPrefixCondition, "unscoped S3 access: " + statement);
                }
            }
        }
        assertTrue(s3Statements >= 4 * 3, "every function and job has its S3 statements: " + s3Statements);
        assertTrue(deletes >= 1, "apply-edit may delete its snapshots");
    }

    @Test
    void functionsWriteOnlyUnderRuns() {
        for (JsonNode policy : properties("AWS::IAM::Policy")) {
            for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                if (statement.path("Sid").asText().equals("WritePrefixes")) {
                    String resources = statement.path("Resource").toString();
                    assertTrue(resources.contains("/runs/*"), resources);
                    assertFalse(resources.contains("/models/") || resources.contains("/datasets/"), resources);
                }
            }
        }
    }

    @Test
    void gpuJobsRequestAGpuOnAGpuComputeEnvironmentThatScalesToZero() {
        Template template = SynthesizedStack.template();
        template.hasResourceProperties("AWS::Batch::ComputeEnvironment", Map.of(
                "Type", "managed",
                "ComputeResources", Match.objectLike(Map.of(
                        "MinvCpus", 0,
                        "InstanceTypes", List.of("g5.xlarge"),
                        "Ec2Configuration", List.of(Map.of("ImageType", "ECS_AL2023_NVIDIA"))))));
        template.resourceCountIs("AWS::Batch::JobQueue", 1);
        List<JsonNode> jobs = properties("AWS::Batch::JobDefinition");
        Set<String> functions = new TreeSet<>();
        for (JsonNode job : jobs) {
            JsonNode container = job.path("ContainerProperties");
            assertTrue(container.path("ResourceRequirements").toString().contains("{\"Type\":\"GPU\",\"Value\":\"1\"}"),
                    container.path("ResourceRequirements").toString());
            String environment = container.path("Environment").toString();
            assertTrue(environment.contains("{\"Name\":\"DJL_CACHE_DIR\",\"Value\":\"/tmp/djl-cache\"}"), environment);
            for (JsonNode variable : container.path("Environment")) {
                if (variable.path("Name").asText().equals("ENGRAM_FUNCTION")) {
                    functions.add(variable.path("Value").asText());
                }
            }
            assertTrue(job.path("Timeout").path("AttemptDurationSeconds").asInt() > 0);
            assertTrue(container.path("JobRoleArn").isObject(), "each job has its own role");
        }
        assertEquals(Set.of("apply-edit", "unlearn"), functions);
    }

    @Test
    void oneStateMachinePerDefinitionFileEqualToTheFileWithGpuStepsAsBatchJobs() throws Exception {
        List<Path> files = Stream.concat(
                StateMachines.definitionFiles(SynthesizedStack.REPOSITORY_DEFINITIONS).stream(),
                StateMachines.definitionFiles(SynthesizedStack.FIXTURE_DEFINITIONS).stream()).toList();
        List<JsonNode> machines = properties("AWS::StepFunctions::StateMachine");
        assertEquals(files.size(), machines.size());

        GpuTaskRewriter rewriter = new GpuTaskRewriter(
                Arrays.stream(EngramFunction.values()).filter(EngramFunction::onGpu).toList());
        for (Path file : files) {
            String name = file.getFileName().toString().replace(StateMachines.SUFFIX, "");
            JsonNode machine = machines.stream()
                    .filter(candidate -> candidate.path("StateMachineName").asText().equals("engram-" + name))
                    .findFirst().orElseThrow(() -> new AssertionError("no state machine for " + file));
            assertEquals("STANDARD", machine.path("StateMachineType").asText());
            String definition = machine.path("DefinitionString").asText();
            assertEquals(JSON.readTree(rewriter.rewrite(Files.readString(file), name)), JSON.readTree(definition), name);
            assertEquals(GpuTaskRewriter.placeholdersIn(definition),
                    fieldNames(machine.path("DefinitionSubstitutions")),
                    name + ": every placeholder has exactly one substitution");
            for (EngramFunction gpu : EngramFunction.values()) {
                if (gpu.onGpu()) {
                    assertFalse(definition.contains("${" + gpu.placeholder() + "}"), name + " still calls " + gpu);
                }
            }
        }
    }

    @Test
    void gpuWorkflowsSubmitBatchJobsAndFollowThemSynchronously() {
        JsonNode training = properties("AWS::StepFunctions::StateMachine").stream()
                .filter(machine -> machine.path("StateMachineName").asText().equals("engram-test-training-run"))
                .findFirst().orElseThrow();
        assertTrue(training.path("DefinitionString").asText().contains("arn:aws:states:::batch:submitJob.sync"));
        JsonNode substitutions = training.path("DefinitionSubstitutions");
        assertTrue(substitutions.path("ApplyEditJobDefinition").toString().contains("Ref"), substitutions.toString());
        assertTrue(substitutions.path("GpuJobQueue").toString().contains("GpuQueue"), substitutions.toString());
        assertTrue(substitutions.path("ScoreKnowledgeFunction").toString().contains("Arn"), substitutions.toString());

        String statements = properties("AWS::IAM::Policy").toString();
        assertTrue(statements.contains("batch:SubmitJob"), "a GPU workflow may submit jobs");
        assertTrue(statements.contains("StepFunctionsGetEventsForBatchJobsRule"), ".sync needs the managed rule");
    }

    @Test
    void everyApiMethodRequiresIamAuthorisation() {
        List<JsonNode> methods = properties("AWS::ApiGateway::Method");
        Set<String> verbs = new TreeSet<>();
        for (JsonNode method : methods) {
            verbs.add(method.path("HttpMethod").asText());
            assertEquals("AWS_IAM", method.path("AuthorizationType").asText(), method.toString());
        }
        assertEquals(Set.of("GET", "POST"), verbs);
        String integrations = methods.toString();
        assertTrue(integrations.contains("states:action/StartExecution"), integrations);
        assertTrue(integrations.contains("states:action/DescribeExecution"), integrations);
    }

    @Test
    void alarmsCoverFunctionsWorkflowsAndTheApiAndABudgetWatchesTheBill() {
        List<JsonNode> alarms = properties("AWS::CloudWatch::Alarm");
        Set<String> metrics = new TreeSet<>();
        alarms.forEach(alarm -> {
            metrics.add(alarm.path("MetricName").asText());
            assertEquals(1, alarm.path("AlarmActions").size(), "every alarm notifies the topic");
        });
        assertTrue(metrics.containsAll(Set.of("Errors", "Throttles", "ExecutionsFailed", "ExecutionsTimedOut", "5XXError")),
                metrics.toString());
        assertEquals(CPU_EXPORTS.size() * 2 + properties("AWS::StepFunctions::StateMachine").size() * 2 + 1,
                alarms.size());

        SynthesizedStack.template().hasResourceProperties("AWS::Budgets::Budget", Map.of(
                "Budget", Match.objectLike(Map.of("BudgetType", "COST", "TimeUnit", "MONTHLY",
                        "BudgetLimit", Map.of("Amount", 50, "Unit", "USD"))),
                "NotificationsWithSubscribers", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Notification", Match.objectLike(Map.of("NotificationType", "FORECASTED", "Threshold", 100)),
                        "Subscribers", Match.arrayWith(List.of(Map.of("SubscriptionType", "EMAIL",
                                "Address", "ops@example.com")))))))));
    }

    @Test
    void everyLogGroupHasARetention() {
        List<JsonNode> groups = properties("AWS::Logs::LogGroup");
        assertTrue(groups.size() >= CPU_EXPORTS.size() + 1 + 3, "functions, GPU jobs, state machines, API");
        groups.forEach(group -> assertEquals(30, group.path("RetentionInDays").asInt(), group.toString()));
    }

    @Test
    void aPlaceholderThatNamesNothingFailsTheSynthNamingTheFile() throws Exception {
        Path folder = Files.createTempDirectory("engram-bad-asl");
        Files.writeString(folder.resolve("typo.asl.json"), """
                {"StartAt": "Score", "States": {"Score": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "${ScoreKnowlegeFunction}"}, "End": true}}}""");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> SynthesizedStack.stack(Map.of("stateMachineDir", folder.toString())));
        assertTrue(refused.getMessage().contains("typo.asl.json"), refused.getMessage());
        assertTrue(refused.getMessage().contains("ScoreKnowlegeFunction"), refused.getMessage());
    }

    @Test
    void withAFunctionImageTheLambdasRunTheContainerImageWithTheSameSettings() {
        Template images = Template.fromStack(SynthesizedStack.stack(Map.of(
                "functionImageRepository", "engram-functions", "functionImageTag", "v1")));
        JsonNode functions = JSON.valueToTree(images.findResources("AWS::Lambda::Function"));
        int seen = 0;
        for (JsonNode resource : functions) {
            JsonNode function = resource.path("Properties");
            if (!function.path("Environment").path("Variables").has("QUARKUS_FUNQY_EXPORT")) {
                continue;
            }
            seen++;
            assertEquals("Image", function.path("PackageType").asText());
            assertTrue(function.path("Code").path("ImageUri").toString().contains("engram-functions:v1"),
                    function.path("Code").toString());
            assertFalse(function.has("SnapStart"), "Lambda has no SnapStart for container images");
            assertTrue(function.path("EphemeralStorage").path("Size").asInt() >= 2048);
            assertTrue(function.path("Environment").path("Variables").path("DJL_CACHE_DIR").asText().startsWith("/tmp/"));
        }
        assertEquals(CPU_EXPORTS.size(), seen);
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
