package engram.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns ASL JSON into {@link State} records, checking every field once, at load time. */
final class DefinitionParser {
    private static final Set<String> IO = Set.of("Type", "Comment", "InputPath", "OutputPath");
    private static final Set<String> FLOW = Set.of("Next", "End");
    private static final Set<String> RESULT = Set.of("ResultPath", "ResultSelector", "Retry", "Catch");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Task", union(IO, FLOW, RESULT, Set.of("Resource", "Parameters", "TimeoutSeconds")),
            "Pass", union(IO, FLOW, Set.of("Parameters", "Result", "ResultPath")),
            "Choice", union(IO, Set.of("Choices", "Default")),
            "Wait", union(IO, FLOW, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
            "Succeed", IO,
            "Fail", Set.of("Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath"),
            "Map", union(IO, FLOW, RESULT, Set.of("ItemsPath", "ItemProcessor", "Iterator", "ItemSelector",
                    "Parameters", "MaxConcurrency")),
            "Parallel", union(IO, FLOW, RESULT, Set.of("Branches", "Parameters")));

    private static final Set<String> DISTRIBUTED_MAP = Set.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
            "ToleratedFailureCountPath", "Label");

    /** Every state name seen so far: ASL requires names to be unique across the whole definition. */
    private final Set<String> allNames = new HashSet<>();

    StateMachine machine(JsonNode definition, String owner) {
        if (definition == null || !definition.isObject()) {
            throw new DefinitionException(owner + " must be a JSON object");
        }
        for (String field : iterable(definition.fieldNames())) {
            if (field.equals("QueryLanguage") && !definition.get(field).asText().equals("JSONPath")) {
                throw new DefinitionException(owner + ": QueryLanguage '" + definition.get(field).asText()
                        + "' is not supported; the embedded runner executes the JSONPath dialect only");
            }
            if (!Set.of("StartAt", "States", "Comment", "Version", "QueryLanguage", "ProcessorConfig").contains(field)) {
                throw new DefinitionException(owner + ": field '" + field + "' is not supported by the embedded runner");
            }
        }
        JsonNode mode = definition.path("ProcessorConfig").path("Mode");
        if (!mode.isMissingNode() && !mode.asText().equals("INLINE")) {
            throw new DefinitionException(owner + ": ProcessorConfig.Mode '" + mode.asText()
                    + "' is not supported; distributed Map needs AWS, the embedded runner runs INLINE only");
        }
        JsonNode statesNode = definition.get("States");
        if (!definition.path("StartAt").isTextual() || statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            throw new DefinitionException(owner + " needs StartAt and a non-empty States object");
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (String name : iterable(statesNode.fieldNames())) {
            if (!allNames.add(name)) {
                throw new DefinitionException("State '" + name + "' is defined twice; state names must be unique");
            }
            states.put(name, state(name, statesNode.get(name)));
        }
        String startAt = definition.get("StartAt").textValue();
        if (!states.containsKey(startAt)) {
            throw new DefinitionException(owner + ": StartAt '" + startAt + "' is not a state");
        }
        checkTargets(states);
        return new StateMachine(startAt, Map.copyOf(states));
    }

    private State state(String name, JsonNode node) {
        String type = node.path("Type").asText();
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            throw DefinitionException.at(name, "Type", "'" + type + "' is not a supported state type " + FIELDS.keySet());
        }
        for (String field : iterable(node.fieldNames())) {
            if (type.equals("Map") && DISTRIBUTED_MAP.contains(field)) {
                throw DefinitionException.at(name, field, "belongs to a distributed Map, which the embedded runner does not support");
            }
            if (!allowed.contains(field)) {
                throw DefinitionException.at(name, field, "is not supported in a " + type + " state by the embedded runner");
            }
        }
        State.Filters filters = new State.Filters(path(node, "InputPath", name), path(node, "OutputPath", name));
        switch (type) {
            case "Task": return task(name, node, filters);
            case "Pass": return new State.Pass(name, filters, PayloadTemplate.parse(node.get("Parameters"), name, "Parameters"),
                    node.get("Result"), resultPath(node, name), transition(node, name));
            case "Choice": return choice(name, node, filters);
            case "Wait": return waitState(name, node, filters);
            case "Succeed": return new State.Succeed(name, filters);
            case "Fail": return new State.Fail(name, text(node, "Error", name), checkedPath(node, "ErrorPath", name),
                    text(node, "Cause", name), checkedPath(node, "CausePath", name));
            case "Map": return map(name, node, filters);
            default: return parallel(name, node, filters);
        }
    }

    private State task(String name, JsonNode node, State.Filters filters) {
        if (!node.path("Resource").isTextual()) {
            throw DefinitionException.at(name, "Resource", "is required and must be a string");
        }
        JsonNode timeout = node.get("TimeoutSeconds");
        if (timeout != null && (!timeout.canConvertToInt() || timeout.intValue() < 1)) {
            throw DefinitionException.at(name, "TimeoutSeconds", "must be a positive integer");
        }
        return new State.Task(name, filters, TaskResource.parse(node.get("Resource").textValue(), node.get("Parameters"), name),
                PayloadTemplate.parse(node.get("Parameters"), name, "Parameters"), result(node, name),
                timeout == null ? null : timeout.intValue(), retriers(node, name), catchers(node, name), transition(node, name));
    }

    private State choice(String name, JsonNode node, State.Filters filters) {
        JsonNode choices = node.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw DefinitionException.at(name, "Choices", "must be a non-empty array");
        }
        List<ChoiceRule.Branch> branches = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            JsonNode rule = choices.get(i);
            if (!rule.path("Next").isTextual()) {
                throw DefinitionException.at(name, "Choices[" + i + "].Next", "is required");
            }
            branches.add(new ChoiceRule.Branch(ChoiceRule.parse(rule, name, "Choices[" + i + "]", true), rule.get("Next").textValue()));
        }
        return new State.Choice(name, filters, List.copyOf(branches), text(node, "Default", name));
    }

    private State waitState(String name, JsonNode node, State.Filters filters) {
        List<String> given = new ArrayList<>();
        for (String field : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
            if (node.has(field)) {
                given.add(field);
            }
        }
        if (given.size() != 1) {
            throw DefinitionException.at(name, "Seconds", "exactly one of Seconds, SecondsPath, Timestamp, TimestampPath is required, got " + given);
        }
        JsonNode seconds = node.get("Seconds");
        if (seconds != null && (!seconds.canConvertToLong() || seconds.longValue() < 0)) {
            throw DefinitionException.at(name, "Seconds", "must be a non-negative integer");
        }
        Instant timestamp = null;
        if (node.has("Timestamp")) {
            try {
                timestamp = java.time.OffsetDateTime.parse(node.get("Timestamp").asText()).toInstant();
            } catch (DateTimeParseException invalid) {
                throw DefinitionException.at(name, "Timestamp", "must be an RFC 3339 timestamp");
            }
        }
        return new State.Wait(name, filters, seconds == null ? null : seconds.longValue(), checkedPath(node, "SecondsPath", name),
                timestamp, checkedPath(node, "TimestampPath", name), transition(node, name));
    }

    private State map(String name, JsonNode node, State.Filters filters) {
        if (node.has("ItemProcessor") == node.has("Iterator")) {
            throw DefinitionException.at(name, "ItemProcessor", "exactly one of ItemProcessor and Iterator is required");
        }
        if (node.has("ItemSelector") && node.has("Parameters")) {
            throw DefinitionException.at(name, "Parameters", "cannot be used together with ItemSelector");
        }
        JsonNode concurrency = node.get("MaxConcurrency");
        if (concurrency != null && (!concurrency.canConvertToInt() || concurrency.intValue() < 0)) {
            throw DefinitionException.at(name, "MaxConcurrency", "must be a non-negative integer");
        }
        JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
        String selectorField = node.has("ItemSelector") ? "ItemSelector" : "Parameters";
        return new State.Map(name, filters, checkedPath(node, "ItemsPath", name),
                PayloadTemplate.parse(node.get(selectorField), name, selectorField),
                concurrency == null ? 0 : concurrency.intValue(),
                machine(processor, "State '" + name + "': ItemProcessor"), result(node, name),
                retriers(node, name), catchers(node, name), transition(node, name));
    }

    private State parallel(String name, JsonNode node, State.Filters filters) {
        JsonNode branchesNode = node.get("Branches");
        if (branchesNode == null || !branchesNode.isArray() || branchesNode.isEmpty()) {
            throw DefinitionException.at(name, "Branches", "must be a non-empty array");
        }
        List<StateMachine> branches = new ArrayList<>();
        for (int i = 0; i < branchesNode.size(); i++) {
            branches.add(machine(branchesNode.get(i), "State '" + name + "': Branches[" + i + "]"));
        }
        return new State.Parallel(name, filters, PayloadTemplate.parse(node.get("Parameters"), name, "Parameters"),
                List.copyOf(branches), result(node, name), retriers(node, name), catchers(node, name), transition(node, name));
    }

    private List<Retrier> retriers(JsonNode node, String name) {
        List<Retrier> retriers = new ArrayList<>();
        JsonNode retry = node.path("Retry");
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String where = "Retry[" + i + "]";
            for (String field : iterable(r.fieldNames())) {
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                        "JitterStrategy", "Comment").contains(field)) {
                    throw DefinitionException.at(name, where + "." + field, "is not supported");
                }
            }
            if (!r.path("JitterStrategy").asText("NONE").equals("NONE")) {
                throw DefinitionException.at(name, where + ".JitterStrategy", "'" + r.get("JitterStrategy").asText()
                        + "' is not supported: jitter is random and runs must be repeatable");
            }
            retriers.add(new Retrier(errorEquals(r, name, where, i == retry.size() - 1), r.path("IntervalSeconds").asDouble(1),
                    r.path("MaxAttempts").asInt(3), r.path("BackoffRate").asDouble(2.0),
                    r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null));
        }
        return List.copyOf(retriers);
    }

    private List<Catcher> catchers(JsonNode node, String name) {
        List<Catcher> catchers = new ArrayList<>();
        JsonNode catches = node.path("Catch");
        for (int i = 0; i < catches.size(); i++) {
            JsonNode c = catches.get(i);
            String where = "Catch[" + i + "]";
            for (String field : iterable(c.fieldNames())) {
                if (!Set.of("ErrorEquals", "ResultPath", "Next", "Comment").contains(field)) {
                    throw DefinitionException.at(name, where + "." + field, "is not supported");
                }
            }
            if (!c.path("Next").isTextual()) {
                throw DefinitionException.at(name, where + ".Next", "is required");
            }
            catchers.add(new Catcher(errorEquals(c, name, where, i == catches.size() - 1), resultPath(c, name),
                    c.get("Next").textValue()));
        }
        return List.copyOf(catchers);
    }

    private static List<String> errorEquals(JsonNode node, String name, String where, boolean last) {
        JsonNode errors = node.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            throw DefinitionException.at(name, where + ".ErrorEquals", "must be a non-empty array of error names");
        }
        List<String> names = new ArrayList<>();
        errors.forEach(error -> names.add(error.asText()));
        if (names.contains("States.ALL") && (names.size() > 1 || !last)) {
            throw DefinitionException.at(name, where + ".ErrorEquals", "States.ALL must appear alone, in the last entry");
        }
        return List.copyOf(names);
    }

    private static State.ResultHandling result(JsonNode node, String name) {
        return new State.ResultHandling(PayloadTemplate.parse(node.get("ResultSelector"), name, "ResultSelector"),
                resultPath(node, name));
    }

    private static ResultPath resultPath(JsonNode node, String name) {
        if (!node.has("ResultPath")) {
            return ResultPath.ROOT;
        }
        JsonNode value = node.get("ResultPath");
        return ResultPath.parse(value.isNull() ? null : value.asText(), name, "ResultPath");
    }

    private static State.Transition transition(JsonNode node, String name) {
        boolean end = node.path("End").asBoolean(false);
        if (end == node.has("Next")) {
            throw DefinitionException.at(name, "Next", "exactly one of Next and \"End\": true is required");
        }
        return end ? State.Transition.END : new State.Transition(node.get("Next").asText());
    }

    /** InputPath/OutputPath: "$" when absent, null when JSON null. */
    private static String path(JsonNode node, String field, String name) {
        if (!node.has(field)) {
            return "$";
        }
        return node.get(field).isNull() ? null : JsonPaths.check(node.get(field).asText(), name, field);
    }

    private static String checkedPath(JsonNode node, String field, String name) {
        return node.has(field) ? JsonPaths.check(node.get(field).asText(), name, field) : null;
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value != null && !value.isTextual()) {
            throw DefinitionException.at(name, field, "must be a string");
        }
        return value == null ? null : value.textValue();
    }

    private static void checkTargets(Map<String, State> states) {
        for (State state : states.values()) {
            List<String> targets = new ArrayList<>();
            state.catchers().forEach(c -> targets.add(c.next()));
            if (state instanceof State.Choice choice) {
                choice.choices().forEach(b -> targets.add(b.next()));
                targets.add(choice.defaultState());
            }
            State.Transition transition = transitionOf(state);
            if (transition != null) {
                targets.add(transition.next());
            }
            for (String target : targets) {
                if (target != null && !states.containsKey(target)) {
                    throw DefinitionException.at(state.name(), "Next", "names '" + target + "', which is not a state of the same state machine");
                }
            }
        }
    }

    static State.Transition transitionOf(State state) {
        if (state instanceof State.Task s) {
            return s.transition();
        } else if (state instanceof State.Pass s) {
            return s.transition();
        } else if (state instanceof State.Wait s) {
            return s.transition();
        } else if (state instanceof State.Map s) {
            return s.transition();
        } else if (state instanceof State.Parallel s) {
            return s.transition();
        }
        return null;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    private static Iterable<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
