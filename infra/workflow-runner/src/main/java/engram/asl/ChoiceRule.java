package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Choice rule: a comparison of {@code Variable} against a literal or a path ({@code ...Path} operators),
 * a type test ({@code IsPresent}, {@code IsNull}, ...), or {@code And}/{@code Or}/{@code Not} of rules.
 * As in Step Functions, comparing values of the wrong type is false, and a Variable that does not exist
 * is a {@code States.Runtime} error except for {@code IsPresent}.
 */
public sealed interface ChoiceRule permits ChoiceRule.And, ChoiceRule.Or, ChoiceRule.Not, ChoiceRule.Comparison {

    /** Whether the rule holds for the Choice state's effective input. */
    boolean matches(JsonNode input, JsonNode context);

    /** A top-level rule and the state it leads to. */
    record Branch(ChoiceRule rule, String next) {}

    /** All of the rules hold. */
    record And(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            return rules.stream().allMatch(rule -> rule.matches(input, context));
        }
    }

    /** At least one of the rules holds. */
    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            return rules.stream().anyMatch(rule -> rule.matches(input, context));
        }
    }

    /** The rule does not hold. */
    record Not(ChoiceRule rule) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            return !rule.matches(input, context);
        }
    }

    /**
     * {@code Variable operator operand}: {@code operator} is the ASL name without a {@code Path} suffix;
     * {@code operandIsPath} says whether {@code operand} is a path to read rather than the value itself.
     */
    record Comparison(String variable, String operator, JsonNode operand, boolean operandIsPath) implements ChoiceRule {
        @Override
        public boolean matches(JsonNode input, JsonNode context) {
            if (operator.equals("IsPresent")) {
                return JsonPaths.exists(variable, input, context) == operand.booleanValue();
            }
            JsonNode value = JsonPaths.read(variable, input, context);
            JsonNode expected = operandIsPath ? JsonPaths.read(operand.textValue(), input, context) : operand;
            if (operator.startsWith("Is")) {
                return typeTest(value) == expected.booleanValue();
            }
            return compare(value, expected);
        }

        private boolean typeTest(JsonNode value) {
            switch (operator) {
                case "IsNull": return value.isNull();
                case "IsNumeric": return value.isNumber();
                case "IsString": return value.isTextual();
                case "IsBoolean": return value.isBoolean();
                case "IsTimestamp": return value.isTextual() && timestamp(value.textValue()) != null;
                default: throw new IllegalStateException("unreachable: " + operator);
            }
        }

        private boolean compare(JsonNode value, JsonNode expected) {
            String relation;
            int order;
            if (operator.startsWith("String")) {
                if (!value.isTextual() || !expected.isTextual()) {
                    return false;
                }
                relation = operator.substring("String".length());
                if (relation.equals("Matches")) {
                    return wildcardMatches(expected.textValue(), value.textValue());
                }
                order = value.textValue().compareTo(expected.textValue());
            } else if (operator.startsWith("Numeric")) {
                if (!value.isNumber() || !expected.isNumber()) {
                    return false;
                }
                relation = operator.substring("Numeric".length());
                order = value.decimalValue().compareTo(expected.decimalValue());
            } else if (operator.startsWith("Boolean")) {
                return value.isBoolean() && expected.isBoolean() && value.booleanValue() == expected.booleanValue();
            } else {
                OffsetDateTime actual = value.isTextual() ? timestamp(value.textValue()) : null;
                OffsetDateTime wanted = expected.isTextual() ? timestamp(expected.textValue()) : null;
                if (actual == null || wanted == null) {
                    return false;
                }
                relation = operator.substring("Timestamp".length());
                order = actual.toInstant().compareTo(wanted.toInstant());
            }
            switch (relation) {
                case "Equals": return order == 0;
                case "LessThan": return order < 0;
                case "GreaterThan": return order > 0;
                case "LessThanEquals": return order <= 0;
                case "GreaterThanEquals": return order >= 0;
                default: throw new IllegalStateException("unreachable: " + operator);
            }
        }

        private static OffsetDateTime timestamp(String text) {
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException notATimestamp) {
                return null;
            }
        }

        /** StringMatches: {@code *} matches any run of characters; {@code \*} and {@code \\} are literal. */
        private static boolean wildcardMatches(String pattern, String text) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()) {
                    regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else if (c == '*') {
                    regex.append(".*");
                } else {
                    regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return text.matches(regex.toString());
        }
    }

    /** The comparison operators of the JSONPath dialect, without their {@code Path} variants. */
    Set<String> OPERATORS = Set.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "StringMatches", "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
            "NumericGreaterThanEquals", "BooleanEquals", "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan",
            "TimestampLessThanEquals", "TimestampGreaterThanEquals", "IsNull", "IsPresent", "IsNumeric", "IsString",
            "IsBoolean", "IsTimestamp");

    /** Parses one rule; {@code where} names its place, e.g. {@code Choices[0].And[1]}. */
    static ChoiceRule parse(JsonNode rule, String stateName, String where, boolean topLevel) {
        if (!rule.isObject()) {
            throw DefinitionException.at(stateName, where, "must be an object");
        }
        List<String> keys = new ArrayList<>();
        rule.fieldNames().forEachRemaining(keys::add);
        keys.remove("Comment");
        if (topLevel) {
            keys.remove("Next");
        }
        if (keys.size() == 1 && (keys.get(0).equals("And") || keys.get(0).equals("Or"))) {
            JsonNode list = rule.get(keys.get(0));
            if (!list.isArray() || list.isEmpty()) {
                throw DefinitionException.at(stateName, where + "." + keys.get(0), "must be a non-empty array of rules");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                rules.add(parse(list.get(i), stateName, where + "." + keys.get(0) + "[" + i + "]", false));
            }
            return keys.get(0).equals("And") ? new And(List.copyOf(rules)) : new Or(List.copyOf(rules));
        }
        if (keys.size() == 1 && keys.get(0).equals("Not")) {
            return new Not(parse(rule.get("Not"), stateName, where + ".Not", false));
        }
        return comparison(rule, keys, stateName, where);
    }

    private static ChoiceRule comparison(JsonNode rule, List<String> keys, String stateName, String where) {
        if (!keys.remove("Variable") || !rule.get("Variable").isTextual()) {
            throw DefinitionException.at(stateName, where, "needs a Variable (or And/Or/Not); fields: " + keys);
        }
        if (keys.size() != 1) {
            throw DefinitionException.at(stateName, where, "needs exactly one comparison operator, got " + keys);
        }
        String variable = JsonPaths.check(rule.get("Variable").textValue(), stateName, where + ".Variable");
        String operator = keys.get(0);
        JsonNode operand = rule.get(operator);
        boolean isPath = operator.endsWith("Path") && OPERATORS.contains(operator.substring(0, operator.length() - 4));
        String base = isPath ? operator.substring(0, operator.length() - 4) : operator;
        if (!OPERATORS.contains(base)) {
            throw DefinitionException.at(stateName, where + "." + operator, "is not a supported comparison operator");
        }
        if (isPath) {
            if (!operand.isTextual()) {
                throw DefinitionException.at(stateName, where + "." + operator, "must be a path string");
            }
            JsonPaths.check(operand.textValue(), stateName, where + "." + operator);
        } else if (!operandFits(base, operand)) {
            throw DefinitionException.at(stateName, where + "." + operator, "has a value of the wrong type: " + operand);
        }
        return new Comparison(variable, base, operand, isPath);
    }

    private static boolean operandFits(String operator, JsonNode operand) {
        if (operator.startsWith("Is") || operator.startsWith("Boolean")) {
            return operand.isBoolean();
        }
        return operator.startsWith("Numeric") ? operand.isNumber() : operand.isTextual();
    }
}
