package engram.asl;

/**
 * A state machine definition that the embedded runner cannot execute as written: invalid ASL or a
 * feature the runner does not support. Thrown when the definition is loaded, never halfway through a run.
 */
public final class DefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DefinitionException(String message) {
        super(message);
    }

    /** An error located at one field of one state, e.g. {@code State 'Score': field 'ItemReader' ...}. */
    static DefinitionException at(String stateName, String field, String problem) {
        return new DefinitionException("State '" + stateName + "': field '" + field + "' " + problem);
    }
}
