package engram.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.Requests;
import engram.knowledge.EngramJsonl;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.knowledge.filter.BeaconDropped;
import engram.knowledge.filter.BeaconKept;
import engram.knowledge.filter.BeaconScore;
import java.util.Locale;

/**
 * The JSON lines the functions write. Item files stay engram JSONL ({@link EngramJsonl}) with extra fields that
 * the readers ignore, so {@code kept.jsonl} is itself a dataset the next state can score or train on.
 */
final class Lines {
    private static final ObjectMapper JSON = Requests.json();

    private Lines() {}

    /** A kept item: the item plus {@code weight} and {@code beacon}. */
    static String kept(BeaconKept kept) {
        ObjectNode line = item(kept.item());
        line.put("weight", kept.weight());
        line.set("beacon", beacon(kept.score()));
        return text(line);
    }

    /** A dropped item: the item plus {@code reason} and {@code beacon}. */
    static String dropped(BeaconDropped dropped) {
        ObjectNode line = item(dropped.item());
        line.put("reason", dropped.reason().name());
        line.set("beacon", beacon(dropped.score()));
        return text(line);
    }

    /** One item's knowledge score. */
    static String score(KnowledgeScorer.ItemScore s) {
        ObjectNode line = JSON.createObjectNode().put("id", s.id()).put("target", s.target())
                .put("bucket", s.bucket().name().toLowerCase(Locale.ROOT))
                .put("mean_log_probability", s.meanLogProbability()).put("token_accuracy", s.tokenAccuracy())
                .put("first_token_rank", s.firstTokenRank());
        line.set("token_log_probabilities", JSON.valueToTree(s.tokenLogProbabilities()));
        if (s.generated() != null) {
            line.put("generated", s.generated()).put("generation_exact", s.generationExact())
                    .put("generation_contains", s.generationContains());
        }
        return text(line);
    }

    private static ObjectNode item(KnowledgeItem item) {
        try {
            return (ObjectNode) JSON.readTree(EngramJsonl.line(item));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("EngramJsonl wrote invalid JSON for " + item.id(), e);
        }
    }

    private static ObjectNode beacon(BeaconScore s) {
        ObjectNode node = JSON.createObjectNode().put("distance", s.distance());
        if (s.nearestTarget() != null) {
            node.put("nearest_target", s.nearestTarget()).put("overlap", s.overlap())
                    .put("disagreement", s.disagreement()).put("conflict", s.conflict());
        }
        return node;
    }

    private static String text(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree must serialise", e);
        }
    }

    /** NaN and infinities as null: JSON has no NaN. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
