package engram.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every Choice comparison operator, with the Step Functions semantics (types must match; Is*: false negates). */
class ChoiceRuleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INPUT = """
            {"s": "beta", "t": "alpha", "n": 5, "m": 5.0, "b": true, "z": null,
             "ts": "2026-01-02T00:00:00Z", "early": "2026-01-01T00:00:00+01:00", "file": "run-7.jsonl"}""";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"Variable": "$.s", "StringEquals": "beta"}                                  | Yes
            {"Variable": "$.s", "StringEqualsPath": "$.t"}                               | No
            {"Variable": "$.s", "StringGreaterThanPath": "$.t"}                          | Yes
            {"Variable": "$.s", "StringLessThanEquals": "beta"}                          | Yes
            {"Variable": "$.file", "StringMatches": "run-*.jsonl"}                       | Yes
            {"Variable": "$.file", "StringMatches": "run-\\\\*.jsonl"}                   | No
            {"Variable": "$.n", "NumericEqualsPath": "$.m"}                              | Yes
            {"Variable": "$.n", "NumericLessThan": 5}                                    | No
            {"Variable": "$.n", "NumericGreaterThanEquals": 4.5}                         | Yes
            {"Variable": "$.s", "NumericEquals": 5}                                      | No
            {"Variable": "$.b", "BooleanEquals": true}                                   | Yes
            {"Variable": "$.ts", "TimestampGreaterThanPath": "$.early"}                  | Yes
            {"Variable": "$.early", "TimestampEquals": "2025-12-31T23:00:00Z"}           | Yes
            {"Variable": "$.z", "IsNull": true}                                          | Yes
            {"Variable": "$.n", "IsNull": false}                                         | Yes
            {"Variable": "$.missing", "IsPresent": false}                                | Yes
            {"Variable": "$.n", "IsPresent": false}                                      | No
            {"Variable": "$.n", "IsNumeric": true}                                       | Yes
            {"Variable": "$.s", "IsString": false}                                       | No
            {"Variable": "$.b", "IsBoolean": true}                                       | Yes
            {"Variable": "$.ts", "IsTimestamp": true}                                    | Yes
            {"And": [{"Variable": "$.n", "NumericEquals": 5}, {"Variable": "$.b", "BooleanEquals": false}]} | No
            {"Or": [{"Variable": "$.n", "NumericEquals": 4}, {"Variable": "$.b", "BooleanEquals": true}]}   | Yes
            {"Not": {"Variable": "$.s", "StringEquals": "beta"}}                          | No
            {"Variable": "$.missing", "StringEquals": "x"}                                | States.Runtime
            """)
    void comparisonFollowsStepFunctions(String rule, String expected) throws IOException {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [%s], "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": "Yes", "End": true},
                  "No": {"Type": "Pass", "Result": "No", "End": true}}}"""
                .formatted(rule.replaceFirst("}\\s*$", ", \"Next\": \"Yes\"}"));
        ExecutionResult result = new WorkflowRunner(null, new FakeClock())
                .run(StateMachine.parse(definition), "choice", JSON.readTree(INPUT));
        assertEquals(expected, result.succeeded() ? result.output().asText() : result.error(), definition);
    }
}
