package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.eval.EditEvaluation;
import engram.eval.EvalReports;
import engram.eval.UnlearningEvaluation;
import engram.eval.UnlearningScores;
import engram.eval.UnlearningSets;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.api.RunEvalRequest;
import engram.functions.api.RunEvalResult;
import engram.functions.runtime.EngramConfig;
import engram.functions.runtime.InvalidDatasetException;
import engram.functions.runtime.ModelCache;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.report.EvalReport;
import engram.report.ReportWriter;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code run-eval}: an editing, unlearning or knowledge evaluation, written as report.json and report.html. */
public class RunEvalFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;

    /** Evaluates and returns the report's location with its first row of metrics. */
    @Funq("run-eval")
    public RunEvalResult runEval(JsonNode body) {
        RunEvalRequest request = Requests.read(body, RunEvalRequest.class).validate(config);
        return operations.run("run-eval", request.runId(), request, RunEvalResult.class, call -> {
            List<KnowledgeItem> items = call.items("dataset", request.dataset(), request.format());
            List<UnlearningSets.ItemSet> retain = new ArrayList<>();
            UnlearningSets.ItemSet holdout = null;
            if (request.kind() == RunEvalRequest.Kind.UNLEARNING) {
                for (int i = 0; i < request.retain().size(); i++) {
                    retain.add(new UnlearningSets.ItemSet(request.retain().size() == 1 ? "retain" : "retain" + (i + 1),
                            call.items("retain[" + i + "]", request.retain().get(i), request.format())));
                }
                holdout = new UnlearningSets.ItemSet("holdout", call.items("holdout", request.holdout(), request.format()));
                requirePerturbed("dataset", request.dataset(), items);
                requirePerturbed("holdout", request.holdout(), holdout.items());
            }
            call.charge(items.size() + retain.stream().mapToInt(s -> s.items().size()).sum(), request.budgetUsd());
            String label = request.adapter() == null ? "base model" : "edited (" + request.inference() + ")";
            EvalReport report;
            String modelHash;
            String adapterHash;
            try (ModelInUse use = ModelInUse.open(models, request.model(), request.adapter(), request.inference())) {
                modelHash = use.modelHash();
                adapterHash = use.adapterHash();
                var manifest = call.manifest(modelHash, adapterHash, Map.of("fluency", request.eval().editOptions().seed()));
                String title = request.kind().name().toLowerCase(java.util.Locale.ROOT) + " evaluation, run " + request.runId();
                report = switch (request.kind()) {
                    case EDIT -> {
                        EditEvaluation.Options options = request.eval().editOptions();
                        var baseline = EditEvaluation.baseline(use.model(), use.tokenizer(), items, options);
                        var scores = EditEvaluation.evaluate(use.applyAdapter().model(), use.tokenizer(), items, baseline, options);
                        yield EvalReports.edits(title, manifest, Map.of(label, scores), Map.of(), List.of(), List.of());
                    }
                    case UNLEARNING -> {
                        var sets = new UnlearningSets(new UnlearningSets.ItemSet("forget", items), retain,
                                new UnlearningSets.NeverSeen(holdout));
                        UnlearningScores scores = UnlearningEvaluation.evaluate(use.applyAdapter().model(),
                                use.tokenizer(), sets, request.eval().unlearningOptions());
                        yield EvalReports.unlearning(title, manifest, Map.of(label, scores), List.of(), List.of());
                    }
                    case KNOWLEDGE -> EvalReports.knowledge(title, manifest, KnowledgeScorer.score(
                            use.applyAdapter().model(), use.tokenizer(), items, KnowledgeScorer.Options.DEFAULT));
                };
            }
            Path folder = new ReportWriter().write(report, call.scratch("report"));
            ArtifactRef json = call.outputs().upload(ReportWriter.JSON_FILE, folder.resolve(ReportWriter.JSON_FILE));
            ArtifactRef html = call.outputs().upload(ReportWriter.HTML_FILE, folder.resolve(ReportWriter.HTML_FILE));
            Map<String, Double> metrics = new LinkedHashMap<>();
            report.metrics().get(0).values().forEach((k, v) -> metrics.put(k, Lines.finite(v)));
            return call.commit(modelHash, adapterHash, Map.of("fluency", request.eval().editOptions().seed()),
                    new RunEvalResult(json, html, call.outputs().manifest(), request.kind().name(), items.size(), metrics));
        });
    }

    /** Forget quality compares truth ratios, which need items with perturbed answers. */
    private static void requirePerturbed(String field, ArtifactRef ref, List<KnowledgeItem> items) {
        if (items.stream().allMatch(i -> i.perturbedTargets().isEmpty())) {
            throw new InvalidDatasetException(field, ref.uri(),
                    "unlearning needs items with perturbed_targets (for the truth ratio); this set has none", null);
        }
    }
}
