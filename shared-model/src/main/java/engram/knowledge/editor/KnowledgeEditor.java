package engram.knowledge.editor;

import engram.knowledge.KnowledgeItem;
import engram.knowledge.change.ChangeFiles;
import engram.knowledge.change.WeightChange;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditRun;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import engram.train.Checkpoints;
import engram.train.StepReport;
import engram.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The entry point for writing facts into a model: prepares the run ({@link EditRun}), takes the training lock
 * ({@link Trainer#exclusively}) and hands the run to the method's editor ({@link Editors}). All items train
 * together (batch editing); {@link EditLedger#edit} edits one batch after another.
 */
public final class KnowledgeEditor {

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
     * TG-SFT (docs/methods.md §8): trains {@code items} mixed with replay items, typically what the model
     * decompressed from itself before the edit ({@code engram.knowledge.decompress}), so that it keeps rehearsing
     * what it knew ({@link EditRun#prepare} says how they are mixed).
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
        Editors.validate(config);
        EditRun run = EditRun.prepare(model, tokenizer, items, replay, replayRatio, config, progress, checkpoints);
        return Trainer.exclusively(() -> Editors.editor(config.method()).train(run));
    }

    /**
     * Reads an edit saved by {@link Edit#save} and applies it to {@code model}; the model must be the one it was
     * trained on for the logits to match. {@link WeightChange#load} reads any change without its config.
     *
     * @throws IllegalArgumentException naming the file, tensor or field that does not fit, or when the folder holds
     *                                  another kind of change
     */
    public static Edit load(CausalLm model, Path folder) {
        WeightChange change = WeightChange.load(model, folder, ChangeFiles.EDIT);
        try {
            EditConfig config = Editors.read(change.description().field("config"));
            return new Edit(change, config, Edit.Training.NONE);
        } catch (RuntimeException e) {
            change.close();
            throw e;
        }
    }
}
