package engram.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loaded, validated Amazon States Language definition (JSONPath dialect): the top level, a Map
 * state's ItemProcessor, or a Parallel branch. Loading rejects everything the embedded runner cannot
 * execute faithfully (JSONata, unknown states or fields, activities, distributed Map, ...) with a
 * {@link DefinitionException} that names the state and the field.
 */
public record StateMachine(String startAt, Map<String, State> states) {

    /** Reads and loads an {@code .asl.json} file. */
    public static StateMachine read(Path file) throws IOException {
        return parse(Files.readString(file), Map.of());
    }

    /**
     * Reads a repository definition for the embedded runner: each {@code ${SomeNameFunction}} placeholder
     * (which the AWS deployment substitutes with a function ARN) becomes the local function name
     * {@code some-name}. A placeholder left over after that is an error naming it.
     */
    public static StateMachine readLocal(Path file) throws IOException {
        String json = Files.readString(file);
        return parse(json, localFunctionNames(json));
    }

    /** The substitutions {@link #readLocal} applies: {@code PlanRunFunction} → {@code plan-run}, and so on. */
    public static Map<String, String> localFunctionNames(String json) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(json);
        while (placeholder.find()) {
            String key = placeholder.group(1);
            if (!key.endsWith("Function") || key.equals("Function")) {
                throw new DefinitionException("Placeholder ${" + key + "} has no local value: only ${<Name>Function} "
                        + "placeholders are resolved by the embedded runner");
            }
            String stem = key.substring(0, key.length() - "Function".length());
            names.put(key, stem.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    /** The definition text with each {@code ${key}} replaced by its value, as {@link #parse(String, Map)} reads it. */
    public static String substitute(String json, Map<String, String> substitutions) {
        String text = json;
        for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
            text = text.replace("${" + substitution.getKey() + "}", substitution.getValue());
        }
        return text;
    }

    /** Loads a definition given as JSON text. */
    public static StateMachine parse(String json) {
        return parse(json, Map.of());
    }

    /**
     * Loads a definition after replacing each {@code ${key}} with its value, as CloudFormation's
     * {@code DefinitionSubstitutions} do (e.g. function ARNs).
     */
    public static StateMachine parse(String json, Map<String, String> substitutions) {
        String text = substitute(json, substitutions);
        JsonNode definition;
        try {
            definition = JsonPaths.JSON.readTree(text);
        } catch (JsonProcessingException invalid) {
            throw new DefinitionException("The definition is not valid JSON: " + invalid.getOriginalMessage());
        }
        return new DefinitionParser().machine(definition, "the state machine");
    }

    /** The state called {@code name}; it exists, since transitions are checked when loading. */
    State state(String name) {
        return states.get(name);
    }
}
