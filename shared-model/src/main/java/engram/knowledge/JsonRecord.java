package engram.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of a dataset file and where it starts, with typed, strict field access: every getter throws
 * {@link InvalidItemException} naming {@code where} and the field (dotted and indexed for nested values,
 * e.g. {@code requested_rewrite[1].target_new.str}) when the value is missing, mistyped or blank.
 * Fields the getters are not asked for are ignored, so datasets may carry extras.
 *
 * @param node  the record, a JSON object
 * @param where the file and the line the record starts on, e.g. {@code counterfact-edit.json:12}
 * @param path  the record's own position inside the top-level record, empty at the top
 */
record JsonRecord(JsonNode node, String where, String path) {

    /** A top-level record; throws when {@code node} is not a JSON object. */
    static JsonRecord of(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidItemException(where, "record", node.getNodeType() + " instead of an object");
        }
        return new JsonRecord(node, where, "");
    }

    /** Whether the field is present and not JSON null. */
    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    /** A required string that is not blank, returned exactly as stored (no trimming). */
    String text(String field) {
        return text(node.get(field), name(field));
    }

    /** A string that is not blank, or null when the field is missing or JSON null. */
    String optionalText(String field) {
        return has(field) ? text(field) : null;
    }

    /** A string that may be empty, or {@code absent} when the field is missing or JSON null. */
    String string(String field, String absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new InvalidItemException(where, name(field), value);
        }
        return value.asText();
    }

    /** An optional positive finite number; {@code absent} when the field is missing. */
    double positive(String field, double absent) {
        JsonNode value = node.get(field);
        if (value == null) {
            return absent;
        }
        if (!value.isNumber() || !(value.asDouble() > 0) || !Double.isFinite(value.asDouble())) {
            throw new InvalidItemException(where, name(field), value);
        }
        return value.asDouble();
    }

    /** A required integral number. */
    long integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new InvalidItemException(where, name(field), value);
        }
        return value.asLong();
    }

    /** A required array of non-blank strings; {@code atLeast} is its smallest allowed size. */
    List<String> texts(String field, int atLeast) {
        JsonNode array = array(field, atLeast);
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(text(array.get(i), name(field) + "[" + i + "]"));
        }
        return values;
    }

    /** A required nested object. */
    JsonRecord object(String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new InvalidItemException(where, name(field), value);
        }
        return new JsonRecord(value, where, name(field));
    }

    /** A required array of objects; {@code atLeast} is its smallest allowed size. */
    List<JsonRecord> objects(String field, int atLeast) {
        JsonNode array = array(field, atLeast);
        List<JsonRecord> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String element = name(field) + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw new InvalidItemException(where, element, array.get(i));
            }
            values.add(new JsonRecord(array.get(i), where, element));
        }
        return values;
    }

    private JsonNode array(String field, int atLeast) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray() || value.size() < atLeast) {
            throw new InvalidItemException(where, name(field), value);
        }
        return value;
    }

    private String text(JsonNode value, String name) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidItemException(where, name, value);
        }
        return value.asText();
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
