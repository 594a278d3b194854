package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.FilterShardRequest;
import engram.functions.api.FilterShardResult;
import engram.functions.api.Requests;
import engram.functions.api.Valid;
import engram.functions.config.EngramConfig;
import engram.functions.runtime.ModelCache;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.filter.BeaconConfig;
import engram.knowledge.filter.BeaconSelection;
import engram.knowledge.filter.SemanticBeacons;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code filter-shard}: Semantic Beacons over one dataset shard under the base model. */
public class FilterShardFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;

    /** Splits the shard into {@code kept.jsonl} (with loss weights) and {@code dropped.jsonl} (with reasons). */
    @Funq("filter-shard")
    public FilterShardResult filterShard(JsonNode body) {
        Valid<FilterShardRequest, BeaconConfig> valid = Requests.read(body, FilterShardRequest.class).validate(config);
        FilterShardRequest request = valid.request();
        return operations.run("filter-shard", request.runId(), request, FilterShardResult.class, call -> {
            List<KnowledgeItem> candidates = call.items("shard", request.shard(), request.format());
            List<KnowledgeItem> targets = request.targets() == null ? List.of()
                    : call.items("targets", request.targets(), request.format());
            call.charge(candidates.size() + targets.size(), request.budgetUsd());
            BeaconSelection selection;
            String modelHash;
            try (ModelCache.Lease lease = models.shared("model", request.model())) {
                selection = SemanticBeacons.select(lease.model(), lease.tokenizer(), targets, candidates,
                        valid.settings());
                modelHash = lease.sha256();
            }
            ArtifactRef kept = call.putLines("kept.jsonl", selection.kept().stream().map(Lines::kept).toList());
            ArtifactRef dropped = call.putLines("dropped.jsonl", selection.dropped().stream().map(Lines::dropped).toList());
            Map<String, Integer> byReason = new TreeMap<>();
            selection.dropped().forEach(d -> byReason.merge(d.reason().name(), 1, Integer::sum));
            return call.commit(modelHash, null, Map.of(), new FilterShardResult(kept, dropped,
                    call.outputs().manifest(), candidates.size(), selection.kept().size(), selection.dropped().size(),
                    byReason, call.cost()));
        });
    }
}
