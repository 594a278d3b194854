package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Task state's {@code Resource}, reduced to what the runner supports: a Lambda function ARN (the
 * function gets the effective input) or the optimised Lambda integration {@code arn:aws:states:::lambda:invoke}
 * (the function gets {@code Payload}, and the result is wrapped as {@code {"Payload": ..., "StatusCode": 200}}).
 * Activities, {@code .sync}/{@code .waitForTaskToken} and other services are rejected at load time.
 */
public record TaskResource(String arn, String functionName) {
    /** The optimised Lambda integration's resource. */
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";

    private static final Pattern LAMBDA_ARN =
            Pattern.compile("arn:aws[\\w-]*:lambda:[\\w-]+:\\d{12}:function:([\\w-]+)(:[\\w$-]+)?");

    /** Whether this is the optimised integration, whose function name comes from Parameters.FunctionName. */
    public boolean isLambdaInvoke() {
        return arn.equals(LAMBDA_INVOKE);
    }

    static TaskResource parse(String arn, JsonNode parameters, String stateName) {
        if (arn.equals(LAMBDA_INVOKE)) {
            if (parameters == null || !(parameters.has("FunctionName") || parameters.has("FunctionName.$"))) {
                throw DefinitionException.at(stateName, "Parameters.FunctionName", "is required with " + LAMBDA_INVOKE);
            }
            return new TaskResource(arn, null);
        }
        Matcher lambda = LAMBDA_ARN.matcher(arn);
        if (lambda.matches()) {
            return new TaskResource(arn, lambda.group(1));
        }
        String kind = arn.contains(":activity:") ? "activities are"
                : arn.endsWith(".sync") || arn.contains(".waitForTaskToken") ? "service integration patterns other than request-response are"
                : "only Lambda functions are";
        throw DefinitionException.at(stateName, "Resource", "'" + arn + "' is not supported by the embedded runner: "
                + kind + " not supported (use a Lambda function ARN or " + LAMBDA_INVOKE + ")");
    }

    /** The function that {@code FunctionName} names: a plain name, a name with a qualifier, or an ARN. */
    static String functionNameOf(String functionName) {
        Matcher lambda = LAMBDA_ARN.matcher(functionName);
        if (lambda.matches()) {
            return lambda.group(1);
        }
        int qualifier = functionName.indexOf(':');
        return qualifier < 0 ? functionName : functionName.substring(0, qualifier);
    }
}
