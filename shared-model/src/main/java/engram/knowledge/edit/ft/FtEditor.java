package engram.knowledge.edit.ft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.knowledge.change.WeightChange;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditRun;
import engram.knowledge.edit.Editor;
import engram.knowledge.edit.MethodSettings;
import engram.model.CausalLm;
import engram.train.TokenLoss;
import engram.train.Trainer;
import java.util.Map;

/**
 * Trains one weight ({@link FtSettings#weightName}) and returns its delta {@code ΔW = W_edited − W_before} as the
 * change. {@link #PROMPT_LAST} is FT-L, {@link #TARGET_ONLY} FT-M.
 */
public final class FtEditor implements Editor {
    /** FT-L: the loss read at the last prompt position. */
    public static final FtEditor PROMPT_LAST = new FtEditor(true);
    /** FT-M: teacher-forced on the target tokens. */
    public static final FtEditor TARGET_ONLY = new FtEditor(false);

    private final boolean promptLast;

    private FtEditor(boolean promptLast) {
        this.promptLast = promptLast;
    }

    @Override
    public Class<? extends MethodSettings> settingsType() {
        return FtSettings.class;
    }

    @Override
    public Edit train(EditRun run) {
        EditConfig config = run.config();
        FtSettings settings = config.settings(FtSettings.class);
        CausalLm model = run.model();
        String name = settings.weightName(model.config());
        NDArray w = model.parameters().get(name);
        TokenLoss loss = promptLast ? new PromptLast(config.tokenLoss()) : config.tokenLoss();
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray before = WeightChange.copyOf(w, scope);
            float bound = settings.normConstraint();
            Edit.Training training;
            try (Trainer trainer = new Trainer(model, Map.of(name, w), config.training(run.data().size()), loss)) {
                training = run.train(trainer, () -> {
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
            WeightChange change = WeightChange.ofDeltas(model, Edit.describe(config, run.itemIds()),
                    Map.of(name, before), Map.of(name, delta));
            return new Edit(change, config, training);
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
}
