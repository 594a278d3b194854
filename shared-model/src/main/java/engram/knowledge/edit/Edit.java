package engram.knowledge.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.lora.LoraAdapter;
import engram.model.CausalLm;
import engram.model.WeightNames;
import engram.model.WeightNames.ModuleKind;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change to a model's knowledge, owned as a unit: for LoRA the adapter (its A and B), for FT-L/FT-M the
 * weight delta {@code ΔW = W_edited − W_before} of the trained weight. An edit can be applied (LoRA: the adapter
 * computes {@code W x + s·B A x}; FT: {@code W ← W_before + ΔW}), removed, merged into the weights
 * ({@code W ← W_before + ΔW}, with {@code ΔW = s·B A} for LoRA), saved, loaded and closed.
 *
 * <p>Removal restores a bit-exact copy of the weights taken when the delta went in, never {@code W − ΔW}, so it
 * is exact, but only for the latest change to those weights (last in, first out). To roll back any point of a
 * sequence of edits, record them in an {@link EditLedger}, which then owns them.
 *
 * <p>Closing frees the edit's arrays: an applied (unmerged) edit is removed first; a merged one stays in the
 * weights for good.
 */
public final class Edit implements AutoCloseable {

    /** Where the edit's change is. */
    public enum State {
        /** In effect: the adapter computes its delta, or the FT delta is in the weight (removable). */
        APPLIED,
        /** Folded into the weights (removable while it is the latest change). */
        MERGED,
        /** Not in effect; {@link #apply()} or {@link #merge()} bring it back. */
        REMOVED,
        /** Owned by an {@link EditLedger}, which decides when it is in effect. */
        IN_LEDGER
    }

    /**
     * How training went.
     *
     * @param steps       optimiser steps run (0 for a loaded edit)
     * @param finalLoss   the last step's mean loss (NaN for a loaded edit)
     * @param resumedFrom the step of the checkpoint the training resumed from; 0 when it started afresh
     * @param tokenTraces the HTO diagnostic per item, empty unless {@link EditConfig#traceTokens()}
     */
    public record Training(int steps, float finalLoss, int resumedFrom, List<TokenTrace> tokenTraces) {
        /** Copies the traces. */
        public Training {
            tokenTraces = List.copyOf(tokenTraces);
        }

        static final Training NONE = new Training(0, Float.NaN, 0, List.of());
    }

    private final CausalLm model;
    private final EditConfig config;
    private final List<String> itemIds;
    private final NDManager manager;
    private final LoraAdapter adapter;
    private final Map<String, NDArray> deltas = new LinkedHashMap<>();
    private final Map<String, NDArray> snapshot = new LinkedHashMap<>();
    private final Training training;
    private State state;
    private boolean closed;

    private Edit(CausalLm model, EditConfig config, List<String> itemIds, LoraAdapter adapter, Training training) {
        this.model = model;
        this.config = config;
        this.itemIds = List.copyOf(itemIds);
        this.manager = model.manager().newSubManager();
        this.adapter = adapter;
        this.training = training;
    }

    /** An FT edit whose delta is in the weights already; takes ownership of {@code before} and {@code delta}. */
    static Edit ofWeights(CausalLm model, EditConfig config, List<String> itemIds, Map<String, NDArray> before,
                          Map<String, NDArray> delta, Training training) {
        Edit edit = new Edit(model, config, itemIds, null, training);
        before.forEach((name, w) -> {
            w.attach(edit.manager);
            edit.snapshot.put(name, w);
        });
        delta.forEach((name, d) -> {
            d.attach(edit.manager);
            edit.deltas.put(name, d);
        });
        edit.state = State.APPLIED;
        return edit;
    }

    /** A LoRA edit over an attached, active adapter; takes ownership of it. */
    static Edit ofAdapter(CausalLm model, EditConfig config, List<String> itemIds, LoraAdapter adapter,
                          Training training) {
        Edit edit = new Edit(model, config, itemIds, adapter, training);
        edit.state = State.APPLIED;
        return edit;
    }

    /** The settings it was trained with. */
    public EditConfig config() {
        return config;
    }

    /** Ids of the items it writes in. */
    public List<String> itemIds() {
        return itemIds;
    }

    /** How training went. */
    public Training training() {
        return training;
    }

    /** Where the change currently is. */
    public State state() {
        return state;
    }

    /** Whether it is a LoRA adapter (else a weight delta). */
    public boolean isLora() {
        return adapter != null;
    }

    /** Hugging Face names of the weights it changes (for LoRA, the adapted modules' weights), in model order. */
    public List<String> weightNames() {
        return List.copyOf(deltas().keySet());
    }

