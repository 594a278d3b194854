package engram.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * A parsed intrinsic function call such as {@code States.Format('run {}', $.runId)}. Arguments are
 * string literals in single quotes, numbers, {@code true}/{@code false}/{@code null}, paths and nested calls.
 * Supported: Format, StringToJson, JsonToString, Array, MathAdd, ArrayLength, ArrayGetItem, ArrayContains,
 * ArrayRange, StringSplit, Base64Encode, Base64Decode. UUID and MathRandom are rejected: they are not
 * deterministic, and runs must be repeatable.
 */
final class IntrinsicFunction {
    private static final Set<String> SUPPORTED = Set.of("States.Format", "States.StringToJson", "States.JsonToString",
            "States.Array", "States.MathAdd", "States.ArrayLength", "States.ArrayGetItem", "States.ArrayContains",
            "States.ArrayRange", "States.StringSplit", "States.Base64Encode", "States.Base64Decode");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final List<Object> arguments; // JsonNode literal, PathArgument, or IntrinsicFunction

    private record PathArgument(String path) {}

    // An escaped brace in a string literal ('\\{') is never a Format placeholder; it is marked until then.
    private static final char ESCAPED_OPEN = '\uE000';
    private static final char ESCAPED_CLOSE = '\uE001';

    private IntrinsicFunction(String name, List<Object> arguments) {
        this.name = name;
        this.arguments = arguments;
    }

