package engram.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the GPU steps of an ASL definition into AWS Batch jobs, so that one file serves both runners.
 *
 * <p>In {@code infra/statemachine/*.asl.json} every step is a Lambda call
 * ({@code "Resource": "arn:aws:states:::lambda:invoke"}, {@code "FunctionName": "${ApplyEditFunction}"}):
 * that is what the embedded runner executes. In AWS the GPU operations cannot run on Lambda, so each
 * such Task state is replaced by a Parallel state of the same name with one branch:
 * <ol>
 *   <li>{@code prepare} (Pass): the request the Lambda would have received, and a fresh result key
 *       under {@code gpu-results/};</li>
 *   <li>{@code submit}: {@code arn:aws:states:::batch:submitJob.sync} with the request and the key in
 *       the container's environment ({@code ENGRAM_REQUEST}, {@code ENGRAM_RESULT_KEY});</li>
 *   <li>{@code collect}: reads the object the job wrote ({@code {"result": ...}} or
 *       {@code {"error": "<exception class>", "cause": "..."}});</li>
 *   <li>{@code check}/{@code failed}: a typed error fails the branch with the exception's name, so the
 *       original Catch matches exactly as it does for Lambda;</li>
 *   <li>{@code result} (and {@code select}): wrap the result as the Lambda integration does
 *       ({@code {"Payload": ..., "StatusCode": 200}}) and apply the original ResultSelector.</li>
 * </ol>
 * The Parallel keeps the original InputPath, ResultPath, OutputPath, Retry, Catch and transition, and
 * its ResultSelector unwraps the one-branch array, so the states after it see the same data as with
 * Lambda. Batch's {@code .sync} output (the job description) carries no result, hence the hand-over object.
 */
public final class GpuTaskRewriter {

    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    static final String BATCH_SUBMIT_SYNC = "arn:aws:states:::batch:submitJob.sync";
    static final String S3_GET_OBJECT = "arn:aws:states:::aws-sdk:s3:getObject";
    /** Placeholders the rewritten definition uses besides the functions' own. */
    public static final String JOB_QUEUE = "GpuJobQueue";
    public static final String BUCKET = "ArtifactBucket";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_STATE_NAME = 80;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final Map<String, EngramFunction> gpuByPlaceholder;

    /** Rewrites the Tasks that call one of {@code gpuFunctions}. */
    public GpuTaskRewriter(List<EngramFunction> gpuFunctions) {
        this.gpuByPlaceholder = new HashMap<>();
        gpuFunctions.forEach(function -> gpuByPlaceholder.put(placeholderRef(function.placeholder()), function));
    }

    /** The placeholder of a function's Batch job definition, e.g. {@code ApplyEditJobDefinition}. */
    public static String jobDefinitionPlaceholder(EngramFunction function) {
        return function.logicalName() + "JobDefinition";
    }

    /** The definition with every GPU Task replaced; other states are left exactly as they were. */
    public String rewrite(String definition, String fileName) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(definition);
            rewriteStates(root, fileName);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (java.io.IOException invalid) {
            throw new IllegalArgumentException(fileName + " is not valid JSON: " + invalid.getMessage(), invalid);
        }
    }

    private void rewriteStates(JsonNode machine, String fileName) {
        ObjectNode states = (ObjectNode) machine.path("States");
        for (Map.Entry<String, JsonNode> entry : states.properties()) {   // setValue replaces in place
            JsonNode state = entry.getValue();
            switch (state.path("Type").asText()) {
                case "Map" -> rewriteStates(state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator"), fileName);
                case "Parallel" -> state.path("Branches").forEach(branch -> rewriteStates(branch, fileName));
                case "Task" -> {
                    EngramFunction gpu = gpuFunctionOf(state, entry.getKey(), fileName);
                    if (gpu != null) {
                        entry.setValue(asBatchJob(entry.getKey(), (ObjectNode) state, gpu));
                    }
                }
                default -> { }
            }
        }
    }

    private EngramFunction gpuFunctionOf(JsonNode task, String name, String fileName) {
        String resource = task.path("Resource").asText();
        if (gpuByPlaceholder.containsKey(resource)) {
            throw new IllegalArgumentException(fileName + ", state '" + name + "': call GPU function " + resource
                    + " through " + LAMBDA_INVOKE + " with Parameters.FunctionName, so it can become a Batch job");
        }
        if (!resource.equals(LAMBDA_INVOKE)) {
            return null;
        }
        return gpuByPlaceholder.get(task.path("Parameters").path("FunctionName").asText());
    }

    private ObjectNode asBatchJob(String name, ObjectNode task, EngramFunction function) {
        JsonNode parameters = task.get("Parameters");
        ObjectNode request = NODES.objectNode();
        if (parameters.has("Payload.$")) {
            request.set("request.$", parameters.get("Payload.$"));
        } else if (parameters.has("Payload")) {
            request.set("request", parameters.get("Payload"));
        } else {
            request.put("request.$", "$");
        }
        JsonNode resultSelector = task.get("ResultSelector");

        ObjectNode parallel = NODES.objectNode();
        parallel.put("Type", "Parallel");
        parallel.put("Comment", "GPU step " + function.exportName() + " as an AWS Batch job (rewritten from "
                + LAMBDA_INVOKE + " by engram.infra.GpuTaskRewriter)");
        copy(task, parallel, "InputPath");
        parallel.set("Parameters", request);
        parallel.set("Branches", NODES.arrayNode().add(branch(name, task, function, resultSelector)));
        parallel.set("ResultSelector", unwrapSingleBranch(resultSelector));
        copy(task, parallel, "ResultPath", "OutputPath", "Retry", "Catch", "Next", "End");
        return parallel;
    }

    private ObjectNode branch(String name, ObjectNode task, EngramFunction function, JsonNode resultSelector) {
        String submit = stepName(name, "submit");
        String collect = stepName(name, "collect");
        String check = stepName(name, "check");
        String result = stepName(name, "result");
        ObjectNode states = NODES.objectNode();
        states.set(stepName(name, "prepare"), prepare(submit));
        states.set(submit, submit(name, task, function, collect));
        states.set(collect, collect(check));
        states.set(check, check(stepName(name, "failed"), result));
        states.set(stepName(name, "failed"),
                object("Type", "Fail", "ErrorPath", "$.outcome.error", "CausePath", "$.outcome.cause"));
        ObjectNode wrap = object("Type", "Pass");
        ObjectNode payload = object("Payload.$", "$.outcome.result");
        payload.put("StatusCode", 200);                   // as the Lambda integration answers
        wrap.set("Parameters", payload);
        states.set(result, wrap);
        if (resultSelector == null) {
            wrap.put("End", true);
        } else {
            String select = stepName(name, "select");
            wrap.put("Next", select);
            ObjectNode selectState = object("Type", "Pass"); // Pass Parameters == the Task's ResultSelector
            selectState.set("Parameters", resultSelector);
            selectState.put("End", true);
            states.set(select, selectState);
        }
        ObjectNode branch = object("StartAt", stepName(name, "prepare"));
        branch.set("States", states);
        return branch;
    }

    /** The request as the Lambda would have received it, and a key no other call uses. */
    private static ObjectNode prepare(String next) {
        ObjectNode state = object("Type", "Pass", "Next", next);
        state.set("Parameters", object(
                "request.$", "$.request",
                "resultKey.$", "States.Format('" + EngramFunction.GPU_RESULTS_PREFIX
                        + "{}/{}.json', $$.Execution.Name, States.UUID())"));
        return state;
    }

    /** Runs the job and waits for it; its description (the .sync result) is dropped. */
    private static ObjectNode submit(String name, ObjectNode task, EngramFunction function, String next) {
        ArrayNode environment = NODES.arrayNode()
                .add(object("Name", "ENGRAM_REQUEST", "Value.$", "States.JsonToString($.request)"))
                .add(object("Name", "ENGRAM_RESULT_KEY", "Value.$", "$.resultKey"));
        ObjectNode parameters = object(
                "JobName", jobName(name),
                "JobQueue", placeholderRef(JOB_QUEUE),
                "JobDefinition", placeholderRef(jobDefinitionPlaceholder(function)));
        parameters.set("ContainerOverrides", NODES.objectNode().set("Environment", environment));
        ObjectNode state = object("Type", "Task", "Resource", BATCH_SUBMIT_SYNC, "Next", next);
        state.set("Parameters", parameters);
        state.putNull("ResultPath");
        copy(task, state, "TimeoutSeconds");
        return state;
    }

    /** Reads the job's hand-over object: {"result": ...} or {"error": ..., "cause": ...}. */
    private static ObjectNode collect(String next) {
        ObjectNode state = object("Type", "Task", "Resource", S3_GET_OBJECT, "Next", next);
        state.set("Parameters", object("Bucket", placeholderRef(BUCKET), "Key.$", "$.resultKey"));
        state.set("ResultSelector", object("outcome.$", "States.StringToJson($.Body)"));
        return state;
    }

    private static ObjectNode check(String failed, String succeeded) {
        ObjectNode isError = object("Variable", "$.outcome.error", "Next", failed);
        isError.put("IsPresent", true);
        ObjectNode state = object("Type", "Choice", "Default", succeeded);
        state.set("Choices", NODES.arrayNode().add(isError));
        return state;
    }

    /** The branch's output is the one element of the Parallel's result array; keys come from the selector. */
    private static ObjectNode unwrapSingleBranch(JsonNode resultSelector) {
        ObjectNode unwrap = NODES.objectNode();
        if (resultSelector == null) {
            unwrap.put("Payload.$", "$[0].Payload");
            unwrap.put("StatusCode.$", "$[0].StatusCode");
            return unwrap;
        }
        resultSelector.fieldNames().forEachRemaining(field -> {
            String key = field.endsWith(".$") ? field.substring(0, field.length() - 2) : field;
            unwrap.put(key + ".$", "$[0]." + key);
        });
        return unwrap;
    }

    private static String stepName(String state, String step) {
        String suffix = " / " + step;
        String prefix = state.length() + suffix.length() > MAX_STATE_NAME
                ? state.substring(0, MAX_STATE_NAME - suffix.length()) : state;
        return prefix + suffix;
    }

    /** Batch job names allow letters, digits, hyphens and underscores, 128 at most. */
    static String jobName(String state) {
        String name = state.replaceAll("[^A-Za-z0-9_-]+", "-");
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    static String placeholderRef(String placeholder) {
        return "${" + placeholder + "}";
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field)) {
                to.set(field, from.get(field));
            }
        }
    }

    private static ObjectNode object(String... keysAndValues) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return node;
    }

    /** Every {@code ${Name}} placeholder left in a definition, to check that each has a value. */
    public static Set<String> placeholdersIn(String definition) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