    /** Puts the change into effect: LoRA unmerged, FT into the weights. */
    public void apply() {
        requireOwn();
        if (state == State.APPLIED || state == State.MERGED) {
            return;
        }
        if (adapter != null) {
            adapter.useOnly(EnumSet.allOf(ModuleKind.class));
        } else {
            addToWeights();
        }
        state = State.APPLIED;
    }

    /** Folds the change into the weights; for LoRA the adapter stops computing its own branch. */
    public void merge() {
        requireOwn();
        if (state == State.MERGED) {
            return;
        }
        if (adapter != null) {
            adapter.useOnly(EnumSet.noneOf(ModuleKind.class));
            addToWeights();
        } else if (state == State.REMOVED) {
            addToWeights();
        }
        state = State.MERGED;
    }

    /** Takes the change out: the weights get back the exact bits they had before it went in (LIFO, see above). */
    public void remove() {
        requireOwn();
        if (adapter != null) {
            adapter.useOnly(EnumSet.noneOf(ModuleKind.class));
        }
        restoreWeights();
        state = State.REMOVED;
    }

    /**
     * Writes the edit into {@code folder}: {@code edit.json} plus, for LoRA, PEFT's two files, for FT
     * {@code deltas.safetensors}. The same edit always writes the same bytes.
     *
     * @return the folder's SHA-256 ({@link engram.report.Hashes#sha256})
     */
    public String save(Path folder) {
        return EditFiles.save(this, folder);
    }

    /**
     * Reads an edit saved by {@link #save} and applies it to {@code model}; the model must be the one it was
     * trained on for the logits to match.
     *
     * @throws IllegalArgumentException naming the file, tensor or field that does not fit
     */
    public static Edit load(CausalLm model, Path folder) {
        return EditFiles.load(model, folder);
    }

    /** Removes an applied edit, keeps a merged one in the weights, and frees the arrays. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (state == State.APPLIED) {
            remove();
        }
        closed = true;
        if (adapter != null) {
            adapter.close();
        }
        manager.close();
    }

    /** Hands the edit to a ledger: its change is taken out, and from now on the ledger puts it in. */
    void handOverToLedger() {
        if (state == State.IN_LEDGER) {
            throw new IllegalStateException("the edit already belongs to a ledger");
        }
        remove();
        snapshot.values().forEach(NDArray::close);
        snapshot.clear();
        state = State.IN_LEDGER;
    }

    /**
     * {@code ΔW} per weight name in the weight's own layout; for LoRA {@code s · B A} (transposed for GPT-2's
     * Conv1D), computed once and kept. Owned by the edit.
     */
    Map<String, NDArray> deltas() {
        if (adapter != null && deltas.isEmpty()) {
            boolean conv1d = WeightNames.isConv1d(model.config());
            float scaling = adapter.config().scaling();
            Map<String, NDArray> tensors = adapter.peftTensors();
            for (String module : adapter.moduleNames()) {
                NDArray a = tensors.get(EditFiles.peftKey(module, "A"));                      // (r, in)
                NDArray b = tensors.get(EditFiles.peftKey(module, "B"));                      // (out, r)
                try (NDManager scope = manager.newSubManager()) {
                    NDArray product = b.matMul(a);                                            // (out, in)
                    product.attach(scope);
                    NDArray delta = (conv1d ? product.transpose() : product).mul(scaling);   // layout of W
                    delta.attach(manager);
                    deltas.put(module + ".weight", delta);
                }
            }
        }
        return Collections.unmodifiableMap(deltas);
    }

    LoraAdapter adapter() {
        return adapter;
    }

    CausalLm model() {
        return model;
    }

    NDManager manager() {
        return manager;
    }

    private void addToWeights() {
        for (Map.Entry<String, NDArray> e : deltas().entrySet()) {
            NDArray w = model.parameters().get(e.getKey());
            snapshot.put(e.getKey(), copyOf(w, manager));
            w.addi(e.getValue());
        }
    }

    private void restoreWeights() {
        snapshot.forEach((name, before) -> before.copyTo(model.parameters().get(name)));
        snapshot.values().forEach(NDArray::close);
        snapshot.clear();
    }

    private void requireOwn() {
        if (state == State.IN_LEDGER) {
            throw new IllegalStateException("the edit belongs to a ledger; roll the ledger back instead");
        }
        if (closed) {
            throw new IllegalStateException("the edit is closed");
        }
    }

    /** A bit-exact copy of {@code w} owned by {@code owner}. */
    static NDArray copyOf(NDArray w, NDManager owner) {
        NDArray copy = owner.create(w.getShape(), w.getDataType());
        w.copyTo(copy);
        return copy;
    }
}
