package engram.knowledge.change;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.lora.LoraAdapter;
import engram.model.CausalLm;
import engram.model.WeightNames.ModuleKind;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change to a model's weights, owned as a unit: a LoRA adapter (its A and B) or weight deltas
 * {@code ΔW = W_changed − W_before}. Edits ({@code engram.knowledge.edit.Edit}) and unlearnings
 * ({@code engram.knowledge.unlearn.Unlearning}) are changes that also remember how they were made; a change read
 * back from its folder ({@link #load}) is the same object whatever made it.
 *
 * <p>A change can be applied (LoRA: the adapter computes {@code W x + s·B A x}; deltas: {@code W ← W_before + ΔW}),
 * removed, merged into the weights ({@code W ← W_before + ΔW}, with {@code ΔW = s·B A} for LoRA), saved and
 * closed. Removal restores a bit-exact copy of the weights taken when the change went in, never {@code W − ΔW}, so
 * it is exact, but only for the latest change to those weights (last in, first out). To roll back any point of a
 * sequence of changes, hand them to a ledger ({@code engram.knowledge.editor.EditLedger}), which then owns them.
 *
 * <p><b>Closing</b> (one meaning for every change): an applied change is taken out, a merged one stays in the
 * weights for good, and the arrays are freed. To keep a change after closing it, {@link #merge()} it first.
 */
public class WeightChange implements AutoCloseable {

    /** Where the change is. */
    public enum State {
        /** In effect and temporary: the adapter computes its delta, or the deltas are in the weights; closing takes it out. */
        APPLIED,
        /** Folded into the weights; closing keeps it (removable while it is the latest change). */
        MERGED,
        /** Not in effect; {@link #apply()} or {@link #merge()} bring it back. */
        REMOVED,
        /** Owned by a ledger, which decides when it is in effect. */
        IN_LEDGER
    }

    private final CausalLm model;
    private final NDManager manager;
    private final LoraAdapter adapter;
    private final Map<String, NDArray> deltas;
    private final Map<String, NDArray> snapshot;
    private Description description;
    private State state;
    private boolean closed;

    private WeightChange(CausalLm model, Description description, LoraAdapter adapter) {
        this.model = model;
        this.description = description;
        this.manager = model.manager().newSubManager();
        this.adapter = adapter;
        this.deltas = new LinkedHashMap<>();
        this.snapshot = new LinkedHashMap<>();
    }

    /** Takes over {@code taken}'s arrays and state (a subclass wrapping a change just built or loaded). */
    protected WeightChange(WeightChange taken) {
        taken.requireOwn();
        this.model = taken.model;
        this.description = taken.description;
        this.manager = taken.manager;
        this.adapter = taken.adapter;
        this.deltas = taken.deltas;
        this.snapshot = taken.snapshot;
        this.state = taken.state;
        taken.closed = true;                         // the arrays now belong to this object
    }

    /**
     * A change whose deltas are in the weights already ({@link State#APPLIED}); takes ownership of {@code before}
     * (the weights' bits before the change) and {@code deltas}, both keyed by Hugging Face weight name.
     */
    public static WeightChange ofDeltas(CausalLm model, Description description, Map<String, NDArray> before,
                                        Map<String, NDArray> deltas) {
        WeightChange change = new WeightChange(model, description, null);
        before.forEach((name, w) -> {
            w.attach(change.manager);
            change.snapshot.put(name, w);
        });
        deltas.forEach((name, d) -> {
            d.attach(change.manager);
            change.deltas.put(name, d);
        });
        change.state = State.APPLIED;
        return change;
    }

    /**
     * Writes {@code deltas} (in the weights' layout, by Hugging Face name) into {@code model}'s weights and returns
     * the change, {@link State#APPLIED}; the arrays are copied, the caller keeps its own.
     *
     * @throws IllegalArgumentException naming a weight the model lacks or a delta of the wrong shape
     */
    public static WeightChange addDeltas(CausalLm model, Description description, Map<String, NDArray> deltas) {
        return addDeltas(model, description, deltas, "delta");
    }

    static WeightChange addDeltas(CausalLm model, Description description, Map<String, NDArray> deltas, String where) {
        WeightChange change = new WeightChange(model, description, null);
        try {
            deltas.forEach((name, delta) -> {
                NDArray w = model.parameters().get(name);
                if (w == null) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + where + " is not a weight of "
                            + model.config().hfClassName());
                }
                if (!delta.getShape().equals(w.getShape())) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + where + " has shape "
                            + delta.getShape() + " but the model's is " + w.getShape());
                }
                change.deltas.put(name, copyOf(delta, change.manager));
            });
            change.state = State.REMOVED;
            change.apply();
            return change;
        } catch (RuntimeException e) {
            change.close();
            throw e;
        }
    }

    /** A LoRA change over an attached, active adapter ({@link State#APPLIED}); takes ownership of it. */
    public static WeightChange ofAdapter(CausalLm model, Description description, LoraAdapter adapter) {
        WeightChange change = new WeightChange(model, description, adapter);
        change.state = State.APPLIED;
        return change;
    }

    /**
     * Reads a change saved by {@link #save}, of any kind, and applies it to {@code model}; the model must be the one
     * it was made on for the logits to match.
     *
     * @throws IllegalArgumentException naming the file, tensor or field that does not fit
     */
    public static WeightChange load(CausalLm model, Path folder) {
        return ChangeFiles.load(model, folder, null);
    }

    /**
     * {@link #load(CausalLm, Path)} of a change of {@code format} only ({@link ChangeFiles#EDIT},
     * {@link ChangeFiles#UNLEARNING}); another kind is refused before any tensor is read.
     *
     * @throws IllegalArgumentException naming the file and what does not fit
     */
    public static WeightChange load(CausalLm model, Path folder, String format) {
        return ChangeFiles.load(model, folder, format);
    }

    /**
     * Writes the change into {@code folder}: {@code edit.json} plus, for LoRA, PEFT's two files, else
     * {@code deltas.safetensors}. The same change always writes the same bytes.
     *
     * @return the folder's SHA-256 ({@link engram.report.Hashes#sha256})
     */
    public String save(Path folder) {
        requireOpen();
        return ChangeFiles.save(this, folder);
    }

    /** Binds the change to the model it was made on ({@code sha256:<hex>}); {@link #save} writes the binding. */
    public void bindTo(String baseModel) {
        description = description.boundTo(baseModel);
    }

    /** What the change is. */
    public Description description() {
        return description;
    }

    /** Where the change currently is. */
    public State state() {
        return state;
    }

    /** Whether the change is in effect and temporary ({@link State#APPLIED}). */
    public boolean isApplied() {
        return state == State.APPLIED;
    }

    /** Whether it is a LoRA adapter (else weight deltas). */
    public boolean isLora() {
        return adapter != null;
    }

    /** Hugging Face names of the weights it changes (for LoRA, the adapted modules' weights), in model order. */
    public List<String> weightNames() {
        return List.copyOf(deltas().keySet());
    }

    /** Ids of the items it concerns. */
    public List<String> itemIds() {
        return description.itemIds();
    }

    /** Puts the change into effect: LoRA unmerged, deltas into the weights. */
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

    /** Takes an applied change out, keeps a merged one in the weights, and frees the arrays. */
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

    /** Hands the change to a ledger: it is taken out, and from now on the ledger puts it in. */
    public void handOverToLedger() {
        if (state == State.IN_LEDGER) {
            throw new IllegalStateException("the change already belongs to a ledger");
        }
        remove();
        snapshot.values().forEach(NDArray::close);
        snapshot.clear();
        state = State.IN_LEDGER;
    }

    /**
     * {@code ΔW} per weight name in the weight's own layout; for LoRA {@code s · B A}
     * ({@link LoraAdapter#weightDeltas}), computed once and kept. Owned by the change.
     */
    public Map<String, NDArray> deltas() {
        if (adapter != null && deltas.isEmpty()) {
            deltas.putAll(adapter.weightDeltas(manager));
        }
        return Collections.unmodifiableMap(deltas);
    }

    /** The adapter of a LoRA change, owned by the change; null for deltas. */
    public LoraAdapter adapter() {
        return adapter;
    }

    /** The model it changes. */
    public CausalLm model() {
        return model;
    }

    /** The manager that owns the change's arrays. */
    protected NDManager manager() {
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
            throw new IllegalStateException("the change belongs to a ledger; roll the ledger back instead");
        }
        requireOpen();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the change is closed");
        }
    }

    /** A bit-exact copy of {@code w} owned by {@code owner}. */
    public static NDArray copyOf(NDArray w, NDManager owner) {
        NDArray copy = owner.create(w.getShape(), w.getDataType());
        w.copyTo(copy);
        return copy;
    }
}
