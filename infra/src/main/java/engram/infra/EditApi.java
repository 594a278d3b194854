package engram.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.AwsIntegration;
import software.amazon.awscdk.services.apigateway.IntegrationOptions;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.PassthroughBehavior;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * {@code POST /edits} starts the on-demand-edit state machine and answers 202 with the execution name
 * as the job id; {@code GET /edits/{id}} answers its status and, once done, its result. API Gateway
 * calls Step Functions directly (no Lambda in between). Every method requires IAM (SigV4)
 * authorisation: callers are the CLI and other services that hold AWS credentials, and a token
 * never has to be stored, rotated or compared by code of ours (infra/README.md, "Authentication").
 */
final class EditApi extends Construct {

    private final RestApi api;

    EditApi(Construct scope, String id, StateMachine editMachine, RetentionDays logRetention) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(logRetention)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        api = RestApi.Builder.create(this, "Api")
                .restApiName("engram-edits")
                .description("On-demand knowledge edits: POST /edits, GET /edits/{id}")
                .cloudWatchRole(true)
                .deployOptions(StageOptions.builder()
                        .stageName("v1")
                        .throttlingRateLimit(5)      // each edit is a GPU job: a burst is a bill
                        .throttlingBurstLimit(10)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .build();

        Role calls = Role.Builder.create(this, "StepFunctionsCalls")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .build();
        editMachine.grantStartExecution(calls);
        editMachine.grantRead(calls);

        Resource edits = api.getRoot().addResource("edits");
        edits.addMethod("POST", startExecution(editMachine, calls), iam("202"));
        edits.addResource("{id}").addMethod("GET", describeExecution(editMachine, calls), iam("200"));

        // Attach this to the users or roles that may request edits; nothing else opens the API.
        ManagedPolicy.Builder.create(this, "Callers")
                .description("May call the engram /edits API (POST /edits, GET /edits/{id})")
                .statements(List.of(PolicyStatement.Builder.create()
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of(api.arnForExecuteApi("POST", "/edits", "v1"),
                                api.arnForExecuteApi("GET", "/edits/*", "v1")))
                        .build()))
                .build();
    }

    RestApi api() {
        return api;
    }

    private static MethodOptions iam(String success) {
        return MethodOptions.builder()
                .authorizationType(AuthorizationType.IAM)
                .methodResponses(List.of(
                        MethodResponse.builder().statusCode(success).build(),
                        MethodResponse.builder().statusCode("404").build(),
                        MethodResponse.builder().statusCode("500").build()))
                .build();
    }

    private static AwsIntegration startExecution(StateMachine machine, Role calls) {
        String request = "{\"stateMachineArn\": \"" + machine.getStateMachineArn() + "\", "
                + "\"input\": \"$util.escapeJavaScript($input.json('$'))\"}";
        String response = "#set($arn = $input.path('$.executionArn'))"
                + "{\"id\": \"$arn.substring($arn.lastIndexOf(':') + 1)\", \"status\": \"RUNNING\"}";
        return stepFunctions("StartExecution", calls, request, "202", response);
    }

    private static AwsIntegration describeExecution(StateMachine machine, Role calls) {
        // arn:aws:states:REGION:ACCOUNT:stateMachine:NAME  ->  ...:execution:NAME:ID
        String executions = Stack.of(machine).formatArn(software.amazon.awscdk.ArnComponents.builder()
                .service("states").resource("execution").resourceName(machine.getStateMachineName())
                .arnFormat(software.amazon.awscdk.ArnFormat.COLON_RESOURCE_NAME).build());
        String request = "{\"executionArn\": \"" + executions + ":$util.escapeJavaScript($input.params('id'))\"}";
        String response = "#set($output = $input.path('$.output'))"
                + "{\"id\": \"$input.path('$.name')\", \"status\": \"$input.path('$.status')\""
                + "#if($output && $output != \"\"), \"result\": $output#end}";
        return stepFunctions("DescribeExecution", calls, request, "200", response);
    }

    private static AwsIntegration stepFunctions(String action, Role calls, String request,
                                                String success, String response) {
        return AwsIntegration.Builder.create()
                .service("states")
                .action(action)
                .options(IntegrationOptions.builder()
                        .credentialsRole(calls)
                        .passthroughBehavior(PassthroughBehavior.NEVER)
                        .requestTemplates(Map.of("application/json", request))
                        .integrationResponses(List.of(
                                IntegrationResponse.builder().statusCode(success)
                                        .responseTemplates(Map.of("application/json", response)).build(),
                                // Step Functions answers 400 for ExecutionDoesNotExist / InvalidArn
                                IntegrationResponse.builder().statusCode("404").selectionPattern("4\\d{2}")
                                        .responseTemplates(Map.of("application/json",
                                                "{\"error\": \"NotFound\", \"message\": \"no such edit\"}")).build(),
                                IntegrationResponse.builder().statusCode("500").selectionPattern("5\\d{2}").build()))
                        .build())
                .build();
    }
}
