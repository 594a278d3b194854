package engram.eval;

import engram.knowledge.InvalidItemException;
import engram.knowledge.KnowledgeItem.Check;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.TeacherForcing;
import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Evaluates edits the way EasyEdit and ROME do (docs/methods.md §2.2, §2.3). Per item, then averaged over the items
 * that have the data (EasyEdit's per-case means, docs/methods.md §2.7.5):
 *
 * <ul>
 * <li><b>efficacy</b> (reliability, rewrite accuracy) = token accuracy of {@code target_new} after the prompt;</li>
 * <li><b>generalization</b> (paraphrase) = mean token accuracy of {@code target_new} after each paraphrase;</li>
 * <li><b>locality</b> (EasyEdit form) = mean over neighbours of the fraction of the neighbour's answer positions
 *     whose argmax did not change from the pre-edit model ({@link #baseline}); <b>neighbour accuracy</b> is the
 *     same positions scored against the neighbours' true answers;</li>
 * <li><b>portability</b> = mean token accuracy of the portability checks' answers (multi-hop questions whose
 *     answer follows from the edit);</li>
 * <li>ROME's probability forms: <b>ES</b> = [P(new) &gt; P(true)] on the prompt, <b>PS</b> the same on
 *     paraphrases, <b>NS</b> = [P(neighbour's answer) &gt; P(new)] on neighbours, with length-normalised
 *     probabilities, and their magnitudes EM, PM, NM ({@link EditMetrics#prefersNew},
 *     {@link EditMetrics#probabilityMargin}); items without {@code target_true} have no ES/PS/EM/PM;</li>
 * <li><b>fluency</b> = n-gram entropy ({@link EditMetrics#nGramEntropy}) of a top-k sampled continuation of the
 *     edit prompt, over the first {@link Options#fluencyItems()} items.</li>
 * </ul>
 */
public final class EditEvaluation {
    private EditEvaluation() {}

    /**
     * How to evaluate.
     *
     * @param batchSize      (prompt, target) pairs per forward pass
     * @param fluencyItems   how many items (the first ones) get a fluency generation; 0 skips fluency
     * @param fluencyTokens  tokens generated per fluency text (EasyEdit: 100)
     * @param fluencyTopK    top-k of the fluency sampler (EasyEdit's {@code generate_fast}: 5)
     * @param seed           seed of the fluency sampler
     */
    public record Options(int batchSize, int fluencyItems, int fluencyTokens, int fluencyTopK, long seed) {
        /** Batches of 32; fluency over 32 items, 100 tokens, top-5, seed 0. */
        public static final Options DEFAULT = new Options(32, 32, 100, 5, 0);

        /** Checks the values; throws naming the field. */
        public Options validate() {
            check(batchSize >= 1 && batchSize <= 4096, "batchSize", batchSize);
            check(fluencyItems >= 0, "fluencyItems", fluencyItems);
            check(fluencyTokens >= 1 && fluencyTokens <= 1024, "fluencyTokens", fluencyTokens);
            check(fluencyTopK >= 1, "fluencyTopK", fluencyTopK);
            return this;
        }

        private static void check(boolean ok, String field, int value) {
            if (!ok) {
                throw new IllegalArgumentException(field + " is out of range: " + value);
            }
        }
    }

    /** The pre-edit model's argmax tokens on each item's neighbour answers, keyed by item id. */
    public record LocalityBaseline(Map<String, List<long[]>> predictions) {
        public LocalityBaseline {
            predictions = Map.copyOf(predictions);
        }
    }

    /**
     * One item's figures; NaN where the item has no data for a metric.
     *
     * @param id                the item's id
     * @param efficacy          token accuracy of the new target after the prompt
     * @param generalization    mean token accuracy of the new target after the paraphrases
     * @param locality          mean unchanged fraction over the neighbours
     * @param neighbourAccuracy mean token accuracy of the neighbours' own answers
     * @param portability       mean token accuracy over the portability checks
     * @param efficacySuccess   ES: 1 when P(new) &gt; P(true) after the prompt, else 0
     * @param paraphraseSuccess PS: fraction of paraphrases with P(new) &gt; P(true)
     * @param neighbourSuccess  NS: fraction of neighbours with P(own answer) &gt; P(new)
     * @param efficacyMargin    EM: P(new) − P(true) after the prompt
     * @param paraphraseMargin  PM: mean P(new) − P(true) over paraphrases
     * @param neighbourMargin   NM: mean P(own answer) − P(new) over neighbours
     * @param fluency           n-gram entropy of the sampled continuation
     * @param generated         the fluency text (null when not generated)
     */
    public record ItemResult(String id, double efficacy, double generalization, double locality,
                             double neighbourAccuracy, double portability, double efficacySuccess,
                             double paraphraseSuccess, double neighbourSuccess, double efficacyMargin,
                             double paraphraseMargin, double neighbourMargin, double fluency, String generated) {}

    /**
     * The means over items (each over the items that have the data; NaN when none has).
     *
     * @param items per-item figures, in the order of the input
     */
    public record Scores(double efficacy, double generalization, double locality, double neighbourAccuracy,
                         double portability, double efficacySuccess, double paraphraseSuccess,
                         double neighbourSuccess, double efficacyMargin, double paraphraseMargin,
                         double neighbourMargin, double fluency, List<ItemResult> items) {

        /** The metrics by name, in a fixed order: the columns of a report. */
        public Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("efficacy", efficacy);
            m.put("generalization", generalization);
            m.put("locality", locality);
            m.put("neighbour_accuracy", neighbourAccuracy);
            m.put("portability", portability);
            m.put("ES", efficacySuccess);
            m.put("PS", paraphraseSuccess);
            m.put("NS", neighbourSuccess);
            m.put("EM", efficacyMargin);
            m.put("PM", paraphraseMargin);
            m.put("NM", neighbourMargin);
            m.put("fluency", fluency);
            return m;
        }
    }

    /**
     * Records the model's own predictions on every item's neighbours: run it on the model before the edit.
     */
    public static LocalityBaseline baseline(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                            Options options) {
        options.validate();
        Pairs pairs = new Pairs();
        for (KnowledgeItem item : items) {
            item.neighbours().forEach(n -> pairs.add(n.prompt(), n.target()));
        }
        List<TeacherForcing.Score> scores = pairs.score(model, tokenizer, options.batchSize());
        Map<String, List<long[]>> predictions = new HashMap<>();
        int next = 0;
        for (KnowledgeItem item : items) {
            List<long[]> own = new ArrayList<>();
            for (int i = 0; i < item.neighbours().size(); i++) {
                own.add(scores.get(next++).predicted());
            }
            predictions.put(item.id(), own);
        }
        return new LocalityBaseline(predictions);
    }

    /**
     * Evaluates the (edited) model on every item.
     *
     * @param baseline  from {@link #baseline} on the pre-edit model; null leaves locality undefined (NaN)
     * @param itemsDone progress: called with the number of items evaluated after each stage's batch
     * @throws InvalidItemException when an item is not an edit (no {@code target_new})
     */
    public static Scores evaluate(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                  LocalityBaseline baseline, Options options, IntConsumer itemsDone) {
        options.validate();
        Pairs pairs = new Pairs();
        List<int[]> layout = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            KnowledgeItem item = items.get(i);
            if (!item.isEdit()) {
                throw new InvalidItemException("item " + i + " (" + item.id() + ")", "target_new", (Object) null);
            }
            layout.add(pairs.addItem(item));
        }
        List<TeacherForcing.Score> scores = pairs.score(model, tokenizer, options.batchSize());
        String[] generated = fluencyTexts(model, tokenizer, items, options);
        List<ItemResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            KnowledgeItem item = items.get(i);
            List<long[]> before = baseline == null ? null : baseline.predictions().get(item.id());
            if (baseline != null && (before == null || before.size() != item.neighbours().size())) {
                throw new InvalidItemException("item " + i + " (" + item.id() + ")", "neighbours",
                        "not the items the locality baseline was recorded on");
            }
            results.add(itemResult(item, scores, layout.get(i), before, generated[i]));
            if ((i + 1) % options.batchSize() == 0 || i + 1 == items.size()) {
                itemsDone.accept(i + 1);
            }
        }
        return summarise(results);
    }

    /** {@link #evaluate(CausalLm, Tokenizer, List, LocalityBaseline, Options, IntConsumer)} without progress. */
    public static Scores evaluate(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                  LocalityBaseline baseline, Options options) {
        return evaluate(model, tokenizer, items, baseline, options, done -> { });
    }

    /** Averages item results: each metric over the items where it is defined. */
    static Scores summarise(List<ItemResult> r) {
        return new Scores(mean(r, ItemResult::efficacy), mean(r, ItemResult::generalization),
                mean(r, ItemResult::locality), mean(r, ItemResult::neighbourAccuracy), mean(r, ItemResult::portability),
                mean(r, ItemResult::efficacySuccess), mean(r, ItemResult::paraphraseSuccess),
                mean(r, ItemResult::neighbourSuccess), mean(r, ItemResult::efficacyMargin),
                mean(r, ItemResult::paraphraseMargin), mean(r, ItemResult::neighbourMargin),
                mean(r, ItemResult::fluency), List.copyOf(r));
    }

    private static ItemResult itemResult(KnowledgeItem item, List<TeacherForcing.Score> s, int[] at,
                                         List<long[]> before, String generated) {
        // at = {rewrite(new), rewrite(true) or -1, first paraphrase(new), first neighbour(own), first portability}
        // with each paraphrase also scored on the true target and each neighbour also on the new one (see Pairs).
        TeacherForcing.Score rewrite = s.get(at[0]);
        TeacherForcing.Score rewriteTrue = at[1] < 0 ? null : s.get(at[1]);
        int paraphrases = item.paraphrases().size();
        int neighbours = item.neighbours().size();
        double[] generalization = new double[paraphrases];
        double[] paraphraseSuccess = new double[paraphrases];
        double[] paraphraseMargin = new double[paraphrases];
        for (int p = 0; p < paraphrases; p++) {
            TeacherForcing.Score asNew = s.get(at[2] + 2 * p);
            generalization[p] = asNew.tokenAccuracy();
            if (rewriteTrue != null) {
                TeacherForcing.Score asTrue = s.get(at[2] + 2 * p + 1);
                paraphraseSuccess[p] = success(asNew, asTrue);
                paraphraseMargin[p] = margin(asNew, asTrue);
            } else {
                paraphraseSuccess[p] = Double.NaN;
                paraphraseMargin[p] = Double.NaN;
            }
        }
        double[] locality = new double[neighbours];
        double[] neighbourAccuracy = new double[neighbours];
        double[] neighbourSuccess = new double[neighbours];
        double[] neighbourMargin = new double[neighbours];
        for (int n = 0; n < neighbours; n++) {
            TeacherForcing.Score own = s.get(at[3] + 2 * n);
            TeacherForcing.Score asNew = s.get(at[3] + 2 * n + 1);
            locality[n] = before == null ? Double.NaN : EditMetrics.unchangedFraction(before.get(n), own.predicted());
            neighbourAccuracy[n] = own.tokenAccuracy();
            neighbourSuccess[n] = success(own, asNew);
            neighbourMargin[n] = margin(own, asNew);
        }
        double[] portability = new double[item.portability().size()];
        for (int q = 0; q < portability.length; q++) {
            portability[q] = s.get(at[4] + q).tokenAccuracy();
        }
        return new ItemResult(item.id(), rewrite.tokenAccuracy(), EditMetrics.meanOfDefined(generalization),
                EditMetrics.meanOfDefined(locality), EditMetrics.meanOfDefined(neighbourAccuracy),
                EditMetrics.meanOfDefined(portability),
                rewriteTrue == null ? Double.NaN : success(rewrite, rewriteTrue),
                EditMetrics.meanOfDefined(paraphraseSuccess), EditMetrics.meanOfDefined(neighbourSuccess),
                rewriteTrue == null ? Double.NaN : margin(rewrite, rewriteTrue),
                EditMetrics.meanOfDefined(paraphraseMargin), EditMetrics.meanOfDefined(neighbourMargin),
                generated == null ? Double.NaN : EditMetrics.nGramEntropy(generated), generated);
    }

    private static double success(TeacherForcing.Score preferred, TeacherForcing.Score other) {
        return EditMetrics.prefersNew(preferred.meanLogProbability(), other.meanLogProbability()) ? 1 : 0;
    }

    private static double margin(TeacherForcing.Score preferred, TeacherForcing.Score other) {
        return EditMetrics.probabilityMargin(preferred.meanLogProbability(), other.meanLogProbability());
    }

    private static String[] fluencyTexts(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                         Options options) {
        String[] out = new String[items.size()];
        int n = Math.min(options.fluencyItems(), items.size());
        Sampling topK = new Sampling(options.fluencyTokens(), 1f, options.fluencyTopK(), 1f, options.seed(), -1);
        for (int from = 0; from < n; from += options.batchSize()) {
            int to = Math.min(n, from + options.batchSize());
            long[][] prompts = new long[to - from][];
            for (int i = from; i < to; i++) {
                prompts[i - from] = tokenizer.encodeWithBos(items.get(i).prompt());
            }
            long[][] continuations = Generator.generate(model, prompts, topK);
            for (int i = from; i < to; i++) {
                out[i] = items.get(i).prompt() + tokenizer.decode(continuations[i - from]);
            }
        }
        return out;
    }

    private static double mean(List<ItemResult> results, java.util.function.ToDoubleFunction<ItemResult> metric) {
        return EditMetrics.meanOfDefined(results.stream().mapToDouble(metric).toArray());
    }

    /** Every (prompt, target) pair an evaluation scores, so that they share batches. */
    private static final class Pairs {
        private final List<String> prompts = new ArrayList<>();
        private final List<String> targets = new ArrayList<>();

        int add(String prompt, String target) {
            prompts.add(prompt);
            targets.add(target);
            return prompts.size() - 1;
        }

        /** Adds an item's pairs; returns where they start (see {@link #itemResult}). */
        int[] addItem(KnowledgeItem item) {
            int rewrite = add(item.prompt(), item.targetNew());
            int rewriteTrue = item.targetTrue() == null ? -1 : add(item.prompt(), item.targetTrue());
            int paraphrases = prompts.size();
            for (String p : item.paraphrases()) {
                add(p, item.targetNew());
                if (item.targetTrue() != null) {
                    add(p, item.targetTrue());
                } else {
                    add(p, item.targetNew()); // keeps the stride of 2; never read
                }
            }
            int neighbours = prompts.size();
            for (Check n : item.neighbours()) {
                add(n.prompt(), n.target());
                add(n.prompt(), item.targetNew());
            }
            int portability = prompts.size();
            item.portability().forEach(c -> add(c.prompt(), c.target()));
            return new int[] {rewrite, rewriteTrue, paraphrases, neighbours, portability};
        }

        List<TeacherForcing.Score> score(CausalLm model, Tokenizer tokenizer, int batchSize) {
            return TeacherForcing.scoreTexts(model, tokenizer, prompts, targets, batchSize);
        }
    }
}
