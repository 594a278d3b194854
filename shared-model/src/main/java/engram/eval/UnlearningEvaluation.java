package engram.eval;

import engram.knowledge.KnowledgeItem;
import engram.knowledge.TeacherForcing;
import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The TOFU-style unlearning benchmark on one model (Maini et al. 2024; locuslab/tofu {@code evaluate_util.py}
 * and {@code aggregate_eval_stat.py}): per set, teacher-forced token accuracy and exact match of the true
 * answer, its length-normalised probability, ROUGE-L recall of a greedy generation, and the truth ratio of
 * every question with perturbed answers; then forget quality (KS test, {@link ForgetQuality}) and model
 * utility (harmonic mean, {@link ModelUtility}).
 *
 * <p>Prompts are tokenized with BOS, answers on their own (leading space included), as EasyEdit does
 * (docs/methods.md §2.1); TOFU tokenizes question and answer together, which can differ at the boundary.
 * An item without {@code paraphrasedTarget} uses its {@code targetTrue} in the truth ratio's denominator;
 * an item without {@code perturbedTargets} gets no truth ratio. Generation is greedy, stops at EOS when the
 * tokenizer has one, and is compared with the true answer without its leading space.
 */
public final class UnlearningEvaluation {
    private UnlearningEvaluation() {}

    /**
     * How to run the evaluation.
     *
     * @param batchSize     items per forward pass, for teacher forcing and for generation
     * @param maxNewTokens  tokens a greedy generation may produce per question
     */
    public record Options(int batchSize, int maxNewTokens) {

        /** 16 items per batch, 32 generated tokens. */
        public static Options defaults() {
            return new Options(16, 32);
        }

        /**
         * Checks the ranges.
         *
         * @return this
         * @throws IllegalArgumentException naming the field and its value
         */
        public Options validate() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
            }
            return this;
        }
    }

    /**
     * Evaluates {@code model} on every set; the model is only read.
     *
     * @throws IllegalArgumentException when the options or the sets are invalid
     */
    public static UnlearningScores evaluate(CausalLm model, Tokenizer tokenizer, UnlearningSets sets,
                                            Options options) {
        options.validate();
        sets.validate();
        SetScores forget = score(model, tokenizer, sets.forget(), options);
        List<SetScores> retain = new ArrayList<>();
        for (UnlearningSets.ItemSet set : sets.retain()) {
            retain.add(score(model, tokenizer, set, options));
        }
        return new UnlearningScores(forget, retain, forgetQuality(model, tokenizer, sets, forget, options),
                ModelUtility.ofRetainSets(retain));
    }

    /**
     * All per-set figures of one set.
     *
     * @throws IllegalArgumentException when an item has no true answer or an empty prompt or answer
     */
    public static SetScores score(CausalLm model, Tokenizer tokenizer, UnlearningSets.ItemSet set,
                                  Options options) {
        List<long[]> prompts = new ArrayList<>();
        List<long[]> answers = new ArrayList<>();
        for (KnowledgeItem item : set.items()) {
            if (item.targetTrue() == null) {
                throw new IllegalArgumentException(set.name() + ": item " + item.id() + " has no target_true");
            }
            prompts.add(tokenizer.encodeWithBos(item.prompt()));
            answers.add(tokenizer.encode(item.targetTrue()));
        }
        List<TeacherForcing.Score> scores = TeacherForcing.score(model, prompts, answers, options.batchSize());
        double accuracy = 0;
        double exact = 0;
        double probability = 0;
        for (int i = 0; i < scores.size(); i++) {
            accuracy += scores.get(i).tokenAccuracy();
            exact += scores.get(i).exact() ? 1 : 0;
            probability += AnswerLikelihood.of(scores.get(i), answers.get(i).length).normalisedProbability();
        }
        List<String> generations = generate(model, tokenizer, prompts, options);
        double rouge = 0;
        for (int i = 0; i < generations.size(); i++) {
            rouge += RougeL.score(set.items().get(i).targetTrue().strip(), generations.get(i)).recall();
        }
        int n = set.items().size();
        return new SetScores(set.name(), n, accuracy / n, exact / n, rouge / n, probability / n,
                truthRatios(model, tokenizer, set.items(), options));
    }

    /**
     * One truth ratio per item that has perturbed answers, all answers scored teacher-forced in batches.
     *
     * @throws IllegalArgumentException when a prompt or answer encodes to no tokens
     */
    public static List<TruthRatio> truthRatios(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                               Options options) {
        List<long[]> prompts = new ArrayList<>();
        List<long[]> answers = new ArrayList<>();
        for (KnowledgeItem item : items) {
            if (item.perturbedTargets().isEmpty()) {
                continue;
            }
            long[] prompt = tokenizer.encodeWithBos(item.prompt());
            String paraphrased = item.paraphrasedTarget() != null ? item.paraphrasedTarget() : item.targetTrue();
            prompts.add(prompt);
            answers.add(tokenizer.encode(paraphrased));
            for (String perturbed : item.perturbedTargets()) {
                prompts.add(prompt);
                answers.add(tokenizer.encode(perturbed));
            }
        }
        List<TeacherForcing.Score> scores = TeacherForcing.score(model, prompts, answers, options.batchSize());
        List<TruthRatio> ratios = new ArrayList<>();
        int row = 0;
        for (KnowledgeItem item : items) {
            int count = item.perturbedTargets().size();
            if (count == 0) {
                continue;
            }
            AnswerLikelihood paraphrased = AnswerLikelihood.of(scores.get(row), answers.get(row).length);
            List<AnswerLikelihood> perturbed = new ArrayList<>(count);
            for (int j = 1; j <= count; j++) {
                perturbed.add(AnswerLikelihood.of(scores.get(row + j), answers.get(row + j).length));
            }
            ratios.add(TruthRatio.of(paraphrased, perturbed));
            row += 1 + count;
        }
        return ratios;
    }

    /** Greedy continuations of {@code prompts}, decoded, {@code batchSize} prompts per generation call. */
    private static List<String> generate(CausalLm model, Tokenizer tokenizer, List<long[]> prompts,
                                         Options options) {
        Sampling greedy = Sampling.greedy(options.maxNewTokens());
        if (tokenizer.eos() >= 0) {
            greedy = greedy.stoppingAt(tokenizer.eos());
        }
        List<String> texts = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += options.batchSize()) {
            List<long[]> batch = prompts.subList(from, Math.min(prompts.size(), from + options.batchSize()));
            for (long[] tokens : Generator.generate(model, batch.toArray(long[][]::new), greedy)) {
                texts.add(tokenizer.decode(tokens));
            }
        }
        return texts;
    }

    private static ForgetQuality forgetQuality(CausalLm model, Tokenizer tokenizer, UnlearningSets sets,
                                               SetScores forget, Options options) {
        if (forget.truthRatios().isEmpty()) {
            throw new IllegalArgumentException("forget set " + forget.name()
                    + " has no item with perturbed answers, so forget quality cannot be computed");
        }
        if (sets.reference() instanceof UnlearningSets.RetainModel retainModel) {
            return ForgetQuality.againstRetainModel(forget.ratios(), retainModel.ratios());
        }
        UnlearningSets.NeverSeen neverSeen = (UnlearningSets.NeverSeen) sets.reference();
        double[] reference = truthRatios(model, tokenizer, neverSeen.items().items(), options).stream()
                .mapToDouble(TruthRatio::ratio).toArray();
        return ForgetQuality.againstNeverSeen(forget.ratios(), reference);
    }
}
