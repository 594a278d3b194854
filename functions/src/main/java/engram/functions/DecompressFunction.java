package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Check;
import engram.functions.api.DecompressRequest;
import engram.functions.api.DecompressResult;
import engram.functions.api.Requests;
import engram.functions.api.Valid;
import engram.functions.config.EngramConfig;
import engram.functions.runtime.ModelCache;
import engram.knowledge.EngramJsonl;
import engram.knowledge.decompress.DialogueTree;
import engram.knowledge.decompress.TreeConfig;
import engram.knowledge.decompress.TreeGenerator;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@code decompress}: what a model knows about some roots, written out as replay data (Tree Generation). */
public class DecompressFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;

    /** Grows one tree per distinct root and writes {@code replay.jsonl} (one item per path) and {@code trees.json}. */
    @Funq("decompress")
    public DecompressResult decompress(JsonNode body) {
        Valid<DecompressRequest, DecompressRequest.Settings> valid =
                Requests.read(body, DecompressRequest.class).validate(config);
        DecompressRequest request = valid.request();
        TreeConfig tree = valid.settings().tree();
        return operations.run("decompress", request.runId(), request, DecompressResult.class, call -> {
            List<String> roots = request.inlineRoots() != null ? List.copyOf(new LinkedHashSet<>(request.inlineRoots()))
                    : call.items("roots", request.roots(), request.format()).stream()
                            .map(i -> i.subject().isBlank() ? i.prompt() : i.subject()).distinct().toList();
            long leaves = roots.size() * tree.fullLeafCount();
            Check.atMost(leaves, config.limits().maxItems(), "tree.branching");
            call.charge((int) leaves, request.budgetUsd());
            List<DialogueTree> grown;
            String modelHash;
            try (ModelCache.Lease lease = models.shared("model", request.model())) {
                grown = TreeGenerator.growAll(lease.model(), lease.tokenizer(), roots, valid.settings().template(), tree);
                modelHash = lease.sha256();
            }
            List<TreeSummary> summaries = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (int t = 0; t < grown.size(); t++) {
                TreeSummary summary = TreeSummary.of(t, grown.get(t), tree);
                summaries.add(summary);
                summary.items().stream().map(EngramJsonl::line).forEach(lines::add);
            }
            ArtifactRef replay = call.putLines("replay.jsonl", lines);
            int dropped = summaries.stream().mapToInt(TreeSummary::duplicatesDropped).sum();
            ArtifactRef report = call.outputs().put("trees.json", Requests.json().writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(Map.of("trees", summaries, "paths", lines.size(), "duplicatesDropped", dropped)));
            return call.commit(modelHash, null, Map.of("tree", tree.seed()), new DecompressResult(replay, report,
                    call.outputs().manifest(), grown.size(), lines.size(), dropped, call.cost()));
        });
    }
}
