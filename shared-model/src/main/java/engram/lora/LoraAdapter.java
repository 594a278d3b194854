package engram.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.CausalLm;
import engram.model.Dense;
import engram.model.Projection;
import engram.model.WeightNames;
import engram.model.WeightNames.ModuleKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A LoRA adapter attached to a model: its A/B matrices (owned by the adapter), the wrapped
 * projections, merge/unmerge into the base weights, and an attention-only view (TAIA). Closing the
 * adapter detaches it (unmerging first if merged) and frees its arrays. Files: {@link PeftFiles}.
 */
public final class LoraAdapter implements AutoCloseable {
    private final CausalLm model;
    private final LoraConfig config;
    private final NDManager manager;
    private final Map<String, Pair> modules = new LinkedHashMap<>();
    private final Set<ModuleKind> active = EnumSet.allOf(ModuleKind.class);
    private boolean merged;
    private boolean closed;

    /** A and B of one module: A {@code (r, in)}, B {@code (out, r)}. */
    record Pair(NDArray a, NDArray b, Dense base, LoraLinear wrapped) {}

    private LoraAdapter(CausalLm model, LoraConfig config) {
        this.model = model;
        this.config = config;
        this.manager = model.manager().newSubManager();
    }

    /**
     * Wraps every target module of {@code model} with a fresh adapter: A drawn like PEFT's
     * Kaiming-uniform default (uniform in {@code ±1/sqrt(in)}) from {@code seed}, B zero.
     *
     * @throws IllegalArgumentException when the config is invalid, a target matches no module, or a
     *                                  module already carries an adapter
     */
    public static LoraAdapter attach(CausalLm model, LoraConfig config, long seed) {
        config.validate();
        SplittableRandom random = new SplittableRandom(seed);
        return attach(model, config, (module, in, out) -> {
            float bound = (float) (1 / Math.sqrt(in));
            float[] a = new float[Math.toIntExact((long) config.rank() * in)];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            return new float[][] {a, new float[Math.toIntExact(out * config.rank())]};
        });
    }

    /** Supplies A and B (row-major, {@code (r, in)} and {@code (out, r)}) for one module. */
    interface Initialiser {
        float[][] values(String module, long in, long out);
    }

    static LoraAdapter attach(CausalLm model, LoraConfig config, Initialiser init) {
        LoraAdapter adapter = new LoraAdapter(model, config);
        try {
            NDArray scaling = adapter.manager.full(new Shape(), config.scaling());
            for (Map.Entry<String, Projection> e : model.projections().entrySet()) {
                if (!config.targets(e.getKey())) {
                    continue;
                }
                if (!(e.getValue() instanceof Dense base)) {
                    throw new IllegalArgumentException("module '" + e.getKey() + "' already carries an adapter");
                }
                float[][] values = init.values(e.getKey(), base.inFeatures(), base.outFeatures());
                NDArray a = adapter.manager.create(values[0], new Shape(config.rank(), base.inFeatures()));
                NDArray b = adapter.manager.create(values[1], new Shape(base.outFeatures(), config.rank()));
                LoraLinear wrapped = new LoraLinear(base, a, b, scaling, config.dropout());
                adapter.modules.put(e.getKey(), new Pair(a, b, base, wrapped));
                model.replaceProjection(e.getKey(), wrapped);
            }
            if (adapter.modules.isEmpty()) {
                throw new IllegalArgumentException("targets " + config.targets() + " match no module of "
                        + model.config().hfClassName() + "; modules look like " + model.projections().keySet().iterator().next());
            }
            return adapter;
        } catch (RuntimeException e) {
            adapter.close();
            throw e;
        }
    }

    /** The adapter's hyper-parameters. */
    public LoraConfig config() {
        return config;
    }

    /** The model it is attached to. */
    public CausalLm model() {
        return model;
    }

    /** Adapted module names, in model order. */
    public List<String> moduleNames() {
        return List.copyOf(modules.keySet());
    }

