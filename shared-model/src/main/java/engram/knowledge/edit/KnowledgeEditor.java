package engram.knowledge.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.decompress.ReplayMix;
import engram.lora.LoraAdapter;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import engram.train.Checkpoints;
import engram.train.Example;
import engram.train.StepReport;
import engram.train.Trainer;
import engram.train.TrainingCheckpoint;
import engram.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes facts into a model with one of the baselines of METHODS.md §2.9 (FT-L, FT-M, LoRA), optionally with
 * OVERTONE's loss (§7). Each item becomes one example {@code [BOS] prompt target} whose target tokens (the
 * target tokenized in context, {@link Tokenizer#encodeContinuation}) carry the loss; no EOS is appended, as in
 * EasyEdit. All items train together (batch editing); {@link EditLedger#edit} edits one batch after another.
 *
 * <p>DJL's gradient collector is global to the process, so two trainings at once would mix their gradients:
 * {@link #edit} holds a process-wide lock for the whole training. Other threads calling it wait.
 */
public final class KnowledgeEditor {
    private static final ReentrantLock TRAINING = new ReentrantLock();

    private KnowledgeEditor() {}

    /**
     * Trains one edit of {@code items} into {@code model} and returns it applied.
     *
     * @param items    the facts; each item's {@link KnowledgeItem#target()} (target_new for edits) is written in
     * @param progress called after every optimiser step
     * @return the change, owned by the caller (close it, or hand it to a ledger)
     * @throws IllegalArgumentException when the config or an item is invalid
     * @throws engram.train.TrainingDivergedException when the loss becomes NaN or infinite (the model is then
     *                                                left as it was)
     */
    public static Edit edit(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, EditConfig config,
                            Consumer<StepReport> progress) {
        return edit(model, tokenizer, items, List.of(), 0, config, progress, Checkpoints.NONE);
    }

    /**
     * {@link #edit(CausalLm, Tokenizer, List, EditConfig, Consumer)} that survives being killed: it starts from
     * {@code checkpoints.latest()} when there is a snapshot, and saves one every {@code checkpoints.every()} steps
     * (never after the last step, nor after the step that stops training early). Data order, dropout and the
     * optimiser's state all resume, so the edit equals an uninterrupted run's bit for bit.
     *
     * @param checkpoints the snapshots of this very edit (same model, items and config)
     * @throws IllegalArgumentException also when tokens are traced (a trace cannot resume), or when the snapshot
     *                                  was trained with other settings or does not fit the edit's tensors
     */
    public static Edit edit(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, EditConfig config,
                            Consumer<StepReport> progress, Checkpoints checkpoints) {
        return edit(model, tokenizer, items, List.of(), 0, config, progress, checkpoints);
    }

    /**
     * TG-SFT (METHODS.md §8): trains {@code items} mixed with replay items, typically what the model decompressed
     * from itself before the edit ({@code engram.knowledge.decompress}), so that it keeps rehearsing what it knew.
     * The mix is {@link ReplayMix#mix} with the config's seed: every item plus {@code round(replayRatio · items)}
     * replay items. Replay items teach their {@link KnowledgeItem#target()}; only the edit's items are traced and
     * recorded in the edit.
     *
     * @param replay      replay items; may be empty only when {@code replayRatio} is 0
     * @param replayRatio replay items per edited item, &ge; 0; 0 trains exactly as {@link #edit(CausalLm, Tokenizer,
     *                    List, EditConfig, Consumer)}
     * @throws IllegalArgumentException when the config or an item is invalid, or replay is needed but empty
     */
    public static Edit edit(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, List<KnowledgeItem> replay,
                            double replayRatio, EditConfig config, Consumer<StepReport> progress) {
        return edit(model, tokenizer, items, replay, replayRatio, config, progress, Checkpoints.NONE);
    }

    /** Replay and checkpoints together: the two overloads above in one. */
    public static Edit edit(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, List<KnowledgeItem> replay,
                            double replayRatio, EditConfig config, Consumer<StepReport> progress,
                            Checkpoints checkpoints) {
        config.validate();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("items must not be empty");
        }
        if (config.traceTokens() && checkpoints != Checkpoints.NONE) {
            throw new IllegalArgumentException("a token trace cannot resume from a checkpoint: trace without checkpoints");
        }
        List<long[]> prompts = new ArrayList<>();
        List<long[]> targets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            KnowledgeItem item = items.get(i).validate("items[" + i + "]");
            prompts.add(tokenizer.encodeWithBos(item.prompt()));
            targets.add(tokenizer.encodeContinuation(item.prompt(), item.target()));
            ids.add(item.id());
        }
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            data.add(Example.completion(prompts.get(i), targets.get(i), 1f));
        }
        int replayCount = ReplayMix.replayCount(items.size(), replayRatio);
        if (replayCount > 0) {
            List<Example> replayed = new ArrayList<>();
            for (int i = 0; i < replay.size(); i++) {
                KnowledgeItem item = replay.get(i).validate("replay[" + i + "]");
                replayed.add(Example.completion(tokenizer.encodeWithBos(item.prompt()),
                        tokenizer.encodeContinuation(item.prompt(), item.target()), 1f));
            }
            data = ReplayMix.mix(data, replayed, replayRatio, config.seed());
        }
        Tracer tracer = config.traceTokens() ? new Tracer(model, tokenizer, ids, prompts, targets) : null;
        Session session = new Session(data, config, tracer, progress, checkpoints);
        TRAINING.lock();
        try {
            return config.method() == EditMethod.LORA ? trainAdapter(model, ids, session) : trainWeight(model, ids, session);
        } finally {
            TRAINING.unlock();
        }
    }

    /** One training's data, settings and observers. */
    private record Session(List<Example> data, EditConfig config, Tracer tracer, Consumer<StepReport> progress,
                           Checkpoints checkpoints) {}

    private static Edit trainWeight(CausalLm model, List<String> ids, Session session) {
        EditConfig config = session.config();
        String name = config.weightName(model.config());
        NDArray w = model.parameters().get(name);
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray before = Edit.copyOf(w, scope);
            float bound = config.normConstraint();
            Edit.Training training;
            try (Trainer trainer = new Trainer(model, Map.of(name, w), config.training(session.data().size()),
                    config.loss())) {
                training = run(trainer, session, () -> {
                    if (bound > 0) {
                        clampDelta(w, before, bound);
                    }
                });
            } catch (RuntimeException e) {
                before.copyTo(w);
                throw e;
            }
            NDArray delta = w.sub(before);                                                // (out, in)
            delta.attach(scope);
            // canonical form: the edited weight is exactly before + ΔW, the sum that apply() and load() compute
            before.copyTo(w);
            w.addi(delta);
            Map<String, NDArray> snapshot = new LinkedHashMap<>(Map.of(name, before));
            return Edit.ofWeights(model, config, ids, snapshot, Map.of(name, delta), training);
        }
    }

    /** ROME's FT-L norm constraint: {@code W ← W_before + clip(W − W_before, −bound, bound)}. */
    private static void clampDelta(NDArray w, NDArray before, float bound) {
        try (NDManager scope = before.getManager().newSubManager()) {
            NDArray delta = w.sub(before);                                                // (out, in)
            delta.attach(scope);
            NDArray clipped = delta.clip(-bound, bound);                                  // (out, in)
            before.copyTo(w);
            w.addi(clipped);
        }
    }

    private static Edit trainAdapter(CausalLm model, List<String> ids, Session session) {
        EditConfig config = session.config();
        LoraAdapter adapter = LoraAdapter.attach(model, config.lora(), config.seed());
        try (Trainer trainer = new Trainer(model, adapter.peftTensors(), config.training(session.data().size()),
                config.loss())) {
            adapter.training(true);
            Edit.Training training = run(trainer, session, () -> { });
            adapter.training(false);
            return Edit.ofAdapter(model, config, ids, adapter, training);
        } catch (RuntimeException e) {
            adapter.close();
            throw e;
        }
    }

    /**
     * Steps one at a time so that constraints, traces, early stopping and snapshots happen between steps. A snapshot
     * is taken after the constraint, so a resumed run continues from exactly the weights the next step would see.
     */
    private static Edit.Training run(Trainer trainer, Session session, Runnable afterStep) {
        TrainingConfig settings = trainer.config();
        EditConfig config = session.config();
        Checkpoints checkpoints = session.checkpoints();
        Optional<Path> snapshot = checkpoints.latest();
        snapshot.ifPresent(folder -> TrainingCheckpoint.restore(trainer, folder));
        int resumedFrom = trainer.step();
        if (resumedFrom >= settings.steps()) {
            throw new IllegalArgumentException("checkpoint " + snapshot.orElseThrow() + " holds step " + resumedFrom
                    + " of " + settings.steps() + "; snapshots are taken before the last step only");
        }
        StepReport[] last = new StepReport[1];
        if (session.tracer() != null) {
            session.tracer().record();
        }
        while (trainer.step() < settings.steps()) {
            trainer.train(session.data(), trainer.step() + 1, report -> {
                last[0] = report;
                session.progress().accept(report);
            });
            afterStep.run();
            if (session.tracer() != null) {
                session.tracer().record();
            }
            float loss = last[0].loss();
            boolean allClipped = config.overtone() != null && loss <= config.overtone().epsilon() * (1 + 1e-4f);
            if (loss < config.earlyStopLoss() || allClipped) {
                break;
            }
            int every = checkpoints.every();
            if (every > 0 && trainer.step() % every == 0 && trainer.step() < settings.steps()) {
                TrainingCheckpoint.save(trainer, checkpoints.folder());
                checkpoints.saved(trainer.step());
            }
        }
        return new Edit.Training(trainer.step(), last[0].loss(), resumedFrom,
                session.tracer() == null ? List.of() : session.tracer().traces());
    }

    /** Teacher-forced log-probabilities of every item's target tokens, one batched forward pass per call. */
    private static final class Tracer {
        private final CausalLm model;
        private final List<String> ids;
        private final List<long[]> prompts;
        private final List<long[]> targets;
        private final List<List<String>> pieces = new ArrayList<>();
        private final List<List<double[]>> rows = new ArrayList<>();

        Tracer(CausalLm model, Tokenizer tokenizer, List<String> ids, List<long[]> prompts, List<long[]> targets) {
            this.model = model;
            this.ids = ids;
            this.prompts = prompts;
            this.targets = targets;
            for (long[] target : targets) {
                List<String> names = new ArrayList<>();
                for (long id : target) {
                    names.add(tokenizer.decode(new long[] {id}));
                }
                pieces.add(names);
                rows.add(new ArrayList<>());
            }
        }

        void record() {
            int length = 0;
            for (int i = 0; i < prompts.size(); i++) {
                length = Math.max(length, prompts.get(i).length + targets.get(i).length);
            }
            long[] tokens = new long[prompts.size() * length];                     // right-padded with id 0
            for (int i = 0; i < prompts.size(); i++) {
                System.arraycopy(prompts.get(i), 0, tokens, i * length, prompts.get(i).length);
                System.arraycopy(targets.get(i), 0, tokens, i * length + prompts.get(i).length, targets.get(i).length);
            }
            try (NDManager scope = model.manager().newSubManager()) {
                NDArray input = scope.create(tokens, new Shape(prompts.size(), length));     // (B, T)
                float[] logp = model.tokenLogProbs(input, null).toFloatArray();              // (B, T-1)
                for (int i = 0; i < prompts.size(); i++) {
                    double[] row = new double[targets.get(i).length];
                    for (int t = 0; t < row.length; t++) {
                        row[t] = logp[i * (length - 1) + prompts.get(i).length - 1 + t];
                    }
                    rows.get(i).add(row);
                }
            }
        }

        List<TokenTrace> traces() {
            List<TokenTrace> out = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                out.add(new TokenTrace(ids.get(i), pieces.get(i), rows.get(i)));
            }
            return out;
        }
    }
}
