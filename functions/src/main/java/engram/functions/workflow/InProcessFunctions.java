package engram.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import engram.asl.StateError;
import engram.asl.TaskHandler;
import engram.functions.FunctionRegistry;
import engram.functions.api.Requests;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The embedded runner's task handler: a state machine's Task calls the function of that name in this process
 * ({@link FunctionRegistry}), with the same JSON in and out as over HTTP or Lambda. A failure keeps its exception,
 * whose class name the runner turns into the ASL error name, as Lambda does.
 */
@ApplicationScoped
public class InProcessFunctions implements TaskHandler {
    @Inject @Any Instance<Object> beans;

    /** Each function's bean (Funqy makes every function class a {@code @Dependent} bean), by name. */
    private final Map<String, Object> instances = new LinkedHashMap<>();

    @PostConstruct
    void register() {
        for (FunctionRegistry.Entry function : FunctionRegistry.all()) {
            instances.put(function.name(), beans.select(function.type()).get());
        }
    }

    /** The names a state machine may call. */
    public Set<String> names() {
        return instances.keySet();
    }

    @Override
    public JsonNode invoke(String functionName, JsonNode input) {
        FunctionRegistry.Entry function = FunctionRegistry.named(functionName).orElseThrow(() -> new StateError(
                "Lambda.ResourceNotFoundException", "no function named '" + functionName + "' in this process; known: "
                + names()));
        return Requests.json().valueToTree(function.invoke(instances.get(functionName), input));
    }
}
