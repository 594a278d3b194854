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
import java.util.Set;
import org.junit.jupiter.api.Test;

class GpuTaskRewriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GpuTaskRewriter REWRITER = new GpuTaskRewriter(
            Arrays.stream(EngramFunction.values()).filter(EngramFunction::onGpu).toList());

    private static JsonNode fixture(String name) throws Exception {
        return JSON.readTree(Files.readString(Path.of("src/test/resources/statemachine", name)));
    }

    private static JsonNode rewritten(String name) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/statemachine", name));
        return JSON.readTree(REWRITER.rewrite(text, name));
    }

    @Test
    void gpuTaskBecomesAParallelWhoseBranchRunsABatchJobAndReadsItsResult() throws Exception {
        JsonNode edit = rewritten("test-training-run.asl.json").path("States").path("Apply edit");

        assertEquals("Parallel", edit.path("Type").asText());
        JsonNode branch = edit.path("Branches").get(0);
        JsonNode submit = branch.path("States").path("Apply edit / submit");
        assertEquals("arn:aws:states:::batch:submitJob.sync", submit.path("Resource").asText());
        assertEquals("${GpuJobQueue}", submit.path("Parameters").path("JobQueue").asText());
        assertEquals("${ApplyEditJobDefinition}", submit.path("Parameters").path("JobDefinition").asText());
        assertEquals(7200, submit.path("TimeoutSeconds").asInt(), "the Task's timeout bounds the job");
        assertTrue(submit.path("ResultPath").isNull(), "the job description is dropped, the hand-over object is read");
        JsonNode environment = submit.path("Parameters").path("ContainerOverrides").path("Environment");
        assertEquals("States.JsonToString($.request)", environment.get(0).path("Value.$").asText());
        assertEquals("ENGRAM_RESULT_KEY", environment.get(1).path("Name").asText());

        JsonNode collect = branch.path("States").path("Apply edit / collect");
        assertEquals("arn:aws:states:::aws-sdk:s3:getObject", collect.path("Resource").asText());
        assertEquals("${ArtifactBucket}", collect.path("Parameters").path("Bucket").asText());
        JsonNode failed = branch.path("States").path("Apply edit / failed");
        assertEquals("$.outcome.error", failed.path("ErrorPath").asText(), "a typed error keeps its name");
    }

    @Test
    void theParallelKeepsTheTasksRequestRoutingAndResultShape() throws Exception {
        JsonNode original = fixture("test-training-run.asl.json").path("States").path("Apply edit");
        JsonNode edit = rewritten("test-training-run.asl.json").path("States").path("Apply edit");

        assertEquals(original.path("Parameters").path("Payload"), edit.path("Parameters").path("request"));
        for (String field : List.of("ResultPath", "Retry", "Catch", "Next")) {
            assertEquals(original.path(field), edit.path(field), field);
        }
        // The branch applies the original ResultSelector; the Parallel only unwraps the one-element array.
        JsonNode select = edit.path("Branches").get(0).path("States").path("Apply edit / select");
        assertEquals(original.path("ResultSelector"), select.path("Parameters"));
        assertEquals(JSON.readTree("{\"adapter.$\":\"$[0].adapter\",\"steps.$\":\"$[0].steps\"}"),
                edit.path("ResultSelector"));
    }

    @Test
    void withoutAResultSelectorTheResultIsShapedLikeTheLambdaIntegrations() throws Exception {
        JsonNode edit = rewritten("test-on-demand-edit.asl.json").path("States").path("Edit");

        assertEquals("$", edit.path("Parameters").path("request.$").asText());
        JsonNode wrap = edit.path("Branches").get(0).path("States").path("Edit / result");
        assertEquals("$.outcome.result", wrap.path("Parameters").path("Payload.$").asText());
        assertEquals(200, wrap.path("Parameters").path("StatusCode").asInt());
        assertEquals("$[0].Payload", edit.path("ResultSelector").path("Payload.$").asText());
    }

    @Test
    void cpuStatesAreLeftExactlyAsWritten() throws Exception {
        JsonNode original = fixture("test-training-run.asl.json");
        JsonNode result = rewritten("test-training-run.asl.json");

        assertEquals(original.path("States").path("Shards"), result.path("States").path("Shards"));
        assertEquals(original.path("States").path("Evaluate"), result.path("States").path("Evaluate"));
        assertEquals(original.path("States").path("Rejected"), result.path("States").path("Rejected"));
    }

    @Test
    void gpuTasksInsideParallelBranchesAreFoundToo() throws Exception {
        JsonNode branches = rewritten("test-unlearn.asl.json").path("States").path("Both").path("Branches");

        assertEquals("Parallel", branches.get(0).path("States").path("Unlearn").path("Type").asText());
        assertEquals("${UnlearnJobDefinition}", branches.get(0).path("States").path("Unlearn").path("Branches").get(0)
                .path("States").path("Unlearn / submit").path("Parameters").path("JobDefinition").asText());
        assertEquals("Task", branches.get(1).path("States").path("Decompress").path("Type").asText());
    }

    @Test
    void noLambdaCallToAGpuFunctionSurvives() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/statemachine/test-training-run.asl.json"));
        Set<String> placeholders = GpuTaskRewriter.placeholdersIn(REWRITER.rewrite(text, "x"));

        assertFalse(placeholders.contains("ApplyEditFunction"), placeholders.toString());
        assertTrue(placeholders.containsAll(List.of("FilterShardFunction", "ScoreKnowledgeFunction",
                "RunEvalFunction", "ApplyEditJobDefinition", "GpuJobQueue", "ArtifactBucket")), placeholders.toString());
    }

    @Test
    void stateNamesStayWithinTheEightyCharacterLimit() throws Exception {
        String longName = "A".repeat(80);
        String text = """
                {"StartAt": "%1$s", "States": {"%1$s": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "${UnlearnFunction}"}, "End": true}}}""".formatted(longName);
        JsonNode branch = JSON.readTree(REWRITER.rewrite(text, "long")).path("States").path(longName)
                .path("Branches").get(0);

        List<String> names = new ArrayList<>();
        branch.path("States").fieldNames().forEachRemaining(names::add);
        assertEquals(6, names.size(), names.toString());
        names.forEach(name -> assertTrue(name.length() <= 80, name));
    }

    @Test
    void aGpuFunctionCalledByArnInsteadOfTheLambdaIntegrationIsRefused() {
        String text = """
                {"StartAt": "Edit", "States": {"Edit": {"Type": "Task", "Resource": "${ApplyEditFunction}", "End": true}}}""";

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> REWRITER.rewrite(text, "direct.asl.json"));
        assertTrue(refused.getMessage().contains("direct.asl.json, state 'Edit'"), refused.getMessage());
    }

    @Test
    void batchJobNamesKeepOnlyAllowedCharacters() {
        assertEquals("Apply-edit-now-", GpuTaskRewriter.jobName("Apply edit (now)"));
    }
}