    /** A and B of every module, in PEFT's order (A then B per module); owned by the adapter. */
    public List<NDArray> trainableParameters() {
        List<NDArray> out = new ArrayList<>();
        modules.values().forEach(p -> {
            out.add(p.a());
            out.add(p.b());
        });
        return Collections.unmodifiableList(out);
    }

    /** PEFT tensor names to arrays ({@code base_model.model.<module>.lora_A.weight}, ...). */
    public Map<String, NDArray> peftTensors() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        modules.forEach((module, p) -> {
            out.put(PeftFiles.keyA(module), p.a());
            out.put(PeftFiles.keyB(module), p.b());
        });
        return out;
    }

    /** Turns adapter dropout on (training) or off (inference). */
    public void training(boolean on) {
        modules.values().forEach(p -> p.wrapped().training(on));
    }

    /**
     * Keeps the deltas of {@code kinds} only; the other modules compute with their base weights. TAIA
     * infers with {@code EnumSet.of(ATTENTION)} after training all linear maps.
     */
    public void useOnly(Set<ModuleKind> kinds) {
        requireUnmerged("change the active modules of");
        active.clear();
        active.addAll(kinds);
        modules.forEach((module, p) ->
                model.replaceProjection(module, active.contains(WeightNames.kindOf(module)) ? p.wrapped() : p.base()));
    }

    /** Folds {@code scaling * B A} of the active modules into the base weights; forward passes then skip A and B. */
    public void merge() {
        requireUnmerged("merge");
        applyDelta(1f);
        modules.forEach((module, p) -> model.replaceProjection(module, p.base()));
        merged = true;
    }

    /** Subtracts what {@link #merge()} added and re-wraps the active modules. */
    public void unmerge() {
        if (!merged) {
            throw new IllegalStateException("adapter is not merged");
        }
        applyDelta(-1f);
        merged = false;
        useOnly(EnumSet.copyOf(active));
    }

    /** Whether the deltas are folded into the base weights. */
    public boolean isMerged() {
        return merged;
    }

    /**
     * {@code ΔW = s · B A} of every module, in the weight's own layout (transposed for GPT-2's Conv1D), keyed by the
     * Hugging Face weight name ({@code <module>.weight}); the arrays belong to {@code owner}. What merging adds.
     */
    public Map<String, NDArray> weightDeltas(NDManager owner) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        modules.forEach((module, p) -> out.put(module + ".weight", weightDelta(p, config.scaling(), owner)));
        return out;
    }

    /**
     * Each module's factors for a {@link StackedLora}, by module name: its A and B (owned by the adapter) and
     * {@code scaling}, the caller's 0-d array holding {@link LoraConfig#scaling()}.
     */
    public Map<String, StackedLora.Factor> factors(NDArray scaling) {
        Map<String, StackedLora.Factor> out = new LinkedHashMap<>();
        modules.forEach((module, p) -> out.put(module, new StackedLora.Factor(p.a(), p.b(), scaling)));
        return out;
    }

    private static NDArray weightDelta(Pair p, float factor, NDManager owner) {
        try (NDManager scope = owner.newSubManager()) {
            NDArray product = p.b().matMul(p.a());                                      // (out, in)
            product.attach(scope);
            NDArray delta = (p.base().conv1d() ? product.transpose() : product).mul(factor); // layout of W
            delta.attach(owner);
            return delta;
        }
    }

    private void applyDelta(float sign) {
        modules.forEach((module, p) -> {
            if (!active.contains(WeightNames.kindOf(module))) {
                return;
            }
            try (NDManager scope = manager.newSubManager()) {
                p.base().weight().addi(weightDelta(p, sign * config.scaling(), scope));
            }
        });
    }

    private void requireUnmerged(String action) {
        if (merged) {
            throw new IllegalStateException("cannot " + action + " a merged adapter; unmerge it first");
        }
    }

    /** Restores the base projections (unmerging first) and frees A and B. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (merged) {
            unmerge();
        }
        modules.forEach((module, p) -> model.replaceProjection(module, p.base()));
        manager.close();
    }
}
