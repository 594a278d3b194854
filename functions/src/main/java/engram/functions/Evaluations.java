package engram.functions;

import engram.eval.EditEvaluation;
import engram.eval.EvalReports;
import engram.eval.UnlearningEvaluation;
import engram.eval.UnlearningSets;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.report.EvalReport;
import engram.report.Manifest;
import java.util.List;
import java.util.Map;

/**
 * The three evaluations {@code run-eval} offers, each one library entry point plus its report. The model is
 * held by the caller; the adapter is applied here, after the edit evaluation's baseline, which must see the
 * model before the edit.
 */
final class Evaluations {
    private Evaluations() {}

    /** EasyEdit/ROME metrics: locality baseline on the base model, then the edited model. */
    static EvalReport edit(ModelInUse use, List<KnowledgeItem> items, EditEvaluation.Options options, String title,
                           String label, Manifest manifest) {
        var baseline = EditEvaluation.baseline(use.model(), use.tokenizer(), items, options);
        var scores = EditEvaluation.evaluate(use.applyEdit().model(), use.tokenizer(), items, baseline, options);
        return EvalReports.edits(title, manifest, Map.of(label, scores), Map.of(), List.of(), List.of());
    }

    /** TOFU-style figures against never-seen entities as the forget-quality reference. */
    static EvalReport unlearning(ModelInUse use, UnlearningSets sets, UnlearningEvaluation.Options options, String title,
                                 String label,
                                 Manifest manifest) {
        var scores = UnlearningEvaluation.evaluate(use.applyEdit().model(), use.tokenizer(), sets,
                options);
        return EvalReports.unlearning(title, manifest, Map.of(label, scores), List.of(), List.of());
    }

    /** Bucket counts and means of what the model knows. */
    static EvalReport knowledge(ModelInUse use, List<KnowledgeItem> items, String title, Manifest manifest) {
        return EvalReports.knowledge(title, manifest, KnowledgeScorer.score(use.applyEdit().model(),
                use.tokenizer(), items, KnowledgeScorer.Options.DEFAULT));
    }
}
