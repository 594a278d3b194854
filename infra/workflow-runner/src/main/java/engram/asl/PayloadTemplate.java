package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed Parameters, ItemSelector or ResultSelector object. A key ending in {@code .$} takes its value
 * from a path ({@code $.x}, or {@code $$.x} for the context object) or an intrinsic function
 * ({@code States.Format(...)}); every other value is copied as written; objects nested in objects and arrays are templates too.
 */
public final class PayloadTemplate {
    private final Map<String, Value> fields;

    private PayloadTemplate(Map<String, Value> fields) {
        this.fields = fields;
    }

    /** How one field gets its value. */
    private sealed interface Value permits Literal, FromPath, FromFunction, Nested, Elements {}

    private record Literal(JsonNode value) implements Value {}

    private record FromPath(String path) implements Value {}

    private record FromFunction(IntrinsicFunction function) implements Value {}

    private record Nested(PayloadTemplate template) implements Value {}

    private record Elements(java.util.List<Value> values) implements Value {}

    /** Parses {@code template} (null when the field is absent); errors name the state and field. */
    static PayloadTemplate parse(JsonNode template, String stateName, String field) {
        if (template == null) {
            return null;
        }
        if (!template.isObject()) {
            throw DefinitionException.at(stateName, field, "must be a JSON object");
        }
        Map<String, Value> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            String where = field + "." + key;
            if (key.endsWith(".$")) {
                String name = key.substring(0, key.length() - 2);
                if (!value.isTextual()) {
                    throw DefinitionException.at(stateName, where, "must be a string (a path or an intrinsic function)");
                }
                String text = value.textValue();
                fields.put(name, text.startsWith("States.")
                        ? new FromFunction(IntrinsicFunction.parse(text, stateName, where))
                        : new FromPath(JsonPaths.check(text, stateName, where)));
            } else {
                fields.put(key, plain(value, stateName, where));
            }
        }
        return new PayloadTemplate(fields);
    }

    private static Value plain(JsonNode value, String stateName, String where) {
        if (value.isObject()) {
            return new Nested(parse(value, stateName, where));
        }
        if (value.isArray()) {
            java.util.List<Value> values = new java.util.ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                values.add(plain(value.get(i), stateName, where + "[" + i + "]"));
            }
            return new Elements(java.util.List.copyOf(values));
        }
        return new Literal(value);
    }

    /** The payload this template builds from {@code input} and the context object. */
    JsonNode evaluate(JsonNode input, JsonNode context) {
        ObjectNode out = JsonPaths.JSON.createObjectNode();
        fields.forEach((name, value) -> out.set(name, valueOf(value, input, context)));
        return out;
    }

    private static JsonNode valueOf(Value value, JsonNode input, JsonNode context) {
        if (value instanceof Literal literal) {
            return literal.value().deepCopy();
        } else if (value instanceof FromPath fromPath) {
            return JsonPaths.read(fromPath.path(), input, context).deepCopy();
        } else if (value instanceof FromFunction fromFunction) {
            return fromFunction.function().evaluate(input, context);
        } else if (value instanceof Nested nested) {
            return nested.template().evaluate(input, context);
        }
        com.fasterxml.jackson.databind.node.ArrayNode array = JsonPaths.JSON.createArrayNode();
        ((Elements) value).values().forEach(element -> array.add(valueOf(element, input, context)));
        return array;
    }
}
