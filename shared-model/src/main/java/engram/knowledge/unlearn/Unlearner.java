package engram.knowledge.unlearn;

import engram.knowledge.KnowledgeItem;
import engram.knowledge.unlearn.UnlearningProgress.Phase;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;

/**
 * Removes knowledge from a model, or adds it, with UNLEARN/LEARN (Lizzo &amp; Heck, arXiv 2408.04140) or one of
 * three baselines (TOFU, Maini et al. 2024). The paper's formulas are not published; what runs here is docs/methods.md
 * §6.3's reconstruction, and every step below says so.
 *
 * <p>UNLEARN / LEARN, per adapted weight {@code W (out, in)}:
 * <ol>
 * <li>Subspace identification [INF, task-vector reading]: a LoRA task adapter trained on the target items gives
 *     {@code T = (α_lora / r) B A}; another, trained on the keep items, gives {@code T_k}
 *     ({@link TaskMatrices}).</li>
 * <li>Subspace discrimination [INF]: the keep subspace {@code Q} is the orthonormal basis, by modified
 *     Gram–Schmidt with re-orthogonalisation ({@link GramSchmidt}), of the leading singular directions of
 *     {@code T_k} that carry {@code keepEnergy} of its energy, on the configured side; then
 *     {@code T̃ = T − (T Qᵀ) Q} (rows) or {@code T̃ = T − Qᵀ (Q T)} (columns).</li>
 * <li>Removal or addition [INF]: {@code T̂ = U_r Σ_r V_rᵀ}, the fewest singular directions of {@code T̃} carrying
 *     η of its energy; UNLEARN writes {@code W' = W − α T̂}, LEARN {@code W' = W + α T̂}.</li>
 * </ol>
 * The paper's "literal" reading (re-initialise the network and train it layer by layer) is not implemented.
 *
 * <p>Baselines, each a LoRA adapter of the same shape trained with its own loss and then written in unchanged
 * ({@code W' = W + (α_lora / r) B A}); TOFU fine-tunes every weight instead:
 * <ul>
 * <li>gradient ascent: the target answers with example weight −1;</li>
 * <li>gradient difference: the target answers with weight −1 plus as many keep answers (a seeded sample) with
 *     weight {@code retainWeight}; TOFU pairs each forget batch with a retain batch instead;</li>
 * <li>IDK: each target prompt with a refusal drawn (seeded) from the refusals, weight 1, plus the same keep
 *     sample.</li>
 * </ul>
 *
 * <p>Examples are {@code [BOS] prompt answer} with the loss on the answer's tokens (as {@code KnowledgeEditor}).
 * DJL's gradient collector is process-wide, so runs hold the training lock ({@link Trainer#exclusively}).
 */
public final class Unlearner {
    private Unlearner() {}

    /**
     * Runs {@code request} on {@code model} and returns the change, already applied.
     *
     * @param progress called after every optimiser step
     * @return the change, owned by the caller (revert it, or close it to keep it and free its arrays)
     * @throws IllegalArgumentException when the request is invalid
     * @throws engram.train.TrainingDivergedException when a loss becomes NaN or infinite (the weights are untouched)
     */
    public static Unlearning run(CausalLm model, Tokenizer tokenizer, UnlearningRequest request,
                                 Consumer<UnlearningProgress> progress) {
        request.validate();
        return Trainer.exclusively(() -> switch (request.method()) {
            case UNLEARN, LEARN -> subspace(model, tokenizer, request, progress).apply(model, request.config().scale());
            case GRADIENT_ASCENT, GRADIENT_DIFFERENCE, IDK_FINE_TUNING -> baseline(model, tokenizer, request, progress);
        });
    }

    /**
     * Steps 1 and 2 of UNLEARN/LEARN without step 3: trains the task adapters and returns {@code T̂} per weight,
     * which {@link TaskSubspace#apply} then writes in with any α (so a sweep over α trains once).
     *
     * @throws IllegalArgumentException when the request is invalid or its method is not UNLEARN or LEARN
     */
    public static TaskSubspace identify(CausalLm model, Tokenizer tokenizer, UnlearningRequest request,
                                        Consumer<UnlearningProgress> progress) {
        request.validate();
        if (request.method() != UnlearnMethod.UNLEARN && request.method() != UnlearnMethod.LEARN) {
            throw new IllegalArgumentException("identify needs UNLEARN or LEARN, got " + request.method());
        }
        return Trainer.exclusively(() -> subspace(model, tokenizer, request, progress));
    }

