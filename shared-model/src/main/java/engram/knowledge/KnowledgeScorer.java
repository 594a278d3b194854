package engram.knowledge;

import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Scores what a model knows, item by item: the operation behind {@code score-knowledge}. For each item the
 * target after the prompt is measured two ways, a batch of items at a time (right-padded teacher forcing,
 * left-padded greedy generation with a KV cache):
 *
 * <ul>
 * <li>teacher forcing (one forward pass over {@code prompt + target}): the log-probability of every target
 *     token, their mean, the rank of the first target token, and EasyEdit's token accuracy (the fraction of
 *     target tokens that are the argmax given the true prefix, docs/methods.md §2.1);</li>
 * <li>greedy generation of {@code |target| + extraTokens} tokens: exact match (the generation starts with the
 *     target, ending at a word boundary) and contains match (the target occurs anywhere in it, ignoring case).</li>
 * </ul>
 *
 * A {@link Bucket} summarises the teacher-forced figures with {@link Thresholds} given as parameters. The
 * model is scored as it is: attach or load an adapter first ({@link engram.lora.PeftFiles#load}) to score the
 * edited model.
 */
public final class KnowledgeScorer {

    private KnowledgeScorer() {}

    /** How well the model knows one item. */
    public enum Bucket { KNOWN, PARTLY_KNOWN, UNKNOWN }

    /** Which of an item's targets is scored. */
    public enum Side {
        /** {@code target_true}: does the model know the fact? */
        TRUE,
        /** {@code target_new}: has the edit been written in? */
        NEW
    }

    /**
     * The bucket rule. An item is {@link Bucket#KNOWN} when its token accuracy is at least
     * {@code knownAccuracy} and its mean target-token probability {@code exp(mean log p)} is at least
     * {@code knownProbability}; {@link Bucket#UNKNOWN} when its token accuracy is below {@code partialAccuracy};
     * {@link Bucket#PARTLY_KNOWN} otherwise.
     *
     * @param knownAccuracy    token accuracy needed to count as known, in [0, 1]
     * @param knownProbability mean per-token probability needed to count as known, in [0, 1]
     * @param partialAccuracy  token accuracy below which an item is unknown, in [0, knownAccuracy]
     */
    public record Thresholds(double knownAccuracy, double knownProbability, double partialAccuracy) {
        /** Every target token top-1 with a mean probability of at least 0.2; under half of them top-1 is unknown. */
        public static final Thresholds DEFAULT = new Thresholds(1.0, 0.2, 0.5);

        /** Checks the values; throws naming the field. */
        public Thresholds validate() {
            requireUnit(knownAccuracy, "thresholds.knownAccuracy");
            requireUnit(knownProbability, "thresholds.knownProbability");
            requireUnit(partialAccuracy, "thresholds.partialAccuracy");
            if (partialAccuracy > knownAccuracy) {
                throw new IllegalArgumentException("thresholds.partialAccuracy (" + partialAccuracy
                        + ") must not exceed thresholds.knownAccuracy (" + knownAccuracy + ")");
            }
            return this;
        }

        /** The bucket of one item's teacher-forced figures. */
        public Bucket classify(double tokenAccuracy, double meanLogProbability) {
            if (tokenAccuracy >= knownAccuracy && Math.exp(meanLogProbability) >= knownProbability) {
                return Bucket.KNOWN;
            }
            return tokenAccuracy < partialAccuracy ? Bucket.UNKNOWN : Bucket.PARTLY_KNOWN;
        }
    }

    /**
     * How to score.
     *
     * @param batchSize   items per forward pass (and per generation batch)
     * @param extraTokens tokens generated beyond the target's length; {@code -1} skips generation
     * @param side        which target to score
     * @param thresholds  the bucket rule
     */
    public record Options(int batchSize, int extraTokens, Side side, Thresholds thresholds) {
        /** 32 items per batch, 4 extra generated tokens, the true target, the default thresholds. */
        public static final Options DEFAULT = new Options(32, 4, Side.TRUE, Thresholds.DEFAULT);

        /** The same options scoring {@code side}. */
        public Options scoring(Side side) {
            return new Options(batchSize, extraTokens, side, thresholds);
        }

        /** The same options without greedy generation (teacher forcing only, several times faster). */
        public Options withoutGeneration() {
            return new Options(batchSize, -1, side, thresholds);
        }

        /** Checks the values; throws naming the field. */
        public Options validate() {
            if (batchSize < 1 || batchSize > 4096) {
                throw new IllegalArgumentException("batchSize must be in [1, 4096], got " + batchSize);
            }
            if (extraTokens < -1 || extraTokens > 256) {
                throw new IllegalArgumentException("extraTokens must be in [-1, 256], got " + extraTokens);
            }
            if (side == null) {
                throw new IllegalArgumentException("side is missing");
            }
            if (thresholds == null) {
                throw new IllegalArgumentException("thresholds is missing");
            }
            thresholds.validate();
            return this;
        }
    }

    /**
     * One item's scores.
     *
     * @param id                    the item's id
     * @param target                the scored target
     * @param tokenLogProbabilities log p of each target token under teacher forcing
     * @param meanLogProbability    their mean (minus ROME's length-normalised NLL)
     * @param firstTokenRank        rank of the target's first token at the last prompt position (0 = top-1)
     * @param tokenAccuracy         EasyEdit's teacher-forced token accuracy
     * @param generated             the greedy continuation, or null when generation was skipped
     * @param generationExact       whether {@code generated} starts with the target at a word boundary
     * @param generationContains    whether {@code generated} contains the target, ignoring case
     * @param bucket                known, partly known or unknown
     */
    public record ItemScore(String id, String target, double[] tokenLogProbabilities, double meanLogProbability,
                            int firstTokenRank, double tokenAccuracy, String generated, boolean generationExact,
                            boolean generationContains, Bucket bucket) {}

    /**
     * Counts and means over scored items.
     *
     * @param items                  items scored
     * @param known                  items in {@link Bucket#KNOWN}
     * @param partlyKnown            items in {@link Bucket#PARTLY_KNOWN}
     * @param unknown                items in {@link Bucket#UNKNOWN}
     * @param meanTokenAccuracy      mean of the items' token accuracies
     * @param meanLogProbability     mean of the items' mean log-probabilities
     * @param generationExactRate    fraction with a generation exact match (NaN when generation was skipped)
     * @param generationContainsRate fraction with a contains match (NaN when generation was skipped)
     */
    public record Summary(int items, int known, int partlyKnown, int unknown, double meanTokenAccuracy,
                          double meanLogProbability, double generationExactRate, double generationContainsRate) {

        /** Summarises {@code scores}. */
        public static Summary of(List<ItemScore> scores) {
            int[] buckets = new int[Bucket.values().length];
            double accuracy = 0;
            double logProbability = 0;
            int exact = 0;
            int contains = 0;
            boolean generated = !scores.isEmpty() && scores.get(0).generated() != null;
            for (ItemScore s : scores) {
                buckets[s.bucket().ordinal()]++;
                accuracy += s.tokenAccuracy();
                logProbability += s.meanLogProbability();
                exact += s.generationExact() ? 1 : 0;
                contains += s.generationContains() ? 1 : 0;
            }
            int n = scores.size();
            return new Summary(n, buckets[0], buckets[1], buckets[2], accuracy / n, logProbability / n,
                    generated ? exact / (double) n : Double.NaN, generated ? contains / (double) n : Double.NaN);
        }
    }

    /**
     * Scores every item, {@code options.batchSize()} at a time.
     *
     * @param itemsDone called with the number of items scored so far after each batch
     * @throws InvalidItemException when an item lacks the target to score
     */
    public static List<ItemScore> score(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                        Options options, IntConsumer itemsDone) {
        options.validate();
        List<ItemScore> out = new ArrayList<>(items.size());
        for (int from = 0; from < items.size(); from += options.batchSize()) {
            List<KnowledgeItem> batch = items.subList(from, Math.min(items.size(), from + options.batchSize()));
            out.addAll(scoreBatch(model, tokenizer, batch, from, options));
            itemsDone.accept(out.size());
        }
        return out;
    }

    /** {@link #score(CausalLm, Tokenizer, List, Options, IntConsumer)} without progress. */
    public static List<ItemScore> score(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, Options options) {
        return score(model, tokenizer, items, options, done -> { });
    }

    private static List<ItemScore> scoreBatch(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> batch,
                                              int offset, Options options) {
        List<long[]> prompts = new ArrayList<>(batch.size());
        List<long[]> targets = new ArrayList<>(batch.size());
        List<String> targetTexts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            KnowledgeItem item = batch.get(i);
            String target = options.side() == Side.TRUE ? item.targetTrue() : item.targetNew();
            String field = options.side() == Side.TRUE ? "target_true" : "target_new";
            if (target == null || target.isEmpty()) {
                throw new InvalidItemException("item " + (offset + i) + " (" + item.id() + ")", field, target);
            }
            if (item.prompt() == null || item.prompt().isEmpty()) {
                throw new InvalidItemException("item " + (offset + i) + " (" + item.id() + ")", "prompt", item.prompt());
            }
            prompts.add(tokenizer.encodeWithBos(item.prompt()));
            targets.add(tokenizer.encodeContinuation(item.prompt(), target));
            targetTexts.add(target);
        }
        List<TeacherForcing.Score> forced = TeacherForcing.score(model, prompts, targets, batch.size());
        String[] generated = options.extraTokens() < 0 ? null : generate(model, tokenizer, prompts, targets, options);
        List<ItemScore> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            TeacherForcing.Score s = forced.get(i);
            String text = generated == null ? null : generated[i];
            String target = targetTexts.get(i);
            out.add(new ItemScore(batch.get(i).id(), target, s.tokenLogProbabilities(), s.meanLogProbability(),
                    s.firstTokenRank(), s.tokenAccuracy(), text, text != null && startsWithWord(text, target),
                    text != null && contains(text, target),
                    options.thresholds().classify(s.tokenAccuracy(), s.meanLogProbability())));
        }
        return out;
    }

    private static String[] generate(CausalLm model, Tokenizer tokenizer, List<long[]> prompts, List<long[]> targets,
                                     Options options) {
        int longest = targets.stream().mapToInt(t -> t.length).max().orElse(1);
        Sampling greedy = Sampling.greedy(longest + options.extraTokens()).stoppingAt(tokenizer.eos());
        long[][] continuations = Generator.generate(model, prompts.toArray(long[][]::new), greedy);
        String[] out = new String[continuations.length];
        for (int i = 0; i < continuations.length; i++) {
            // each item keeps |its target| + extraTokens tokens, whatever else is in its batch
            int own = Math.min(continuations[i].length, targets.get(i).length + options.extraTokens());
            out[i] = tokenizer.decode(java.util.Arrays.copyOf(continuations[i], own));
        }
        return out;
    }

    /**
     * Whether {@code generated} begins with {@code target} (both without leading white space) and the match
     * ends at a word boundary: " Paris." matches " Paris", " Parisian" does not.
     */
    static boolean startsWithWord(String generated, String target) {
        String g = generated.stripLeading();
        String t = target.strip();
        if (t.isEmpty() || !g.startsWith(t)) {
            return false;
        }
        return g.length() == t.length() || !Character.isLetterOrDigit(g.charAt(t.length()));
    }

    /** Whether {@code generated} contains {@code target} (stripped), ignoring case. */
    static boolean contains(String generated, String target) {
        String t = target.strip().toLowerCase(Locale.ROOT);
        return !t.isEmpty() && generated.toLowerCase(Locale.ROOT).contains(t);
    }

    private static void requireUnit(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        }
    }
}
