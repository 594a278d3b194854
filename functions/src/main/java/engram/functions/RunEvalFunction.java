package engram.functions;

import com.fasterxml.jackson.databind.JsonNode;
import engram.eval.UnlearningSets;
import engram.functions.api.ArtifactRef;
import engram.functions.api.Requests;
import engram.functions.api.RunEvalRequest;
import engram.functions.api.RunEvalResult;
import engram.functions.api.Valid;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidDatasetException;
import engram.functions.runtime.ModelCache;
import engram.knowledge.KnowledgeItem;
import engram.report.EvalReport;
import engram.report.ReportWriter;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code run-eval}: an editing, unlearning or knowledge evaluation, written as report.json and report.html. */
public class RunEvalFunction {
    @Inject EngramConfig config;
    @Inject Operations operations;
    @Inject ModelCache models;

    /** Evaluates and returns the report's location with its first row of metrics. */
    @Funq("run-eval")
    public RunEvalResult runEval(JsonNode body) {
        Valid<RunEvalRequest, RunEvalRequest.Settings> valid = Requests.read(body, RunEvalRequest.class).validate(config);
        RunEvalRequest request = valid.request();
        return operations.run("run-eval", request.runId(), request, RunEvalResult.class, call -> {
            List<KnowledgeItem> items = call.items("dataset", request.dataset(), request.format());
            UnlearningSets sets = request.kind() == RunEvalRequest.Kind.UNLEARNING ? sets(call, request, items) : null;
            int retained = sets == null ? 0 : sets.retain().stream().mapToInt(s -> s.items().size()).sum();
            call.charge(items.size() + retained, request.budgetUsd());
            String title = request.kind().name().toLowerCase(Locale.ROOT) + " evaluation, run " + request.runId();
            String label = request.adapter() == null ? "base model" : "edited (" + request.inference() + ")";
            Map<String, Long> seeds = Map.of("fluency", valid.settings().edit().seed());
            EvalReport report;
            String modelHash;
            String editHash;
            try (ModelInUse use = ModelInUse.open(models, request.model(), request.adapter(), request.inference())) {
                modelHash = use.modelHash();
                editHash = use.editHash();
                var manifest = call.manifest(modelHash, editHash, seeds);
                report = switch (request.kind()) {
                    case EDIT -> Evaluations.edit(use, items, valid.settings().edit(), title, label, manifest);
                    case UNLEARNING -> Evaluations.unlearning(use, sets, valid.settings().unlearning(), title, label, manifest);
                    case KNOWLEDGE -> Evaluations.knowledge(use, items, title, manifest);
                };
            }
            Path folder = new ReportWriter().write(report, call.scratch("report"));
            ArtifactRef json = call.outputs().upload(ReportWriter.JSON_FILE, folder.resolve(ReportWriter.JSON_FILE));
            ArtifactRef html = call.outputs().upload(ReportWriter.HTML_FILE, folder.resolve(ReportWriter.HTML_FILE));
            Map<String, Double> metrics = new LinkedHashMap<>();
            report.metrics().get(0).values().forEach((k, v) -> {
                if (Double.isFinite(v)) { // not measured (NaN) stays out of the result; the report shows it as n/a
                    metrics.put(k, v);
                }
            });
            return call.commit(modelHash, editHash, seeds, new RunEvalResult(json, html, call.outputs().manifest(),
                    request.kind().name(), items.size(), metrics, call.cost()));
        });
    }

    /** The forget set, the retain sets and the never-seen holdout; truth ratios need perturbed answers. */
    private static UnlearningSets sets(Call call, RunEvalRequest request, List<KnowledgeItem> forget) {
        List<UnlearningSets.ItemSet> retain = new ArrayList<>();
        for (int i = 0; i < request.retain().size(); i++) {
            retain.add(new UnlearningSets.ItemSet(request.retain().size() == 1 ? "retain" : "retain" + (i + 1),
                    call.items("retain[" + i + "]", request.retain().get(i), request.format())));
        }
        List<KnowledgeItem> holdout = call.items("holdout", request.holdout(), request.format());
        requirePerturbed("dataset", request.dataset(), forget);
        requirePerturbed("holdout", request.holdout(), holdout);
        return new UnlearningSets(new UnlearningSets.ItemSet("forget", forget), retain,
                new UnlearningSets.NeverSeen(new UnlearningSets.ItemSet("holdout", holdout)));
    }

    private static void requirePerturbed(String field, ArtifactRef ref, List<KnowledgeItem> items) {
        if (items.stream().allMatch(i -> i.perturbedTargets().isEmpty())) {
            throw new InvalidDatasetException(field, ref.uri(),
                    "unlearning needs items with perturbed_targets (for the truth ratio); this set has none", null);
        }
    }
}
