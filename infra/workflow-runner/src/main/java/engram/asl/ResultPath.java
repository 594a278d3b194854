package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ResultPath: where a state's result goes in its raw input. {@code "$"} replaces the input,
 * {@code null} ({@link #DISCARD}) keeps the input and drops the result, {@code "$.a.b"} sets field
 * {@code b} of object {@code a}, creating objects on the way. Only reference paths (field names) are allowed.
 */
public record ResultPath(List<String> fields, boolean discard) {
    /** {@code "$"}, the default. */
    public static final ResultPath ROOT = new ResultPath(List.of(), false);
    /** JSON {@code null}: output the input unchanged. */
    public static final ResultPath DISCARD = new ResultPath(List.of(), true);

    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z_$][\\w$-]*)|\\['([^']+)']");

    /** Parses a reference path; the state and field name go into the error message. */
    static ResultPath parse(String path, String stateName, String field) {
        if (path == null) {
            return DISCARD;
        }
        if (!path.startsWith("$") || path.startsWith("$$")) {
            throw DefinitionException.at(stateName, field, "must be a reference path starting with '$', got '" + path + "'");
        }
        List<String> fields = new ArrayList<>();
        Matcher matcher = SEGMENT.matcher(path);
        int position = 1;
        while (position < path.length()) {
            if (!matcher.find(position) || matcher.start() != position) {
                throw DefinitionException.at(stateName, field, "'" + path
                        + "' is not supported: only field names ('$.a.b' or \"$['a']\"), no indexes or wildcards");
            }
            fields.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            position = matcher.end();
        }
        return new ResultPath(List.copyOf(fields), false);
    }

    /** The state's output before OutputPath: {@code result} placed into a copy of {@code rawInput}. */
    JsonNode apply(JsonNode rawInput, JsonNode result) {
        if (discard) {
            return rawInput;
        }
        if (fields.isEmpty()) {
            return result;
        }
        if (!rawInput.isObject()) {
            throw new StateError("States.ResultPathMatchFailure",
                    "Unable to apply ResultPath " + this + " to input " + rawInput + ": it is not an object");
        }
        ObjectNode root = ((ObjectNode) rawInput).deepCopy();
        ObjectNode parent = root;
        for (String field : fields.subList(0, fields.size() - 1)) {
            JsonNode child = parent.get(field);
            if (child == null || child.isNull()) {
                child = parent.putObject(field);
            } else if (!child.isObject()) {
                throw new StateError("States.ResultPathMatchFailure",
                        "Unable to apply ResultPath " + this + ": field '" + field + "' is not an object");
            }
            parent = (ObjectNode) child;
        }
        parent.set(fields.get(fields.size() - 1), result == null ? JsonNodeFactory.instance.nullNode() : result);
        return root;
    }

    @Override
    public String toString() {
        return discard ? "null" : "$" + String.join("", fields.stream().map(f -> "." + f).toList());
    }
}
