/**
 * The embedded Step Functions runner: executes the Amazon States Language files of
 * {@code infra/statemachine} (JSONPath dialect) on one machine, against in-process task handlers.
 *
 * <p>No Java library executes ASL (AWS "Step Functions Local" is a zip/Docker distribution, not a
 * library), so this package is ours. It covers the states and fields our definitions use and rejects
 * everything else when a definition is loaded, naming the state and the field. Its behaviour is checked
 * against an independent implementation (npm {@code aws-local-stepfunctions}) in the tests.
 *
 * <p>What belongs here: parsing and validating definitions, JSONPath input/output processing,
 * intrinsic functions, the interpreter and its execution history. What does not: the functions
 * themselves ({@code engram.functions}), S3, AWS SDK calls.
 */
package engram.asl;
