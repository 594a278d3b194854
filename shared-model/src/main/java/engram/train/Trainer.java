package engram.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import engram.model.CausalLm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Trains the given parameters of a model (an adapter's A/B, or model weights) on examples. The data
 * order and dropout are functions of (seed, step), so a run resumed from a checkpoint at step k ends
 * with the same weights as an uninterrupted one.
 *
 * <p>One training at a time per process: DJL's gradient collector is global, so two trainings at once would mix
 * their gradients. {@link #exclusively} is the one lock every training in engram holds (it is re-entrant:
 * a method that prepares, trains and then computes its change holds it throughout, and {@link #train} takes it
 * again), and it turns PyTorch's grad mode off on the calling thread (grad mode is per thread and on by default;
 * DJL turns it off only on the thread that started the engine, and the optimiser's in-place update of a leaf
 * fails where it is on).
 */
public final class Trainer implements AutoCloseable {
    private static final ReentrantLock TRAINING = new ReentrantLock();
    private final CausalLm model;
    private final Map<String, NDArray> parameters;
    private final TrainingConfig config;
    private final TokenLoss loss;
    private final AdamW optimiser;
    private static final int GROUP = 32;
    private int step;
    private long cachedEpoch = -1;
    private int[] cachedPermutation = new int[0];

    /**
     * Prepares training; {@code parameters} get {@code requiresGradient} set.
     *
     * @param parameters trainable arrays by name (PEFT keys for an adapter, Hugging Face names for weights)
     */
    public Trainer(CausalLm model, Map<String, NDArray> parameters, TrainingConfig config, TokenLoss loss) {
        config.validate();
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters must not be empty");
        }
        this.model = model;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.config = config;
        this.loss = loss;
        this.optimiser = new AdamW(this.parameters, config, model.manager());
        this.parameters.values().forEach(p -> p.setRequiresGradient(true));
    }

    /** What runs after every optimiser step. */
    @FunctionalInterface
    public interface AfterStep {
        /**
         * Called with the step's report once the update is done (constraints, traces and snapshots go here).
         *
         * @return true to stop training now
         */
        boolean stop(StepReport report);
    }

    /**
     * Runs {@code work} holding the process-wide training lock, with grad mode off on this thread.
     *
     * @return what {@code work} returns
     */
    public static <T> T exclusively(Supplier<T> work) {
        TRAINING.lock();
        try {
            Engine.getEngine("PyTorch"); // loads the native library on first use
            JniUtils.setGradMode(false);
            return work.get();
        } finally {
            TRAINING.unlock();
        }
    }

    /** Optimiser steps done so far. */
    public int step() {
        return step;
    }

    /** The settings of this run. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Runs optimiser steps until {@code untilStep} (at most {@code config.steps()}).
     *
     * @param progress called after every step
     * @throws TrainingDivergedException when a loss is NaN or infinite
     */
    public void train(List<Example> data, int untilStep, Consumer<StepReport> progress) {
        train(data, untilStep, report -> {
            progress.accept(report);
            return false;
        });
    }

    /** Runs every remaining step of the configuration. */
    public void train(List<Example> data, Consumer<StepReport> progress) {
        train(data, config.steps(), progress);
    }

    /**
     * Runs optimiser steps until the configuration's last step or until {@code afterStep} says stop.
     *
     * @throws TrainingDivergedException when a loss is NaN or infinite
     */
    public void run(List<Example> data, AfterStep afterStep) {
        train(data, config.steps(), afterStep);
    }

    private void train(List<Example> data, int untilStep, AfterStep afterStep) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("training data must not be empty");
        }
        data.forEach(Example::validate);
        exclusively(() -> {
            long started = System.currentTimeMillis();
            int last = Math.min(untilStep, config.steps());
            while (step < last) {
                if (afterStep.stop(optimiserStep(data, started))) {
                    break;
                }
            }
            return null;
        });
    }

    private StepReport optimiserStep(List<Example> data, long started) {
        float lr = config.schedule().rate(config.learningRate(), step, config.warmupSteps(), config.steps());
        try (NDManager scope = model.manager().newSubManager()) {
            float lossSum = 0;
            long tokens = 0;
            for (int micro = 0; micro < config.gradientAccumulation(); micro++) {
                List<Example> batch = batch(data, step * config.gradientAccumulation() + micro);
                Engine.getInstance().setRandomSeed((int) (config.seed() * 31 + step * 1009L + micro)); // dropout
                float[] result = microBatch(batch, scope);
                lossSum += result[0];
                tokens += (long) result[1];
            }
            float meanLoss = lossSum / config.gradientAccumulation();
            if (!Float.isFinite(meanLoss)) {
                zeroGradients(scope);
                throw new TrainingDivergedException(step, meanLoss);
            }
            float norm = applyUpdate(lr, scope);
            step++;
            return new StepReport(step, config.steps(), meanLoss, lr, norm, tokens, System.currentTimeMillis() - started);
        }
    }

    /** Forward and backward of one micro-batch; gradients accumulate in the parameters. Returns {loss, tokens}. */
    private float[] microBatch(List<Example> batch, NDManager scope) {
        try (NDManager micro = scope.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            PaddedBatch padded = PaddedBatch.of(batch, micro);
            NDArray logits = model.nextTokenLogits(padded.inputIds());                     // (B, T-1, V)
            NDArray total = loss.sum(logits, padded.targets(), padded.weights());          // ()
            float normaliser = Math.max(1, padded.targetTokens()) * (float) config.gradientAccumulation();
            NDArray value = total.div(micro.full(new Shape(), normaliser));                // () native scalar
            collector.backward(value);
            return new float[] {value.getFloat() * config.gradientAccumulation(), padded.targetTokens()};
        }
    }

    /** Clips, updates and zeroes the gradients; returns the norm before clipping. */
    private float applyUpdate(float lr, NDManager scope) {
        Map<String, NDArray> gradients = gradients(scope);
        double squares = 0;
        for (NDArray g : gradients.values()) {
            try (NDManager norm = scope.newSubManager()) {
                NDArray n = g.norm();                       // one pass, no temporary the size of g
                n.attach(norm);
                float value = n.getFloat();
                squares += (double) value * value;
            }
        }
        float norm = (float) Math.sqrt(squares);
        float clip = config.maxGradNorm() > 0 && norm > config.maxGradNorm()
                ? config.maxGradNorm() / (norm + 1e-6f) : 1f;
        optimiser.update(parameters, gradients, clip, lr, step + 1, scope); // leaves the gradients zero
        return norm;
    }

    private void zeroGradients(NDManager scope) {
        gradients(scope).values().forEach(g -> g.muli(0f));
    }

    /** Each parameter's gradient handle, moved into {@code scope} (it would otherwise join the model's manager). */
    private Map<String, NDArray> gradients(NDManager scope) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            NDArray g = p.getGradient();
            g.attach(scope);
            out.put(name, g);
        });
        return out;
    }

    /**
     * Examples of micro-batch {@code index}: consecutive slices of seeded per-epoch permutations. With
     * length grouping, each run of {@value #GROUP} batches is sorted by length and its batches shuffled.
     */
    private List<Example> batch(List<Example> data, long index) {
        long batch = index;
        long[] positions = new long[config.batchSize()];
        if (config.groupByLength()) {
            long group = index / GROUP;
            int[] batchOrder = shuffled(GROUP, config.seed() * 31 + group);
            batch = group * GROUP + batchOrder[(int) (index % GROUP)];
            int size = GROUP * config.batchSize();
            long[][] members = new long[size][];                                  // {position, length}
            for (int i = 0; i < size; i++) {
                long j = group * size + i;
                members[i] = new long[] {j, at(data, j).tokens().length};
            }
            java.util.Arrays.sort(members, java.util.Comparator.comparingLong((long[] m) -> m[1]).thenComparingLong(m -> m[0]));
            for (int i = 0; i < positions.length; i++) {
                positions[i] = members[(int) (batch - group * GROUP) * config.batchSize() + i][0];
            }
        } else {
            for (int i = 0; i < positions.length; i++) {
                positions[i] = batch * config.batchSize() + i;
            }
        }
        List<Example> out = new ArrayList<>(config.batchSize());
        for (long j : positions) {
            out.add(at(data, j));
        }
        return out;
    }

    /** The {@code j}-th example of the endless sequence of per-epoch permutations. */
    private Example at(List<Example> data, long j) {
        int n = data.size();
        return data.get(permutation(n, j / n)[(int) (j % n)]);
    }

    private int[] permutation(int n, long epoch) {
        if (cachedEpoch != epoch || cachedPermutation.length != n) {
            cachedPermutation = shuffled(n, config.seed() * 0x9E3779B97F4A7C15L + epoch);
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[k];
            order[k] = tmp;
        }
        return order;
    }

    Map<String, NDArray> parameters() {
        return parameters;
    }

    AdamW optimiser() {
        return optimiser;
    }

    void restoreStep(int restored) {
        this.step = restored;
    }

    /** Frees the optimiser state and turns gradients off again. */
    @Override
    public void close() {
        parameters.values().forEach(p -> p.setRequiresGradient(false));
        optimiser.close();
    }
}
