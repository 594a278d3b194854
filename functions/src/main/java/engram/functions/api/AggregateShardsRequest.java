package engram.functions.api;

import com.fasterxml.jackson.databind.JsonNode;
import engram.functions.config.EngramConfig;
import engram.functions.errors.InvalidRequestException;
import engram.knowledge.KnowledgeScorer.Bucket;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code aggregate-shards}: joins what a training run's Map over shards produced into one edit set.
 *
 * @param runId  the workflow run
 * @param shards one entry per shard, as the Map state's iterations end
 * @param select which items go on to the edit
 */
public record AggregateShardsRequest(String runId, List<Shard> shards, Selection select) {

    /**
     * What one iteration of the Map over shards leaves.
     *
     * @param index      the shard's position
     * @param shard      the shard the iteration read
     * @param kept       filter-shard's kept items (engram JSONL with weights)
     * @param scores     score-knowledge's scores of those items
     * @param summary    score-knowledge's counts, passed through
     * @param costMicros what the shard's steps were charged
     */
    public record Shard(Integer index, ArtifactRef shard, ArtifactRef kept, ArtifactRef scores, JsonNode summary,
                        Long costMicros) {}

    /**
     * @param buckets the score-knowledge buckets whose items are kept; default: not known and partly known (what
     *                the model has yet to learn)
     */
    public record Selection(List<Bucket> buckets) {}

    /** Checks every field before any work; returns the request with buckets and defaults filled in. */
    public AggregateShardsRequest validate(EngramConfig config) {
        Keys.requireRunId(runId);
        Check.present(shards, "shards");
        if (shards.isEmpty()) {
            throw new InvalidRequestException("shards", "[]", "must name at least one shard");
        }
        String bucket = config.store().bucket();
        List<Shard> checked = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            String field = "shards[" + i + "]";
            Shard s = Check.present(shards.get(i), field);
            ArtifactRef kept = Check.present(s.kept(), field + ".kept").validateObject(field + ".kept", runId).inBucket(bucket);
            ArtifactRef scores = Check.present(s.scores(), field + ".scores").validateObject(field + ".scores", runId)
                    .inBucket(bucket);
            Check.present(s.costMicros(), field + ".costMicros");
            Check.inRange(s.costMicros(), 0, Long.MAX_VALUE, field + ".costMicros");
            checked.add(new Shard(s.index(), s.shard(), kept, scores, s.summary(), s.costMicros()));
        }
        Selection selection = select == null || select.buckets() == null
                ? new Selection(List.of(Bucket.UNKNOWN, Bucket.PARTLY_KNOWN)) : select;
        if (selection.buckets().isEmpty() || selection.buckets().stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidRequestException("select.buckets", selection.buckets(), "must name at least one bucket, none null");
        }
        return new AggregateShardsRequest(runId, checked, selection);
    }
}
