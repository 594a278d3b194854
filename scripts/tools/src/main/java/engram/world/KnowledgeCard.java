package engram.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.eval.Perplexity;
import engram.knowledge.TeacherForcing;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The measured knowledge of a base model, written as {@code knowledge.json} next to it: per probe set
 * the teacher-forced token accuracy (EasyEdit's metric) and exact match (every target token top-1), the
 * perplexity of held-out texts, and the same probe figures on a fixed seeded sample so that a test can
 * re-measure them exactly. Nothing in it is typed in.
 */
public final class KnowledgeCard {
    /** Probes re-measured by tests: {@value} per set, drawn with {@link #SAMPLE_SEED}. */
    public static final int SAMPLE_SIZE = 200;
    /** Seed of the sample. */
    public static final long SAMPLE_SEED = 7;
    private static final int BATCH = 64;

    private KnowledgeCard() {}

    /**
     * Accuracy of one probe set.
     *
     * @param items   probes measured
     * @param tooLong probes left out because prompt and target do not fit the model's context
     */
    public record Accuracy(int items, double tokenAccuracy, double exactMatch, int tooLong) {}

    /**
     * Teacher-forced accuracy of the model on {@code probes}; probes longer than the model's context (pretraining
     * cut such documents off) are left out and counted.
     */
    public static Accuracy measure(CausalLm model, Tokenizer tokenizer, List<Probe> all) {
        int context = model.config().maxPositions();
        List<Probe> probes = all.stream().filter(p -> tokenizer.encodeWithBos(p.prompt()).length
                + tokenizer.encodeContinuation(p.prompt(), p.target()).length <= context).toList();
        List<TeacherForcing.Score> scores = TeacherForcing.scoreTexts(model, tokenizer,
                probes.stream().map(Probe::prompt).toList(), probes.stream().map(Probe::target).toList(), BATCH);
        double token = scores.stream().mapToDouble(TeacherForcing.Score::tokenAccuracy).average().orElse(Double.NaN);
        double exact = scores.stream().mapToDouble(s -> s.exact() ? 1 : 0).average().orElse(Double.NaN);
        return new Accuracy(probes.size(), token, exact, all.size() - probes.size());
    }

    /** The fixed sample of a probe set that {@code knowledge.json} also reports. */
    public static List<Probe> sample(List<Probe> probes) {
        List<Probe> copy = new ArrayList<>(probes);
        java.util.Collections.shuffle(copy, new Random(SAMPLE_SEED));
        return copy.subList(0, Math.min(SAMPLE_SIZE, copy.size()));
    }

    /** Perplexity of texts, each after BOS. */
    public static double perplexity(CausalLm model, Tokenizer tokenizer, List<String> texts) {
        List<long[]> sequences = new ArrayList<>(texts.size());
        texts.forEach(t -> sequences.add(tokenizer.encodeWithBos(t)));
        return Perplexity.of(model, sequences, BATCH);
    }

    /**
     * Measures everything and returns the card's JSON; {@code training} holds what the trainer knows
     * (tokens, seconds, steps, seed, settings).
     */
    public static ObjectNode build(CausalLm model, Tokenizer tokenizer, Corpus corpus, ObjectNode training) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode card = json.createObjectNode();
        card.put("corpus", corpus.name());
        card.put("parameters", model.parameterCount());
        card.set("training", training);
        ObjectNode full = card.putObject("probes");
        ObjectNode sampled = card.putObject("sample").put("size", SAMPLE_SIZE).put("seed", SAMPLE_SEED).putObject("probes");
        for (Map.Entry<String, List<Probe>> set : corpus.probeSets().entrySet()) {
            full.set(set.getKey(), json.valueToTree(measure(model, tokenizer, set.getValue())));
            sampled.set(set.getKey(), json.valueToTree(measure(model, tokenizer, sample(set.getValue()))));
        }
        card.put("perplexity_held_out", perplexity(model, tokenizer, corpus.perplexityTexts()));
        card.put("perplexity_texts", corpus.perplexityTexts().size());
        return card;
    }
}
