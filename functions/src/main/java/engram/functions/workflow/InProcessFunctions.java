package engram.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.AggregateShardsFunction;
import engram.functions.ApplyEditFunction;
import engram.functions.DecompressFunction;
import engram.functions.FilterShardFunction;
import engram.functions.PlanRunFunction;
import engram.functions.RunEvalFunction;
import engram.functions.ScoreKnowledgeFunction;
import engram.functions.UnlearnFunction;
import engram.functions.api.Requests;
import engram.asl.StateError;
import engram.asl.TaskHandler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The embedded runner's task handler: a state machine's Task calls the function of that name in this process,
 * with the same JSON in and out as over HTTP or Lambda. A failure keeps its exception, whose class name the
 * runner turns into the ASL error name, as Lambda does.
 */
@ApplicationScoped
public class InProcessFunctions implements TaskHandler {
    @Inject FilterShardFunction filterShard;
    @Inject ScoreKnowledgeFunction scoreKnowledge;
    @Inject ApplyEditFunction applyEdit;
    @Inject RunEvalFunction runEval;
    @Inject PlanRunFunction planRun;
    @Inject AggregateShardsFunction aggregateShards;
    @Inject DecompressFunction decompress;
    @Inject UnlearnFunction unlearn;

    private final Map<String, Function<JsonNode, Object>> functions = new LinkedHashMap<>();

    @PostConstruct
    void register() {
        functions.put("filter-shard", filterShard::filterShard);
        functions.put("score-knowledge", scoreKnowledge::scoreKnowledge);
        functions.put("apply-edit", applyEdit::applyEdit);
        functions.put("run-eval", runEval::runEval);
        functions.put("plan-run", planRun::planRun);
        functions.put("aggregate-shards", aggregateShards::aggregateShards);
        functions.put("decompress", decompress::decompress);
        functions.put("unlearn", unlearn::unlearn);
    }

    /** The names a state machine may call. */
    public Set<String> names() {
        return functions.keySet();
    }

    @Override
    public JsonNode invoke(String functionName, JsonNode input) {
        Function<JsonNode, Object> function = functions.get(functionName);
        if (function == null) {
            throw new StateError("Lambda.ResourceNotFoundException", "no function named '" + functionName
                    + "' in this process; known: " + functions.keySet());
        }
        return Requests.json().valueToTree(function.apply(input));
    }
}
