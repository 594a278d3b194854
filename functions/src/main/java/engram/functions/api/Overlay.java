package engram.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.errors.InvalidRequestException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A request's settings laid over the deployment's defaults: the one way a request sets a library config.
 *
 * <p>The request's fields (a record of nullable boxes, named as the library config's JSON fields) are written as
 * JSON without their nulls and laid over the defaults' JSON: a given field replaces the default's, an object is
 * laid over the default object field by field (over {@code nested}'s default where the default is null), an
 * absent or null field keeps the default ({@link Layout} says where the request is flatter than the config). The
 * result is read back as the library's type and validated by the library.
 * Every failure is an {@link InvalidRequestException} naming the field: a field the config does not have, a value
 * of the wrong type, a value the library refuses.
 *
 * <p>Written by hand because Jackson's own merge ({@code readerForUpdating}) needs setters, and the library's
 * configs are immutable records.
 */
public final class Overlay {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the request's fields map onto the config's JSON where it is not one to one.
     *
     * @param nested    defaults of nested objects whose default is null (OVERTONE's loss when the default is
     *                  cross-entropy)
     * @param flattened nested objects whose fields the request gives at its top level (the scorer's thresholds,
     *                  the unlearning's adapter)
     * @param onlyKnown lay only the fields the config has and ignore the rest (one request object that sets two
     *                  configs, as {@code eval} does); otherwise an unknown field is refused
     */
    public record Layout(Map<String, Object> nested, Set<String> flattened, boolean onlyKnown) {
        /** Field for field. */
        public static final Layout PLAIN = new Layout(Map.of(), Set.of(), false);
        /** Field for field, ignoring what the config lacks. */
        public static final Layout ONLY_KNOWN = new Layout(Map.of(), Set.of(), true);

        /** Field for field, with the fields of the nested object {@code name} given at the top level. */
        public static Layout flattening(String name) {
            return new Layout(Map.of(), Set.of(name), false);
        }
    }

    private Overlay() {}

    /** {@code fields} laid over {@code defaults} field for field, read back as the defaults' record type. */
    public static <T extends Record> T over(String field, T defaults, Record fields) {
        return over(field, defaults, fields, Layout.PLAIN);
    }

    /** {@code fields} laid over {@code defaults} as {@code layout} says, read back as the defaults' record type. */
    public static <T extends Record> T over(String field, T defaults, Record fields, Layout layout) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) defaults.getClass();
        return over(field, defaults, fields, layout, tree -> read(tree, type));
    }

    /**
     * {@code fields} laid over {@code defaults} and read back by {@code reader} (a library reader that knows the
     * type's shape, e.g. one keyed by a method); the reader's {@link IllegalArgumentException} names the field.
     */
    public static <T> T over(String field, T defaults, Record fields, Layout layout, Function<JsonNode, T> reader) {
        ObjectNode merged = JSON.valueToTree(defaults);
        if (fields != null) {
            lay(field, merged, withoutNulls(JSON.valueToTree(fields)), layout);
        }
        try {
            return reader.apply(merged);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, null, e.getMessage());
        }
    }

    private static void lay(String path, ObjectNode base, ObjectNode over, Layout layout) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            ObjectNode target = base;
            if (!base.has(name)) {
                target = layout.flattened().stream().map(base::get).filter(n -> n != null && n.has(name))
                        .map(ObjectNode.class::cast).findFirst().orElse(null);
            }
            if (target == null) {
                if (layout.onlyKnown()) {
                    continue;
                }
                throw new InvalidRequestException(path + "." + name, e.getValue(),
                        "unknown field; known: " + names(base, layout));
            }
            JsonNode current = target.get(name);
            if (e.getValue().isObject() && current.isNull() && layout.nested().containsKey(name)) {
                current = JSON.valueToTree(layout.nested().get(name));
            }
            if (e.getValue().isObject() && current.isObject()) {
                ObjectNode copy = ((ObjectNode) current).deepCopy();
                lay(path + "." + name, copy, (ObjectNode) e.getValue(), Layout.PLAIN);
                target.set(name, copy);
            } else {
                target.set(name, e.getValue());
            }
        }
    }

    private static ObjectNode withoutNulls(JsonNode node) {
        ObjectNode out = JSON.createObjectNode();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNull()) {
                out.set(e.getKey(), e.getValue().isObject() ? withoutNulls(e.getValue()) : e.getValue());
            }
        });
        return out;
    }

    /**
     * {@code tree} as a {@code type}.
     *
     * @throws IllegalArgumentException naming the field whose value does not fit
     */
    private static <T> T read(JsonNode tree, Class<T> type) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            String where = e.getPath().isEmpty() ? "" : e.getPath().get(e.getPath().size() - 1).getFieldName() + " ";
            throw new IllegalArgumentException(where + "does not fit: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("does not fit: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> names(ObjectNode base, Layout layout) {
        List<String> out = new ArrayList<>();
        base.fieldNames().forEachRemaining(n -> {
            if (layout.flattened().contains(n)) {
                base.get(n).fieldNames().forEachRemaining(out::add);
            } else {
                out.add(n);
            }
        });
        return out;
    }
}