    private static TaskSubspace subspace(CausalLm model, Tokenizer tokenizer, UnlearningRequest request,
                                         Consumer<UnlearningProgress> progress) {
        UnlearnConfig c = request.config();
        boolean learn = request.method() == UnlearnMethod.LEARN;
        TrainingConfig training = TrainingConfig.adamW(c.learningRate(), c.steps(), c.batchSize(), c.seed());
        List<Unlearning.Training> trainings = new ArrayList<>();
        TaskMatrices.Result target = TaskMatrices.train(model, examples(tokenizer, request.targets(), learn, 1f),
                c.adapter(), training, Phase.TARGET_TASK, progress);
        trainings.add(new Unlearning.Training(Phase.TARGET_TASK, target.steps(), target.finalLoss()));
        Map<String, DMatrixRMaj> keep = Map.of();
        if (!request.keep().isEmpty()) {
            TaskMatrices.Result kept = TaskMatrices.train(model, examples(tokenizer, request.keep(), learn, 1f),
                    c.adapter(), training, Phase.KEEP_TASK, progress);
            trainings.add(new Unlearning.Training(Phase.KEEP_TASK, kept.steps(), kept.finalLoss()));
            keep = kept.byWeight();
        }
        Map<String, DMatrixRMaj> specific = new LinkedHashMap<>();
        List<LayerSubspace> layers = new ArrayList<>();
        for (Map.Entry<String, DMatrixRMaj> e : target.byWeight().entrySet()) {
            DMatrixRMaj t = new DMatrixRMaj(e.getValue().numRows, e.getValue().numCols);
            layers.add(discriminate(e.getKey(), e.getValue(), keep.get(e.getKey()), c, t));
            specific.put(e.getKey(), t);
        }
        return new TaskSubspace(request.method(), specific, layers, trainings);
    }

    /** Steps 2 and 3 for one weight: writes {@code T̂} into {@code out} and reports the subspaces. */
    static LayerSubspace discriminate(String weight, DMatrixRMaj t, DMatrixRMaj keep, UnlearnConfig c,
                                      DMatrixRMaj out) {
        ProjectionSide side = c.side();
        int dimension = side == ProjectionSide.ROW ? t.numCols : t.numRows;
        DMatrixRMaj q = new DMatrixRMaj(0, dimension);
        if (keep != null) {
            DMatrixRMaj leading = Subspaces.truncate(keep, c.keepEnergy(), c.tolerance()).basis(side);
            q = GramSchmidt.orthonormalRows(leading, c.tolerance());
        }
        double total = Subspaces.energy(t);
        DMatrixRMaj specific = Subspaces.removeSpan(t, q, side);                  // T̃
        double shared = total == 0 ? 0 : Math.max(0, 1 - Subspaces.energy(specific) / total);
        Subspaces.Truncation kept = Subspaces.truncate(specific, c.energy(), c.tolerance());
        out.setTo(kept.matrix());                                                // T̂
        int targetRank = Subspaces.truncate(t, 1.0, c.tolerance()).numericRank();
        return new LayerSubspace(weight, targetRank, q.numRows, shared, kept.rank(), kept.energyKept(),
                Math.sqrt(Subspaces.energy(out)));
    }

    private static Unlearning baseline(CausalLm model, Tokenizer tokenizer, UnlearningRequest request,
                                       Consumer<UnlearningProgress> progress) {
        UnlearnConfig c = request.config();
        List<Example> data = new ArrayList<>();
        switch (request.method()) {
            case GRADIENT_ASCENT -> data.addAll(examples(tokenizer, request.targets(), false, -1f));
            case GRADIENT_DIFFERENCE -> {
                data.addAll(examples(tokenizer, request.targets(), false, -1f));
                data.addAll(examples(tokenizer, keepSample(request), false, c.retainWeight()));
            }
            case IDK_FINE_TUNING -> {
                data.addAll(refusalExamples(tokenizer, request.targets(), request.refusals(), c.seed()));
                data.addAll(examples(tokenizer, keepSample(request), false, c.retainWeight()));
            }
            default -> throw new IllegalStateException("not a baseline: " + request.method());
        }
        TrainingConfig training = TrainingConfig.adamW(c.baselineLearningRate(), c.baselineSteps(),
                Math.min(c.batchSize(), data.size()), c.seed());
        TaskMatrices.Result result = TaskMatrices.train(model, data, c.adapter(), training, Phase.BASELINE, progress);
        return Unlearning.apply(model, request.method(), result.byWeight(), List.of(),
                List.of(new Unlearning.Training(Phase.BASELINE, result.steps(), result.finalLoss())));
    }

    /** {@code [BOS] prompt answer}, loss on the answer; the answer is the new target for LEARN, else the true one. */
    static List<Example> examples(Tokenizer tokenizer, List<KnowledgeItem> items, boolean newTarget, float weight) {
        List<Example> out = new ArrayList<>(items.size());
        for (KnowledgeItem item : items) {
            String answer = newTarget || item.targetTrue() == null ? item.target() : item.targetTrue();
            out.add(example(tokenizer, item.prompt(), answer, weight));
        }
        return out;
    }

    private static List<Example> refusalExamples(Tokenizer tokenizer, List<KnowledgeItem> items, List<String> refusals,
                                                 long seed) {
        Random random = new Random(seed);
        List<Example> out = new ArrayList<>(items.size());
        for (KnowledgeItem item : items) {
            out.add(example(tokenizer, item.prompt(), " " + refusals.get(random.nextInt(refusals.size())), 1f));
        }
        return out;
    }

    private static Example example(Tokenizer tokenizer, String prompt, String answer, float weight) {
        return Example.completion(tokenizer.encodeWithBos(prompt), tokenizer.encodeContinuation(prompt, answer), weight);
    }

    /** As many keep items as there are targets (all of them when there are fewer), drawn with the run's seed. */
    private static List<KnowledgeItem> keepSample(UnlearningRequest request) {
        List<KnowledgeItem> shuffled = new ArrayList<>(request.keep());
        Collections.shuffle(shuffled, new Random(request.config().seed()));
        return shuffled.subList(0, Math.min(shuffled.size(), request.targets().size()));
    }
}
