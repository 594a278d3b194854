package engram.functions.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import engram.functions.errors.InvalidRequestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads requests strictly and gives each one a stable digest.
 *
 * <p>Why the functions take a {@link JsonNode} and call {@link #read} instead of letting Funqy bind the record:
 * Funqy switches {@code FAIL_ON_UNKNOWN_PROPERTIES} off (and case-insensitive names on) for every binding, and
 * answers a body it cannot bind with a bare 400 (HTTP) or its own exception (Lambda), so a misspelt field would
 * be silently ignored and a wrong type would never reach the workflow as {@code InvalidRequestException}. Here
 * unknown fields, wrong types, numbers for enums and scalars coerced from strings are all refused, naming the
 * field's path.
 */
public final class Requests {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Requests() {}

    /** The mapper for everything the functions write (results, manifests): the same strict settings. */
    public static ObjectMapper json() {
        return STRICT;
    }

    /**
     * Binds a request body to its record.
     *
     * @throws InvalidRequestException naming the field path ({@code edit.steps}, {@code inlineEdits[2].prompt})
     */
    public static <T> T read(JsonNode body, Class<T> type) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InvalidRequestException("body", null, "the request body is missing");
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("body", body.getNodeType(), "the request body must be a JSON object");
        }
        try {
            return STRICT.treeToValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidRequestException(path(e), e.getPropertyName(), "unknown field");
        } catch (InvalidFormatException e) {
            throw new InvalidRequestException(path(e), e.getValue(), "expected " + e.getTargetType().getSimpleName());
        } catch (JsonMappingException e) {
            throw new InvalidRequestException(path(e), null, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", null, e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("body", null, e.getMessage());
        }
    }

    /** First 16 hex digits of the SHA-256 of the request's canonical JSON: equal requests, equal digests. */
    public static String digest(Object request) {
        try {
            byte[] canonical = STRICT.writeValueAsBytes(canonical(STRICT.valueToTree(request)));
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a request record must serialise", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** The request's top-level fields as JSON text, sorted by name: the manifest's parameters. */
    public static Map<String, String> parameters(Object request) {
        Map<String, String> out = new TreeMap<>();
        JsonNode tree = canonical(STRICT.valueToTree(request));
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                out.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
            }
        }
        return out;
    }

    /** Sorts object keys recursively, so that the digest does not depend on field order. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
            var sorted = STRICT.createObjectNode();
            fields.forEach((k, v) -> sorted.set(k, canonical(v)));
            return sorted;
        }
        if (node.isArray()) {
            var array = STRICT.createArrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
