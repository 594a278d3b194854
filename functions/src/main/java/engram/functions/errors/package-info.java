/**
 * The workflow's error vocabulary: {@link engram.functions.errors.EngramException} and its subclasses, whose
 * fully-qualified class names are the Step Functions error names ({@code ErrorEquals} in
 * {@code infra/statemachine/*.asl.json}), and {@link engram.functions.errors.EngramErrors}, the one table of every
 * error's name, class and HTTP status. The bottom layer of the functions: it depends on no other engram package.
 * Moving or renaming a class here is an API change; update the state machines in the same commit.
 */
package engram.functions.errors;
