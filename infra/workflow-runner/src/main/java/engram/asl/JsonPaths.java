package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

/**
 * JSONPath reads for ASL paths, over Jayway JsonPath with Jackson as its JSON provider. A path starting
 * with {@code $$} reads the context object instead of the input.
 */
final class JsonPaths {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration JACKSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(JSON))
            .mappingProvider(new JacksonMappingProvider(JSON))
            .build();

    private JsonPaths() {}

    /** Fails at load time when {@code path} is not a JSONPath the runner can evaluate. */
    static String check(String path, String stateName, String field) {
        if (path == null) {
            return null;
        }
        if (!path.startsWith("$")) {
            throw DefinitionException.at(stateName, field, "must be a JSONPath starting with '$', got '" + path + "'");
        }
        try {
            JsonPath.compile(rootOf(path));
        } catch (InvalidPathException invalid) {
            throw DefinitionException.at(stateName, field, "is not a valid JSONPath '" + path + "': " + invalid.getMessage());
        }
        return path;
    }

    /**
     * The value at {@code path}; a path into a missing field is a {@code States.Runtime} error, as in
     * Step Functions. JSON null as path (InputPath/OutputPath null) selects {@code {}}.
     */
    static JsonNode read(String path, JsonNode input, JsonNode context) {
        if (path == null) {
            return JSON.createObjectNode();
        }
        if (path.equals("$")) {
            return input;
        }
        JsonNode document = path.startsWith("$$") ? context : input;
        try {
            Object value = JsonPath.using(JACKSON).parse(document).read(rootOf(path));
            if (value == null) {
                return NullNode.getInstance();
            }
            return value instanceof JsonNode node ? node : JSON.valueToTree(value);
        } catch (JsonPathException missing) {
            throw StateError.runtime("Invalid path '" + path + "': the path does not exist in " + document
                    + " (" + missing.getMessage() + ")");
        }
    }

    /** Whether {@code path} names an existing value (Choice's IsPresent). */
    static boolean exists(String path, JsonNode input, JsonNode context) {
        try {
            read(path, input, context);
            return true;
        } catch (StateError missing) {
            return false;
        }
    }

    private static String rootOf(String path) {
        return path.startsWith("$$") ? path.substring(1) : path;
    }
}
