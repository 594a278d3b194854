package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import engram.model.io.Checkpoint;
import engram.model.io.TensorSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A decoder-only language model on DJL NDArray ops with autograd: the Llama family or GPT-2. Parameters
 * are addressed by their Hugging Face names and owned by the model's manager; every array a forward
 * pass creates belongs to the manager of its input ids, so the caller's scope frees it.
 */
public final class CausalLm implements AutoCloseable {
    static {
        NativeMemory.configure(); // before this class's first tensor; see NativeMemory for why
    }

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final Scalars scalars;
    private final NDArray ropeCos;
    private final NDArray ropeSin;

    private CausalLm(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.scalars = new Scalars(manager);
        for (int i = 0; i < config.numberOfLayers(); i++) {
            layers.add(config.architecture() == Architecture.LLAMA ? llamaLayer(i) : gpt2Layer(i));
        }
        NDArray[] rope = config.architecture() == Architecture.LLAMA ? ropeTables() : new NDArray[2];
        ropeCos = rope[0];
        ropeSin = rope[1];
    }

    /**
     * A model with freshly initialised weights: normal(0, 0.02) matrices, unit norms, zero biases,
     * drawn from {@code seed} in Java so that the same seed gives the same bits on any machine.
     */
    public static CausalLm initialise(ModelConfig config, long seed, NDManager parent) {
        config.validate();
        NDManager manager = parent.newSubManager();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NDArray> params = new LinkedHashMap<>();
        WeightNames.expected(config).forEach((name, shape) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            if (name.endsWith(".weight") && shape.dimension() == 2) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (nextGaussian(random) * 0.02);
                }
            } else if (name.endsWith(".weight")) {
                java.util.Arrays.fill(values, 1f);
            }
            params.put(name, manager.create(values, shape));
        });
        return new CausalLm(config, manager, params);
    }

    /**
     * Loads a Hugging Face checkpoint folder ({@code config.json} + weights, single or sharded) as a model owned by
     * a child of {@code parent}.
     *
     * @throws IllegalArgumentException naming the key of a missing, unexpected or mis-shaped tensor, or
     *                                  the config key that is wrong
     */
    public static CausalLm load(Path folder, NDManager parent) {
        ModelConfig config = ModelConfig.fromHuggingFace(folder);
        try (TensorSource weights = Checkpoint.open(folder)) {
            return load(config, weights, parent);
        }
    }

    /** Writes {@code model} as a Hugging Face folder: {@code config.json} and float32 safetensors. */
    public static void save(CausalLm model, Path folder) throws IOException {
        Files.createDirectories(folder);
        Checkpoint.writeWeights(folder, model.parameters(), 5L << 30); // 5 GiB shards, as transformers does
        model.config().writeTo(folder);
    }

    /**
     * Loads every parameter from {@code weights}, converting to float32.
     *
     * @throws IllegalArgumentException naming the key of a missing, unexpected or mis-shaped tensor
     */
    public static CausalLm load(ModelConfig config, TensorSource weights, NDManager parent) {
        config.validate();
        Map<String, Shape> expected = WeightNames.expected(config);
        Map<String, String> sourceNames = new LinkedHashMap<>();
        for (String key : new TreeSet<>(weights.names())) {
            String name = WeightNames.canonical(config, key);
            if (name == null || (config.tiedEmbeddings() && name.equals(WeightNames.lmHead()))) {
                continue; // buffers, or a duplicate of the tied embedding
            }
            if (!expected.containsKey(name)) {
                throw new IllegalArgumentException("unexpected tensor '" + key + "' for " + config.hfClassName()
                        + " with " + config.numberOfLayers() + " layers");
            }
            sourceNames.put(name, key);
        }
        NDManager manager = parent.newSubManager();
        try {
            Map<String, NDArray> params = new LinkedHashMap<>();
            for (Map.Entry<String, Shape> e : expected.entrySet()) {
                String key = sourceNames.get(e.getKey());
                if (key == null) {
                    throw new IllegalArgumentException("missing tensor '" + e.getKey() + "' of shape " + e.getValue());
                }
                Shape actual = weights.info(key).shape();
                if (!actual.equals(e.getValue())) {
                    throw new IllegalArgumentException("tensor '" + key + "' has shape " + actual + " but "
                            + config.hfClassName() + " needs " + e.getValue());
                }
                params.put(e.getKey(), weights.load(key, manager));
            }
            return new CausalLm(config, manager, params);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The model's shape. */
    public ModelConfig config() {
        return config;
    }

    /** The manager that owns the parameters; open sub-managers of it for work scopes. */
    public NDManager manager() {
        return manager;
    }

    /** Parameters by Hugging Face name, in checkpoint order; owned by the model, never close them. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Native constants owned by the model (see {@link Scalars} for why they exist). */
    public Scalars scalars() {
        return scalars;
    }

    /** The linear maps by Hugging Face module name ({@code model.layers.0.self_attn.q_proj}, ...). */
    public Map<String, Projection> projections() {
        return Collections.unmodifiableMap(projections);
    }

    /**
     * Replaces one linear map (an adapter wraps the current one) and returns the previous map.
     *
     * @throws IllegalArgumentException naming the module when it does not exist
     */
    public Projection replaceProjection(String module, Projection replacement) {
        if (!projections.containsKey(module)) {
            throw new IllegalArgumentException("no linear module '" + module + "' in " + config.hfClassName());
        }
        return projections.put(module, replacement);
    }

    /** Logits for every position: ids {@code (B, T)} int64 → {@code (B, T, V)} in the ids' manager. */
    public NDArray logits(NDArray inputIds) {
        return forward(Forward.of(inputIds)).logits();
    }

    /**
     * Logits of the positions that predict a token of the input, {@code 0..T-2}: ids {@code (B, T)} int64 →
     * {@code (B, T-1, V)} in the ids' manager. Equal to {@code logits(ids).get(":, :-1, :")}, without computing
     * and copying the rows that are thrown away.
     */
    public NDArray nextTokenLogits(NDArray inputIds) {
        return forward(Forward.of(inputIds).logitsAt(Forward.LogitPositions.ALL_BUT_LAST)).logits();
    }

    /** Runs the model; see {@link Forward} for masks, caches and captured hidden states. */
    public ForwardOutput forward(Forward f) {
        NDArray ids = f.inputIds();                                                       // (B, T)
        long batch = ids.getShape().get(0);
        long steps = ids.getShape().get(1);
        long past = f.cache() == null ? 0 : f.cache().length();
        MaskPlan plan = MaskPlan.of(ids.getManager(), f.attentionMask(), batch, steps, past, config.maxPositions());
        NDArray x = embed(ids, WeightNames.embedding(config));                             // (B, T, C)
        NDArray cos = null;
        NDArray sin = null;
        if (config.architecture() == Architecture.GPT2) {
            x = x.add(embed(plan.positions(), WeightNames.positionEmbedding()));            // (B, T, C)
        } else {
            cos = gather(plan.positions(), ropeCos).expandDims(1);                          // (B, 1, T, D)
            sin = gather(plan.positions(), ropeSin).expandDims(1);                          // (B, 1, T, D)
        }
        NDArray scale = scalars.of((float) (1 / Math.sqrt(config.headSize())));
        ForwardContext ctx = new ForwardContext(config, cos, sin, plan.bias(), f.cache(), scale, scalars);
        List<LayerTrace> traces = new ArrayList<>();
        for (DecoderLayer layer : layers) {
            // A scope per layer frees the layer's intermediates as soon as it is done, keeping only what autograd
            // saved for backward (its own references) and what the layer hands on: PyTorch frees them when their
            // last reference goes; the ids' manager would hold every one of them until the caller's scope closes.
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                x = layer.forward(x, ctx, f.captures(layer) ? traces : null);               // (B, T, C)
                NDScope.unregister(x);
                traces.forEach(t -> NDScope.unregister(t.attention(), t.mlp(), t.residual()));
            }
        }
        if (f.logits() == Forward.LogitPositions.LAST) {
            x = x.get(":, -1:, :");                                                        // (B, 1, C)
        } else if (f.logits() == Forward.LogitPositions.ALL_BUT_LAST) {
            x = x.get(":, :-1, :");                                                        // (B, T-1, C)
        } else if (f.logits() == Forward.LogitPositions.ROWS) {
            NDArray rows = ids.getManager().create(f.logitRows());                         // (N)
            x = x.reshape(batch * steps, x.getShape().get(2)).get(rows);                   // (N, C)
        }
        x = finalNorm(x);                                                                  // (B, T, C)
        NDArray head = parameters.get(config.tiedEmbeddings() ? WeightNames.embedding(config) : WeightNames.lmHead());
        NDArray logits = x.getNDArrayInternal().linear(x, head, null).singletonOrThrow();  // (B, T, V)
        return new ForwardOutput(logits, traces);
    }

    /**
     * Teacher-forced log-probability of each next token: entry {@code [b, t]} is
     * {@code log p(ids[b, t+1] | ids[b, 0..t])}.
     *
     * @param inputIds      {@code (B, T)} int64
     * @param attentionMask {@code (B, T)} with 1 for real tokens, or null for none
     * @return {@code (B, T-1)} in the ids' manager
     */
    public NDArray tokenLogProbs(NDArray inputIds, NDArray attentionMask) {
        NDArray logits = forward(Forward.of(inputIds).masked(attentionMask)
                .logitsAt(Forward.LogitPositions.ALL_BUT_LAST)).logits();                  // (B, T-1, V)
        long steps = inputIds.getShape().get(1);
        NDArray logp = logits.logSoftmax(-1);                                              // (B, T-1, V)
        NDArray next = inputIds.get(":, 1:").expandDims(-1);                                // (B, T-1, 1)
        return logp.gather(next, -1).reshape(inputIds.getShape().get(0), steps - 1);       // (B, T-1)
    }

    /**
     * {@code log p(completion | prompt)}: the summed log-probability of the completion's tokens, teacher-forced.
     *
     * @throws IllegalArgumentException when the prompt or the completion is empty
     */
    public double completionLogProbability(long[] prompt, long[] completion) {
        if (prompt.length == 0 || completion.length == 0) {
            throw new IllegalArgumentException("prompt and completion need at least one token each");
        }
        long[] tokens = java.util.Arrays.copyOf(prompt, prompt.length + completion.length);
        System.arraycopy(completion, 0, tokens, prompt.length, completion.length);
        try (NDManager scope = manager.newSubManager()) {
            NDArray ids = scope.create(tokens).expandDims(0);                             // (1, T)
            float[] logp = tokenLogProbs(ids, null).toFloatArray();                       // (T-1)
            double sum = 0;
            for (int t = prompt.length - 1; t < tokens.length - 1; t++) {
                sum += logp[t];
            }
            return sum;
        }
    }

    private NDArray embed(NDArray ids, String table) {
        return ids.getNDArrayInternal().embedding(ids, parameters.get(table), SparseFormat.DENSE).singletonOrThrow();
    }

    /** Rows of a constant table, in the manager of {@code positions} (not the table's). */
    private static NDArray gather(NDArray positions, NDArray table) {
        return positions.getNDArrayInternal().embedding(positions, table, SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray finalNorm(NDArray x) {
        String norm = WeightNames.finalNorm(config);
        if (config.architecture() == Architecture.LLAMA) {
            return Norm.rms(x, parameters.get(norm + ".weight"), scalars.of(config.normEpsilon()));
        }
        return Norm.layer(x, parameters.get(norm + ".weight"), parameters.get(norm + ".bias"), config.normEpsilon());
    }

    private DecoderLayer llamaLayer(int i) {
        WeightNames.LlamaLayer n = WeightNames.llamaLayer(config, i);
        for (String module : List.of(n.q(), n.k(), n.v(), n.o(), n.gate(), n.up(), n.down())) {
            projections.put(module, new Dense(parameters.get(module + ".weight"), parameters.get(module + ".bias"), false));
        }
        return new DecoderLayer.Llama(i, n, projections, parameters.get(n.inputNorm() + ".weight"),
                parameters.get(n.postAttentionNorm() + ".weight"));
    }

    private DecoderLayer gpt2Layer(int i) {
        WeightNames.Gpt2Layer n = WeightNames.gpt2Layer(config, i);
        for (String module : List.of(n.qkv(), n.attentionOut(), n.fc(), n.mlpOut())) {
            projections.put(module, new Dense(parameters.get(module + ".weight"), parameters.get(module + ".bias"), true));
        }
        return new DecoderLayer.Gpt2(i, n, projections, parameters.get(n.norm1() + ".weight"),
                parameters.get(n.norm1() + ".bias"), parameters.get(n.norm2() + ".weight"),
                parameters.get(n.norm2() + ".bias"));
    }

    /**
     * cos and sin of {@code position * theta^(-2i/D)}, each half repeated, as two {@code (P, D)} tables; the sines
     * of the first half negated, so that {@link Attention} rotates with one flip instead of a negation and a concat.
     */
    private NDArray[] ropeTables() {
        int d = config.headSize();
        int positions = config.maxPositions();
        float[] cos = new float[positions * d];
        float[] sin = new float[positions * d];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < d / 2; i++) {
                double inverseFrequency = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / d);
                double angle = p * (double) (float) inverseFrequency;
                cos[p * d + i] = cos[p * d + i + d / 2] = (float) Math.cos(angle);
                sin[p * d + i + d / 2] = (float) Math.sin(angle);
                sin[p * d + i] = -sin[p * d + i + d / 2];
            }
        }
        Shape shape = new Shape(positions, d);
        return new NDArray[] {manager.create(cos, shape), manager.create(sin, shape)};
    }

    private static double nextGaussian(SplittableRandom random) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** Frees every parameter and constant. */
    @Override
    public void close() {
        manager.close();
    }

}