    /** Parses the whole of {@code text}; errors name the state and field. */
    static IntrinsicFunction parse(String text, String stateName, String field) {
        Parser parser = new Parser(text, stateName, field);
        IntrinsicFunction call = parser.call();
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.error("unexpected text after the call");
        }
        return call;
    }

    /** Evaluates the call; bad argument types are {@code States.Runtime} errors. */
    JsonNode evaluate(JsonNode input, JsonNode context) {
        List<JsonNode> values = new ArrayList<>();
        for (Object argument : arguments) {
            boolean formatTemplate = name.equals("States.Format") && values.isEmpty();
            if (argument instanceof JsonNode literal && literal.isTextual() && !formatTemplate) {
                values.add(NODES.textNode(unescapeBraces(literal.textValue())));
            } else if (argument instanceof PathArgument path) {
                values.add(JsonPaths.read(path.path(), input, context));
            } else if (argument instanceof IntrinsicFunction nested) {
                values.add(nested.evaluate(input, context));
            } else {
                values.add((JsonNode) argument);
            }
        }
        return apply(values);
    }

    private JsonNode apply(List<JsonNode> args) {
        switch (name) {
            case "States.Format": return NODES.textNode(format(args));
            case "States.StringToJson": return parseJson(text(args, 0));
            case "States.JsonToString": return NODES.textNode(arg(args, 0).toString());
            case "States.Array": return NODES.arrayNode().addAll(args);
            case "States.MathAdd": return NODES.numberNode(integer(args, 0) + integer(args, 1));
            case "States.ArrayLength": return NODES.numberNode(array(args, 0).size());
            case "States.ArrayGetItem": return array(args, 0).path((int) integer(args, 1));
            case "States.ArrayContains": return NODES.booleanNode(contains(array(args, 0), arg(args, 1)));
            case "States.ArrayRange": return range(integer(args, 0), integer(args, 1), integer(args, 2));
            case "States.StringSplit": return split(text(args, 0), text(args, 1));
            case "States.Base64Encode":
                return NODES.textNode(Base64.getEncoder().encodeToString(text(args, 0).getBytes(StandardCharsets.UTF_8)));
            case "States.Base64Decode":
                return NODES.textNode(new String(Base64.getDecoder().decode(text(args, 0)), StandardCharsets.UTF_8));
            default: throw new IllegalStateException("unreachable: " + name + " passed the load-time check");
        }
    }

    private String format(List<JsonNode> args) {
        String template = text(args, 0);
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                JsonNode value = arg(args, next++);
                if (value.isContainerNode()) {
                    throw StateError.runtime(name + ": argument " + next + " must be a string, number, boolean or null");
                }
                out.append(value.isTextual() ? value.textValue() : value.toString());
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != args.size()) {
            throw StateError.runtime(name + ": " + (next - 1) + " placeholders but " + (args.size() - 1) + " values");
        }
        return unescapeBraces(out.toString());
    }

    private static String unescapeBraces(String text) {
        return text.replace(ESCAPED_OPEN, '{').replace(ESCAPED_CLOSE, '}');
    }

    private JsonNode parseJson(String text) {
        try {
            return JsonPaths.JSON.readTree(text);
        } catch (JsonProcessingException invalid) {
            throw StateError.runtime(name + ": not JSON: " + text);
        }
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode range(long first, long last, long step) {
        ArrayNode out = NODES.arrayNode();
        for (long i = first; step > 0 ? i <= last : i >= last; i += step) {
            out.add(i);
        }
        return out;
    }

    private static ArrayNode split(String text, String delimiters) {
        ArrayNode out = NODES.arrayNode();
        StringBuilder part = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (delimiters.indexOf(c) >= 0) {
                if (part.length() > 0) {
                    out.add(part.toString());
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (part.length() > 0) {
            out.add(part.toString());
        }
        return out;
    }

    private JsonNode arg(List<JsonNode> args, int index) {
        if (index >= args.size()) {
            throw StateError.runtime(name + ": missing argument " + (index + 1));
        }
        return args.get(index);
    }

    private String text(List<JsonNode> args, int index) {
        JsonNode value = arg(args, index);
        if (!value.isTextual()) {
            throw StateError.runtime(name + ": argument " + (index + 1) + " must be a string, got " + value);
        }
        return value.textValue();
    }

    private long integer(List<JsonNode> args, int index) {
        JsonNode value = arg(args, index);
        if (!value.isIntegralNumber() && !(value.isNumber() && value.doubleValue() == Math.rint(value.doubleValue()))) {
            throw StateError.runtime(name + ": argument " + (index + 1) + " must be an integer, got " + value);
        }
        return value.longValue();
    }

    private JsonNode array(List<JsonNode> args, int index) {
        JsonNode value = arg(args, index);
        if (!value.isArray()) {
            throw StateError.runtime(name + ": argument " + (index + 1) + " must be an array, got " + value);
        }
        return value;
    }

    /** Recursive-descent parser over the call's text. */
    private static final class Parser {
        private final String text;
        private final String stateName;
        private final String field;
        private int position;

        Parser(String text, String stateName, String field) {
            this.text = text;
            this.stateName = stateName;
            this.field = field;
        }

        IntrinsicFunction call() {
            skipSpaces();
            int start = position;
            while (position < text.length() && (Character.isLetterOrDigit(peek()) || peek() == '.')) {
                position++;
            }
            String name = text.substring(start, position);
            if (name.equals("States.UUID") || name.equals("States.MathRandom")) {
                throw error(name + " is not supported: it is not deterministic");
            }
            if (!SUPPORTED.contains(name)) {
                throw error("intrinsic function '" + name + "' is not supported (supported: " + SUPPORTED + ")");
            }
            expect('(');
            List<Object> arguments = new ArrayList<>();
            skipSpaces();
            if (peek() != ')') {
                do {
                    skipSpaces();
                    arguments.add(argument());
                    skipSpaces();
                } while (consume(','));
            }
            expect(')');
            return new IntrinsicFunction(name, List.copyOf(arguments));
        }

        private Object argument() {
            char c = peek();
            if (c == '\'') {
                return NODES.textNode(quoted());
            }
            if (c == '$') {
                return new PathArgument(JsonPaths.check(pathText(), stateName, field));
            }
            if (text.startsWith("States.", position)) {
                return call();
            }
            int start = position;
            while (position < text.length() && ",) ".indexOf(peek()) < 0) {
                position++;
            }
            String literal = text.substring(start, position);
            try {
                return JsonPaths.JSON.readTree(literal);
            } catch (JsonProcessingException | IllegalArgumentException invalid) {
                throw error("argument '" + literal + "' is neither a string, a number, a boolean, null, a path nor a call");
            }
        }

        private String quoted() {
            StringBuilder out = new StringBuilder();
            position++;
            while (position < text.length() && peek() != '\'') {
                char c = text.charAt(position++);
                if (c == '\\' && position < text.length()) {
                    c = text.charAt(position++);
                    c = c == '{' ? ESCAPED_OPEN : c == '}' ? ESCAPED_CLOSE : c;
                }
                out.append(c);
            }
            expect('\'');
            return out.toString();
        }

        private String pathText() {
            int start = position;
            int brackets = 0;
            boolean inQuotes = false;
            while (position < text.length()) {
                char c = peek();
                if (c == '\'') {
                    inQuotes = !inQuotes;
                } else if (!inQuotes && c == '[') {
                    brackets++;
                } else if (!inQuotes && c == ']') {
                    brackets--;
                } else if (!inQuotes && brackets == 0 && (c == ',' || c == ')')) {
                    break;
                }
                position++;
            }
            return text.substring(start, position).trim();
        }

        void skipSpaces() {
            while (position < text.length() && peek() == ' ') {
                position++;
            }
        }

        private char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        private boolean consume(char c) {
            if (peek() == c) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("expected '" + c + "' at position " + position);
            }
        }

        DefinitionException error(String problem) {
            return DefinitionException.at(stateName, field, "has an invalid intrinsic function call \"" + text + "\": " + problem);
        }
    }
}
