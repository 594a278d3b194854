package engram.knowledge.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.decompress.ReplayMix;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import engram.train.Checkpoints;
import engram.train.Example;
import engram.train.StepReport;
import engram.train.Trainer;
import engram.train.TrainingCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One edit's prepared work, what every method shares: the examples (each item as {@code [BOS] prompt target} with the
 * loss on the target tokens at the item's {@link KnowledgeItem#weight()}, tokenised in context by
 * {@link Tokenizer#encodeContinuation}; no EOS, as in EasyEdit),
 * the TG-SFT replay mixed in, and the step loop ({@link #train}) with early stopping, checkpoints and the token
 * trace. An {@link Editor} only says which parameters train and what happens after each step.
 */
public final class EditRun {
    private final CausalLm model;
    private final EditConfig config;
    private final List<String> itemIds;
    private final List<Example> data;
    private final Tracer tracer;
    private final Consumer<StepReport> progress;
    private final Checkpoints checkpoints;

    private EditRun(CausalLm model, EditConfig config, List<String> itemIds, List<Example> data, Tracer tracer,
                    Consumer<StepReport> progress, Checkpoints checkpoints) {
        this.model = model;
        this.config = config;
        this.itemIds = List.copyOf(itemIds);
        this.data = List.copyOf(data);
        this.tracer = tracer;
        this.progress = progress;
        this.checkpoints = checkpoints;
    }

    /**
     * Validates and tokenises {@code items}, mixes in {@code round(replayRatio · items)} replay items
     * ({@link ReplayMix#mix} with the config's seed); replay items teach their {@link KnowledgeItem#target()} and
     * are neither traced nor recorded in the edit.
     *
     * @throws IllegalArgumentException when the config or an item is invalid, replay is needed but empty, or tokens
     *                                  are traced with checkpoints (a trace cannot resume)
     */
    public static EditRun prepare(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                  List<KnowledgeItem> replay, double replayRatio, EditConfig config,
                                  Consumer<StepReport> progress, Checkpoints checkpoints) {
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
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            KnowledgeItem item = items.get(i).validate("items[" + i + "]");
            prompts.add(tokenizer.encodeWithBos(item.prompt()));
            targets.add(tokenizer.encodeContinuation(item.prompt(), item.target()));
            ids.add(item.id());
            data.add(Example.completion(prompts.get(i), targets.get(i), (float) item.weight()));
        }
        if (ReplayMix.replayCount(items.size(), replayRatio) > 0) {
            List<Example> replayed = new ArrayList<>();
            for (int i = 0; i < replay.size(); i++) {
                KnowledgeItem item = replay.get(i).validate("replay[" + i + "]");
                replayed.add(Example.completion(tokenizer.encodeWithBos(item.prompt()),
                        tokenizer.encodeContinuation(item.prompt(), item.target()), (float) item.weight()));
            }
            data = ReplayMix.mix(data, replayed, replayRatio, config.seed());
        }
        Tracer tracer = config.traceTokens() ? new Tracer(model, tokenizer, ids, prompts, targets) : null;
        return new EditRun(model, config, ids, data, tracer, progress, checkpoints);
    }

    /** The model being edited. */
    public CausalLm model() {
        return model;
    }

    /** The edit's settings. */
    public EditConfig config() {
        return config;
    }

    /** Ids of the edited items (not the replay). */
    public List<String> itemIds() {
        return itemIds;
    }

    /** The training examples, replay mixed in. */
    public List<Example> data() {
        return data;
    }

    /**
     * Runs {@code trainer} to the end of its steps: resumes from the latest checkpoint if there is one, calls
     * {@code afterStep} after every optimiser step (before the trace and the snapshot, so a resumed run continues from
     * exactly the weights the next step would see), stops early below the config's loss (or once every OVERTONE
     * token is clipped), and snapshots every {@code checkpoints.every()} steps, never after the last step nor after
     * the step that stops training.
     *
     * @throws IllegalArgumentException when the snapshot was trained with other settings or does not fit
     */
    public Edit.Training train(Trainer trainer, Runnable afterStep) {
        Optional<Path> snapshot = checkpoints.latest();
        snapshot.ifPresent(folder -> TrainingCheckpoint.restore(trainer, folder));
        int resumedFrom = trainer.step();
        int steps = trainer.config().steps();
        if (resumedFrom >= steps) {
            throw new IllegalArgumentException("checkpoint " + snapshot.orElseThrow() + " holds step " + resumedFrom
                    + " of " + steps + "; snapshots are taken before the last step only");
        }
        StepReport[] last = new StepReport[1];
        if (tracer != null) {
            tracer.record();
        }
        trainer.run(data, report -> {
            last[0] = report;
            progress.accept(report);
            afterStep.run();
            if (tracer != null) {
                tracer.record();
            }
            float loss = report.loss();
            boolean allClipped = config.overtone() != null && loss <= config.overtone().epsilon() * (1 + 1e-4f);
            if (loss < config.earlyStopLoss() || allClipped) {
                return true;
            }
            int every = checkpoints.every();
            if (every > 0 && trainer.step() % every == 0 && trainer.step() < steps) {
                TrainingCheckpoint.save(trainer, checkpoints.folder());
                checkpoints.saved(trainer.step());
            }
            return false;
        });
        return new Edit.Training(trainer.step(), last[0].loss(), resumedFrom,
                tracer == null ? List.of() : tracer.traces());
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
