package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.api.ScoreKnowledgeRequest;
import engram.functions.api.ScoreKnowledgeResult;
import engram.functions.api.Valid;
import engram.functions.config.EngramConfig;
import engram.functions.runtime.ModelCache;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.lora.TaiaMode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** {@code score-knowledge}: how well a model, with or without an edit folder, knows each item. */
public class ScoreKnowledgeFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;

    /** Writes {@code scores.jsonl} (one line per item) and returns the bucket counts. */
    @Funq("score-knowledge")
    public ScoreKnowledgeResult scoreKnowledge(JsonNode body) {
        Valid<ScoreKnowledgeRequest, KnowledgeScorer.Options> valid =
                Requests.read(body, ScoreKnowledgeRequest.class).validate(config);
        ScoreKnowledgeRequest request = valid.request();
        return operations.run("score-knowledge", request.runId(), request, ScoreKnowledgeResult.class, call -> {
            List<KnowledgeItem> items = call.items("dataset", request.dataset(), request.format());
            call.charge(items.size(), request.budgetUsd());
            KnowledgeScorer.Options options = valid.settings();
            List<KnowledgeScorer.ItemScore> scores;
            String modelHash;
            String editHash;
            try (ModelInUse use = ModelInUse.open(models, request.model(), request.adapter(), TaiaMode.TUNED)) {
                scores = KnowledgeScorer.score(use.applyEdit().model(), use.tokenizer(), items, options);
                modelHash = use.modelHash();
                editHash = use.editHash();
            }
            ArtifactRef file = call.putLines("scores.jsonl", scores.stream().map(Lines::score).toList());
            KnowledgeScorer.Summary s = KnowledgeScorer.Summary.of(scores);
            return call.commit(modelHash, editHash, Map.of(), new ScoreKnowledgeResult(file,
                    call.outputs().manifest(), s.items(), s.known(), s.partlyKnown(), s.unknown(),
                    Lines.finite(s.meanTokenAccuracy()), Lines.finite(s.meanLogProbability()), call.cost()));
        });
    }
}
