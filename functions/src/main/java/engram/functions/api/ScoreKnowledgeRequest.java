package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.knowledge.Format;
import engram.knowledge.KnowledgeScorer;

/**
 * {@code score-knowledge}: how well a model (optionally with an edit folder) knows each item of a dataset.
 *
 * @param runId     the workflow run
 * @param model     the base model's folder
 * @param adapter   an edit folder written by {@code apply-edit} for this model; null scores the base model
 * @param dataset   the items (one dataset object)
 * @param format    the dataset's format; null means {@code ENGRAM_JSONL}
 * @param scoring   scorer options; null keeps every default
 * @param budgetUsd what the run has left to spend; null means no cap
 */
public record ScoreKnowledgeRequest(String runId, ArtifactRef model, ArtifactRef adapter, ArtifactRef dataset,
                                    Format format, ScoreParams scoring, Double budgetUsd) {

    /** Checks every field before any work; returns the request with defaults and buckets filled in. */
    public Valid<ScoreKnowledgeRequest, KnowledgeScorer.Options> validate(EngramConfig config) {
        Keys.requireRunId(runId);
        String bucket = config.store().bucket();
        ArtifactRef m = Check.present(model, "model").validateFolder("model", runId).inBucket(bucket);
        ArtifactRef a = adapter == null ? null : adapter.validateFolder("adapter", runId).inBucket(bucket);
        ArtifactRef d = Check.present(dataset, "dataset").validateObject("dataset", runId).inBucket(bucket);
        ScoreParams s = scoring == null ? ScoreParams.defaults() : scoring;
        KnowledgeScorer.Options settings = s.toOptions();
        Check.inRange(budgetUsd, 0, Double.MAX_VALUE, "budgetUsd");
        return new Valid<>(new ScoreKnowledgeRequest(runId, m, a, d, DatasetFormats.orDefault(format), s, budgetUsd),
                settings);
    }
}
