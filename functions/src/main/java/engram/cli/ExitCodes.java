package engram.cli;

import engram.asl.ExecutionResult;
import engram.functions.errors.InvalidRequestException;
import engram.functions.ondemand.EditJob;

/**
 * The CLI's exit codes, so that scripts can tell outcomes apart without parsing output. Documented in the
 * README (CLI section) and in {@code engram --help}.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** Something unexpected failed (a bug, or an infrastructure error); see the message. */
    public static final int INTERNAL = 1;
    /** The command line is wrong (unknown option, missing argument, unreadable --input). */
    public static final int USAGE = 2;
    /** A request was refused: invalid field, malformed dataset, over a limit, edit folder of another model. */
    public static final int INVALID_REQUEST = 3;
    /** A model, edit folder or dataset does not exist. */
    public static final int NOT_FOUND = 4;
    /** The cost cap stopped work: a step or configuration was skipped, or a function refused its budget. */
    public static final int BUDGET_STOPPED = 5;
    /** The workflow failed, or caught a failure that ended its work (e.g. a diverged edit). */
    public static final int WORKFLOW_FAILED = 6;
    /** The edit ran but its quick evaluation was below the bar, so its edit folder was not published. */
    public static final int NOT_PUBLISHED = 7;

    /** The help text's table. */
    static final String HELP = """
            Exit codes:
              0  ok
              1  internal error
              2  usage: wrong command line or unreadable --input
              3  invalid request: bad field, malformed dataset, over a limit, model mismatch
              4  not found: model, adapter or dataset
              5  budget: the cost cap stopped or skipped work
              6  workflow failed, or a caught failure ended it (e.g. diverged training)
              7  edit not published: its evaluation was below the bar""";

    private ExitCodes() {}

    /** The code for an error name, simple ({@code InvalidRequestException}) or fully qualified. */
    public static int forError(String error) {
        String name = EditJob.simpleName(error);
        if (name == null) {
            return WORKFLOW_FAILED;
        }
        return switch (name) {
            case "InvalidRequestException", "InvalidDatasetException", "LimitExceededException",
                    "ModelMismatchException" -> INVALID_REQUEST;
            case "ArtifactNotFoundException" -> NOT_FOUND;
            case "BudgetExceededException" -> BUDGET_STOPPED;
            default -> WORKFLOW_FAILED;
        };
    }

    /**
     * The code for a finished execution: a failure by its error; a success by the outcome the workflow reports
     * ({@code outcome.status}, or a batch's {@code skipped} configurations).
     */
    public static int forExecution(ExecutionResult result) {
        if (!result.succeeded()) {
            return forError(result.error());
        }
        String status = result.output().path("outcome").path("status").asText("");
        return switch (status) {
            case "STOPPED_BY_BUDGET" -> BUDGET_STOPPED;
            case "REJECTED_BY_EVAL" -> NOT_PUBLISHED;
            case "EDIT_DIVERGED" -> WORKFLOW_FAILED;
            default -> result.output().path("skipped").isArray() && !result.output().path("skipped").isEmpty()
                    ? BUDGET_STOPPED : OK;
        };
    }
}
