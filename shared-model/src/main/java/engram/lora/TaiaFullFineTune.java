package engram.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.model.CausalLm;
import engram.model.WeightNames;
import engram.model.WeightNames.ModuleKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TAIA for a full fine-tune, as pixas/TAIA_LLM's {@code load_pretrained_model(unload_ffn=True)}: the tuned state
 * dict without the FFN keys ({@code gate_proj}, {@code up_proj}, {@code down_proj}; for GPT-2 {@code mlp.c_fc},
 * {@code mlp.c_proj}, biases included) loaded over the base model. So in TAIA mode
 * <pre>
 *   W_ffn ← W_ffn^0 (base)      every other tensor (attention, embeddings, norms, head) ← fine-tuned
 * </pre>
 * The view owns copies of the base FFN tensors, taken before training, and, only while in TAIA mode, copies of
 * the tuned ones (freed on the way back). Switching copies bytes into the model's parameter arrays in place (no float arithmetic), so
 * {@code useTuned()} after {@code useTaia()} restores the tuned weights, and hence the tuned logits, bit for bit.
 */
public final class TaiaFullFineTune implements TaiaView {
    private final CausalLm model;
    private final NDManager manager;
    private final Map<String, NDArray> base = new LinkedHashMap<>();
    private final Map<String, NDArray> tuned = new LinkedHashMap<>();
    private TaiaMode mode = TaiaMode.TUNED;
    private boolean closed;

    private TaiaFullFineTune(CausalLm model) {
        this.model = model;
        this.manager = model.manager().newSubManager();
    }

    /** Copies the FFN tensors of {@code model} as the base; fine-tune the model afterwards. */
    static TaiaFullFineTune capture(CausalLm model) {
        TaiaFullFineTune view = new TaiaFullFineTune(model);
        for (String name : ffnParameters(model)) {
            view.base.put(name, view.copy(model.parameters().get(name)));
        }
        return view;
    }

    /**
     * A view over {@code tuned} whose base FFN tensors come from {@code base}, a model of the same
     * configuration (for example the checkpoint the fine-tune started from, loaded again).
     *
     * @throws IllegalArgumentException when the two models differ in configuration
     */
    public static TaiaFullFineTune of(CausalLm tuned, CausalLm base) {
        if (!tuned.config().equals(base.config())) {
            throw new IllegalArgumentException("base model config " + base.config() + " differs from the tuned model's "
                    + tuned.config());
        }
        TaiaFullFineTune view = new TaiaFullFineTune(tuned);
        for (String name : ffnParameters(tuned)) {
            view.base.put(name, view.copy(base.parameters().get(name)));
        }
        return view;
    }

    /**
     * Hugging Face names of the FFN tensors: every parameter of a linear module whose
     * {@link WeightNames#kindOf} is {@link ModuleKind#MLP} ({@code .weight} and, where present, {@code .bias}).
     */
    public static List<String> ffnParameters(CausalLm model) {
        List<String> out = new ArrayList<>();
        for (String name : model.parameters().keySet()) {
            int dot = name.lastIndexOf('.');
            String module = name.substring(0, dot);
            if (model.projections().containsKey(module) && WeightNames.kindOf(module) == ModuleKind.MLP) {
                out.add(name);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The names of the tensors the view reverts, in checkpoint order. */
    public List<String> revertedParameters() {
        return List.copyOf(base.keySet());
    }

    @Override
    public TaiaMode mode() {
        return mode;
    }

    /** Saves the tuned FFN tensors and writes the base ones into the model. */
    @Override
    public void useTaia() {
        requireOpen();
        if (mode == TaiaMode.TAIA) {
            return;
        }
        base.forEach((name, copy) -> {
            NDArray parameter = model.parameters().get(name);
            tuned.put(name, copy(parameter));
            parameter.set(copy.toByteBuffer());
        });
        mode = TaiaMode.TAIA;
    }

    /** Writes the saved tuned FFN tensors back into the model and frees the saved copies. */
    @Override
    public void useTuned() {
        requireOpen();
        if (mode == TaiaMode.TUNED) {
            return;
        }
        tuned.forEach((name, copy) -> model.parameters().get(name).set(copy.toByteBuffer()));
        tuned.values().forEach(NDArray::close);
        tuned.clear();
        mode = TaiaMode.TUNED;
    }

    /** Returns the model to the tuned weights and frees the copies. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        useTuned();
        closed = true;
        manager.close();
    }

    /** An exact copy of {@code parameter} owned by the view (the duplicate is moved out of the model's manager). */
    private NDArray copy(NDArray parameter) {
        NDArray copy = parameter.duplicate();
        copy.attach(manager);
        return copy;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the TAIA view is closed");
        }
    }
}
