package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.AggregateShardsRequest;
import engram.functions.api.AggregateShardsResult;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidDatasetException;
import engram.knowledge.EngramJsonl;
import engram.knowledge.Format;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer.Bucket;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code aggregate-shards}: the step between a training run's Map over shards and its edit. It joins the items the
 * filter kept, in shard order, keeps those whose knowledge score falls in the selected buckets (by default what
 * the model does not know yet), writes them as one dataset and sums what the shards were charged.
 */
public class AggregateShardsFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;

    @Funq("aggregate-shards")
    public AggregateShardsResult aggregateShards(JsonNode body) {
        AggregateShardsRequest request = Requests.read(body, AggregateShardsRequest.class).validate(config);
        return operations.run("aggregate-shards", request.runId(), request, AggregateShardsResult.class, call -> {
            List<String> selected = new ArrayList<>();
            int candidates = 0;
            long shardsCost = 0;
            for (int i = 0; i < request.shards().size(); i++) {
                AggregateShardsRequest.Shard shard = request.shards().get(i);
                String field = "shards[" + i + "]";
                List<KnowledgeItem> kept = call.items(field + ".kept", shard.kept(), Format.ENGRAM_JSONL);
                Map<String, Bucket> buckets = buckets(call.lines(field + ".scores", shard.scores()), shard.scores());
                candidates += kept.size();
                shardsCost += shard.costMicros();
                for (KnowledgeItem item : kept) {
                    Bucket bucket = buckets.get(item.id());
                    if (bucket == null) {
                        throw new InvalidDatasetException(field + ".scores", shard.scores().uri(),
                                "no score for kept item '" + item.id() + "'", null);
                    }
                    if (request.select().buckets().contains(bucket)) {
                        selected.add(EngramJsonl.line(item));
                    }
                }
            }
            call.charge(candidates, null);
            ArtifactRef dataset = call.putLines("edits.jsonl", selected);
            return call.commit(null, null, Map.of(), new AggregateShardsResult(dataset, call.outputs().manifest(),
                    selected.size(), candidates, shardsCost, call.cost()));
        });
    }

    /** Item id to bucket, from score-knowledge's {@code scores.jsonl}. */
    private static Map<String, Bucket> buckets(List<String> lines, ArtifactRef scores) {
        Map<String, Bucket> out = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            try {
                JsonNode line = Requests.json().readTree(lines.get(n));
                out.put(line.get("id").asText(), Bucket.valueOf(line.get("bucket").asText().toUpperCase(Locale.ROOT)));
            } catch (Exception e) {
                throw new InvalidDatasetException("scores", scores.uri() + ":" + (n + 1),
                        "not a score-knowledge line: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
