package engram.asl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the runner cannot execute fails when the definition is loaded, with the state and field named. */
class DefinitionLoadingTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}                                                   | JSONata
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}                                          | State 'A': field 'QueryLanguage'
            {"StartAt": "A", "States": {"A": {"Type": "Sleep", "End": true}}}                                                                     | State 'A': field 'Type' 'Sleep'
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}}                                                  | State 'A': field 'Assign'
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:gpu", "End": true}}}    | State 'A': field 'Resource' 'arn:aws:states:us-east-1:123456789012:activity:gpu' is not supported by the embedded runner: activities
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "End": true}}}                 | State 'A': field 'Resource'
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "HeartbeatSeconds": 5, "End": true}}} | State 'A': field 'HeartbeatSeconds'
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": {}, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}, "End": true}}} | State 'M': field 'ItemReader' belongs to a distributed Map
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}, "End": true}}} | DISTRIBUTED
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "States.UUID()"}, "End": true}}}                             | State 'A': field 'Parameters.id.$' has an invalid intrinsic function call "States.UUID()": States.UUID is not supported: it is not deterministic
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"h.$": "States.Hash($.x, 'SHA-1')"}, "End": true}}}                  | 'States.Hash' is not supported
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"}}}                                                                    | State 'A': field 'Next' names 'Nope'
            {"StartAt": "Z", "States": {"A": {"Type": "Succeed"}}}                                                                                 | StartAt 'Z'
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a[?(@.b", "End": true}}}                                            | State 'A': field 'InputPath' is not a valid JSONPath
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.a[*]", "End": true}}}                                              | State 'A': field 'ResultPath'
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}], "End": true}}} | State 'A': field 'Retry[0].ErrorEquals' States.ALL must appear alone
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "FULL"}], "End": true}}} | State 'A': field 'Retry[0].JitterStrategy'
            {"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringLike": "y", "Next": "A"}]}}}               | State 'A': field 'Choices[0].StringLike' is not a supported comparison operator
            {"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}], "End": true}}} | State 'A' is defined twice
            """)
    void unsupportedOrInvalidDefinitionsFailAtLoadTime(String definition, String expectedMessage) {
        DefinitionException error = assertThrows(DefinitionException.class, () -> StateMachine.parse(definition));
        assertTrue(error.getMessage().contains(expectedMessage), "message was: " + error.getMessage());
    }
}
