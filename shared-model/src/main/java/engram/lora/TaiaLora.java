package engram.lora;

import engram.model.WeightNames.ModuleKind;
import java.util.EnumSet;

/**
 * TAIA for a LoRA adapter trained on every linear map: TAIA mode is {@code adapter.useOnly(ATTENTION)}, so the
 * FFN projections compute with their untouched base weights and the attention projections with
 * {@code W x + (α/r) B A x}, which is pixas/TAIA_LLM's {@code target_modules = [q,k,v,o]} merge
 * {@code W ← W + (α/r) B A} before the merge is taken. Switching only swaps which projection objects the model
 * calls; no weight is written, so both directions are exact. To fold the attention deltas into the weights as the
 * reference code does, call {@link LoraAdapter#merge()} while in TAIA mode.
 */
public final class TaiaLora implements TaiaView {
    private final LoraAdapter adapter;
    private TaiaMode mode = TaiaMode.TUNED;

    /**
     * A view over {@code adapter}, which must not be merged; the adapter stays owned by the caller.
     *
     * @throws IllegalStateException when the adapter is merged
     */
    TaiaLora(LoraAdapter adapter) {
        if (adapter.isMerged()) {
            throw new IllegalStateException("unmerge the adapter before taking a TAIA view of it");
        }
        this.adapter = adapter;
        adapter.useOnly(EnumSet.allOf(ModuleKind.class));
    }

    /** The adapter the view switches. */
    public LoraAdapter adapter() {
        return adapter;
    }

    @Override
    public TaiaMode mode() {
        return mode;
    }

    /** {@code adapter.useOnly(ATTENTION)}. */
    @Override
    public void useTaia() {
        adapter.useOnly(EnumSet.of(ModuleKind.ATTENTION));
        mode = TaiaMode.TAIA;
    }

    /** {@code adapter.useOnly(ATTENTION, MLP)}. */
    @Override
    public void useTuned() {
        adapter.useOnly(EnumSet.allOf(ModuleKind.class));
        mode = TaiaMode.TUNED;
    }

    /** Back to the tuned mode; the adapter itself stays open. */
    @Override
    public void close() {
        if (!adapter.isMerged()) {
            useTuned();
        }
    }
}
