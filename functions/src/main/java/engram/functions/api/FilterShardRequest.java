package engram.functions.api;

import engram.functions.config.EngramConfig;
import engram.knowledge.Format;
import engram.knowledge.filter.BeaconConfig;

/**
 * {@code filter-shard}: split a dataset shard into the items worth training on and the ones Semantic Beacons
 * drops, under the base model.
 *
 * @param runId     the workflow run; outputs go under {@code runs/{runId}/filter-shard/}
 * @param model     the base model's folder
 * @param shard     the candidate items (one dataset object)
 * @param targets   the knowledge to be learned (the beacons); null filters without the conflict rule
 * @param format    the datasets' format; null means {@code ENGRAM_JSONL}
 * @param beacons   filter settings; null keeps every default
 * @param budgetUsd what the run has left to spend; null means no cap
 */
public record FilterShardRequest(String runId, ArtifactRef model, ArtifactRef shard, ArtifactRef targets,
                                 Format format, BeaconParams beacons, Double budgetUsd) {

    /** Checks every field before any work; returns the request with defaults and buckets filled in. */
    public Valid<FilterShardRequest, BeaconConfig> validate(EngramConfig config) {
        Keys.requireRunId(runId);
        String bucket = config.store().bucket();
        ArtifactRef m = Check.present(model, "model").validateFolder("model", runId).inBucket(bucket);
        ArtifactRef s = Check.present(shard, "shard").validateObject("shard", runId).inBucket(bucket);
        ArtifactRef t = targets == null ? null : targets.validateObject("targets", runId).inBucket(bucket);
        BeaconParams b = beacons == null ? new BeaconParams(null, null, null, null, null, null, null, null, null,
                null, null, null) : beacons;
        BeaconConfig settings = b.toConfig();
        Check.inRange(budgetUsd, 0, Double.MAX_VALUE, "budgetUsd");
        return new Valid<>(new FilterShardRequest(runId, m, s, t, DatasetFormats.orDefault(format), b, budgetUsd),
                settings);
    }
}
