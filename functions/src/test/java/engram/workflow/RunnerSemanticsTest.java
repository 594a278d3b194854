package engram.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The embedded runner's ASL semantics, on hand-built definitions with known results. */
class RunnerSemanticsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeClock clock = new FakeClock();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException invalid) {
            throw new IllegalArgumentException(text, invalid);
        }
    }

    private ExecutionResult run(String definition, TaskHandler tasks, String input) {
        return new WorkflowRunner(tasks, clock).run(StateMachine.parse(definition), "exec-1", json(input));
    }

    private ExecutionResult runFile(String file, TaskHandler tasks, String input) throws IOException {
        return new WorkflowRunner(tasks, clock).run(StateMachine.read(AslValidationTest.TEST_DEFINITIONS.resolve(file)),
                "exec-1", json(input));
    }

    @Test
    void inputIsProcessedInAslOrder() {
        List<JsonNode> received = new ArrayList<>();
        TaskHandler echo = (function, input) -> {
            received.add(input);
            return json("{\"result\": {\"score\": 7}, \"noise\": 1}");
        };
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:echo",
                  "InputPath": "$.payload",
                  "Parameters": {"x.$": "$.a", "run.$": "$$.Execution.Name", "state.$": "$$.State.Name", "fixed": [1, {"y.$": "$.a"}]},
                  "ResultSelector": {"score.$": "$.result.score"},
                  "ResultPath": "$.payload.out",
                  "OutputPath": "$.payload",
                  "End": true}}}""", echo, "{\"payload\": {\"a\": 1}, \"other\": true}");

        assertEquals(json("{\"x\": 1, \"run\": \"exec-1\", \"state\": \"T\", \"fixed\": [1, {\"y\": 1}]}"), received.get(0),
                "InputPath, then Parameters with paths and the context object");
        assertEquals(json("{\"a\": 1, \"out\": {\"score\": 7}}"), result.output(),
                "ResultSelector, then ResultPath into the raw input, then OutputPath");
    }

    @Test
    void nullPathsSelectEmptyObjectOrDiscardTheResult() {
        List<JsonNode> received = new ArrayList<>();
        TaskHandler echo = (function, input) -> {
            received.add(input);
            return json("{\"r\": 1}");
        };
        ExecutionResult kept = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                  "InputPath": null, "ResultPath": null, "End": true}}}""", echo, "{\"a\": 1}");
        assertEquals(json("{}"), received.get(0), "InputPath null gives the task {}");
        assertEquals(json("{\"a\": 1}"), kept.output(), "ResultPath null passes the input through");

        ExecutionResult emptied = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "OutputPath": null, "End": true}}}""", echo, "{\"a\": 1}");
        assertEquals(json("{}"), emptied.output(), "OutputPath null outputs {}");
    }

    @Test
    void resultPathCreatesMissingObjectsAndRejectsNonObjects() {
        String definition = """
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"v": 2}, "ResultPath": "$.a.b['c']", "End": true}}}""";
        assertEquals(json("{\"keep\": 0, \"a\": {\"b\": {\"c\": {\"v\": 2}}}}"), run(definition, null, "{\"keep\": 0}").output());

        ExecutionResult onArray = run(definition, null, "[1, 2]");
        assertEquals("States.ResultPathMatchFailure", onArray.error());
    }

    @Test
    void retryCountsAttemptsAndBacksOffThroughTheClock() throws IOException {
        TestFunctions functions = new TestFunctions();
        ExecutionResult result = runFile("retry-catch.asl.json", functions, "{\"key\": \"k\", \"value\": 5}");

        assertTrue(result.succeeded(), result.historyJson().toPrettyString());
        assertEquals(3, functions.calls("flaky"), "two failures, then success");
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(5)), clock.sleeps,
                "2 s, then 2 × 3.0 = 6 s capped by MaxDelaySeconds 5");
        assertEquals(json("{\"key\": \"k\", \"attempts\": 3}"), result.output().get("fetched"));
        assertEquals(json("{\"valid\": true, \"doubled\": 10, \"status\": 200}"), result.output().get("validation"),
                "the Lambda integration wraps the function's result in Payload");
        long scheduled = result.history().stream()
                .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED && e.stateName().equals("Fetch")).count();
        long failed = result.history().stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).count();
        assertEquals(3, scheduled);
        assertEquals(2, failed);
        assertEquals(List.of("Fetch", "Validate", "Done"), result.statesEntered(), "a retry does not re-enter the state");
    }

    @Test
    void retryGivesUpAfterMaxAttemptsAndTheFirstMatchingRetrierDecides() {
        AtomicInteger calls = new AtomicInteger();
        TaskHandler alwaysFails = (function, input) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        };
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
                  "Retry": [{"ErrorEquals": ["java.lang.IllegalStateException"], "MaxAttempts": 2, "IntervalSeconds": 1},
                            {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}],
                  "End": true}}}""", alwaysFails, "{}");
        assertEquals(3, calls.get(), "one call and two retries; the spent retrier hides the States.ALL one");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), clock.sleeps, "default BackoffRate 2.0");
        assertEquals("java.lang.IllegalStateException", result.error(), "the error name is the exception's class name, as Lambda reports it");
        assertEquals("down", result.cause());
    }

    @Test
    void catchPutsErrorAndCauseAtItsResultPath() throws IOException {
        ExecutionResult result = runFile("retry-catch.asl.json", new TestFunctions(), "{\"key\": \"k\", \"value\": -1}");
        assertEquals(json("{\"key\": \"k\", \"reason\": \"engram.workflow.TestFunctions$InvalidRequestException\", \"message\": \"value must be >= 0, got -1\"}"),
                result.output());
        assertEquals(List.of("Fetch", "Validate", "Fallback", "Done"), result.statesEntered());
    }

    @Test
    void statesRuntimeIsNeverCaughtNotEvenByStatesAll() {
        ExecutionResult result = run("""
                {"StartAt": "P", "States": {
                  "P": {"Type": "Parallel", "Parameters": {"x.$": "$.missing"},
                        "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Succeed"}}}""", null, "{}");
        assertEquals("States.Runtime", result.error());
        assertTrue(result.cause().contains("$.missing"), result.cause());
    }

    @Test
    void taskTimeoutIsStatesTimeoutWhichTaskFailedDoesNotMatch() {
        TaskHandler slow = (function, input) -> {
            Thread.sleep(5_000);
            return input;
        };
        ExecutionResult result = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow", "TimeoutSeconds": 1,
                        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"},
                                  {"ErrorEquals": ["States.Timeout"], "ResultPath": "$.timeout", "Next": "Right"}], "End": true},
                  "Wrong": {"Type": "Fail", "Error": "Wrong"},
                  "Right": {"Type": "Pass", "End": true}}}""", slow, "{}");
        assertTrue(result.succeeded(), result.historyJson().toPrettyString());
        assertEquals("States.Timeout", result.output().path("timeout").path("Error").asText());
        assertTrue(result.history().stream().anyMatch(e -> e.type() == HistoryEventType.TASK_TIMED_OUT));
    }

    @Test
    void choiceTakesTheFirstMatchingRuleThenDefaultElseFails() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                          {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
                          {"Variable": "$.n", "NumericGreaterThan": 5, "Next": "Medium"}], "Default": "Small"},
                  "Big": {"Type": "Pass", "Result": "big", "End": true},
                  "Medium": {"Type": "Pass", "Result": "medium", "End": true},
                  "Small": {"Type": "Pass", "Result": "small", "End": true}}}""";
        assertEquals("big", run(definition, null, "{\"n\": 11}").output().asText());
        assertEquals("medium", run(definition, null, "{\"n\": 6}").output().asText());
        assertEquals("small", run(definition, null, "{\"n\": 5}").output().asText());

        ExecutionResult noMatch = run("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                  {"Variable": "$.n", "NumericEquals": 1, "Next": "D"}]}, "D": {"Type": "Succeed"}}}""", null, "{\"n\": 2}");
        assertEquals("States.NoChoiceMatched", noMatch.error());
    }

    @Test
    void mapPassesTheContextObjectAndCollectsResultsInOrder() throws IOException {
        ExecutionResult result = runFile("map-choice.asl.json", new TestFunctions(),
                "{\"runId\": \"test-1\", \"attempt\": 1, \"limitsJson\": \"{\\\"maxKept\\\": 1}\", \"shards\": [\"alpha\", \"be\", \"gamma-ray\"]}");
        assertTrue(result.succeeded(), result.historyJson().toPrettyString());
        assertEquals(json("""
                {"label": "run exec-1 of test-1", "kept": 2, "nextAttempt": 2, "pair": ["test-1", 7],
                 "shardsText": "[\\"alpha\\",\\"be\\",\\"gamma-ray\\"]", "fixed": {"kind": "scoring", "tags": ["a", "b"]}}"""),
                json(result.output().toString()));
        List<String> path = result.statesEntered();
        assertEquals(List.of("Prepare", "ScoreShards", "ScoreShards[0]/Score", "ScoreShards[0]/IsGood", "ScoreShards[0]/Keep",
                "ScoreShards[1]/Score", "ScoreShards[1]/IsGood", "ScoreShards[1]/Drop", "ScoreShards[2]/Score",
                "ScoreShards[2]/IsGood", "ScoreShards[2]/Keep", "Summarise", "Budget", "Report"), path);
        assertEquals(3, result.history().stream().filter(e -> e.type() == HistoryEventType.MAP_ITERATION_STARTED).count());
    }

    @Test
    void failStateReadsErrorAndCauseFromPaths() throws IOException {
        ExecutionResult result = runFile("map-choice.asl.json", new TestFunctions(),
                "{\"runId\": \"prod-2\", \"attempt\": 4, \"limitsJson\": \"{\\\"maxKept\\\": 1}\", \"shards\": [\"alpha\", \"gamma-ray\"]}");
        assertFalse(result.succeeded());
        assertEquals("prod-2", result.error());
        assertEquals("run exec-1 of prod-2", result.cause());
        assertEquals("ExecutionFailed", result.history().get(result.history().size() - 1).type().awsName());
    }

    @Test
    void parallelRunsBranchesOnTheSameInputAndWaitsThroughTheClock() throws IOException {
        ExecutionResult result = runFile("parallel-wait.asl.json", new TestFunctions(), "{\"value\": 3}");
        assertEquals(json("{\"doubled\": 6, \"constant\": 100, \"echoed\": {\"value\": 3}}"), result.output());
        assertEquals(List.of(Duration.ofSeconds(3)), clock.sleeps, "Wait SecondsPath");
        assertTrue(result.statesEntered().contains("Both#2/Pause"), result.statesEntered().toString());
    }

    @Test
    void waitTimestampSleepsUntilThatInstant() {
        run("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2026-01-01T00:01:30Z", "End": true}}}""", null, "{}");
        assertEquals(List.of(Duration.ofSeconds(90)), clock.sleeps);
    }

    @Test
    void intrinsicFunctionsEvaluate() {
        ExecutionResult result = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {
                  "format.$": "States.Format('a \\\\{literal\\\\} {} and {}', $.name, 3)",
                  "json.$": "States.StringToJson('{\\"k\\": [1, 2]}')",
                  "text.$": "States.JsonToString($.obj)",
                  "array.$": "States.Array('x', $.n, States.MathAdd($.n, -5))",
                  "length.$": "States.ArrayLength($.list)",
                  "item.$": "States.ArrayGetItem($.list, 1)",
                  "contains.$": "States.ArrayContains($.list, 'b')",
                  "range.$": "States.ArrayRange(1, 9, 4)",
                  "split.$": "States.StringSplit('a,b;c', ',;')",
                  "base64.$": "States.Base64Encode('hi')"}, "End": true}}}""",
                null, "{\"name\": \"n\", \"obj\": {\"a\": 1}, \"n\": 2, \"list\": [\"a\", \"b\"]}");
        assertEquals(json("""
                {"format": "a {literal} n and 3", "json": {"k": [1, 2]}, "text": "{\\"a\\":1}", "array": ["x", 2, -3],
                 "length": 2, "item": "b", "contains": true, "range": [1, 5, 9], "split": ["a", "b", "c"], "base64": "aGk="}"""),
                json(result.output().toString()));
    }

    @Test
    void historyIsAvailableAsJsonWithStepFunctionsEventNames() throws IOException {
        ExecutionResult result = runFile("retry-catch.asl.json", new TestFunctions(), "{\"key\": \"k\", \"value\": 1}");
        JsonNode events = result.historyJson().get("events");
        assertEquals("ExecutionStarted", events.get(0).get("type").asText());
        assertEquals("TaskStateEntered", events.get(1).get("type").asText());
        assertEquals("TaskScheduled", events.get(2).get("type").asText());
        assertEquals("TaskFailed", events.get(3).get("type").asText());
        assertEquals("engram.workflow.TestFunctions$TransientException", events.get(3).get("details").get("error").asText());
        assertEquals("ExecutionSucceeded", events.get(events.size() - 1).get("type").asText());
        assertEquals("SUCCEEDED", result.historyJson().get("status").asText());
    }
}
