package engram.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** Entry point of the CDK app ({@code cdk.json} runs it); synthesises the stack into {@code cdk.out}. */
public final class EngramApp {
    private EngramApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        new EngramStack(app, "Engram", StackProps.builder()
                .description("engram: knowledge editing functions, GPU jobs and workflows")
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build(), DeploymentSettings.from(app.getNode()));
        app.synth();
    }
}
