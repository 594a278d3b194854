package engram.knowledge.edit.lora;

import engram.knowledge.change.WeightChange;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditRun;
import engram.knowledge.edit.Editor;
import engram.knowledge.edit.MethodSettings;
import engram.lora.LoraAdapter;
import engram.train.Trainer;

/** Attaches a fresh adapter ({@link LoraSettings}, A seeded by the config's seed), trains its A and B, and returns it. */
public final class LoraEditor implements Editor {
    /** The one instance: LoRA editing has no state. */
    public static final LoraEditor INSTANCE = new LoraEditor();

    private LoraEditor() {}

    @Override
    public Class<? extends MethodSettings> settingsType() {
        return LoraSettings.class;
    }

    @Override
    public Edit train(EditRun run) {
        EditConfig config = run.config();
        LoraAdapter adapter = LoraAdapter.attach(run.model(), config.settings(LoraSettings.class).adapter(), config.seed());
        try (Trainer trainer = new Trainer(run.model(), adapter.peftTensors(), config.training(run.data().size()),
                config.tokenLoss())) {
            adapter.training(true);
            Edit.Training training = run.train(trainer, () -> { });
            adapter.training(false);
            WeightChange change = WeightChange.ofAdapter(run.model(), Edit.describe(config, run.itemIds()), adapter);
            return new Edit(change, config, training);
        } catch (RuntimeException e) {
            adapter.close();
            throw e;
        }
    }
}
