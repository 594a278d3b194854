package engram.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.lora.LoraAdapter;
import engram.model.CausalLm;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Development timer for a training step: wall time, the calling thread's CPU time and minor page faults per
 * step. With one intra-op thread every operator runs on the calling thread, so its CPU time stays comparable
 * while other work shares the machine (wall time does not). Not part of the benchmark table.
 */
public final class StepTimer {
    private StepTimer() {}

    /** Arguments: {@code shape full|lora steps}. */
    public static void main(String[] args) throws IOException {
        String shape = args[0];
        boolean lora = args[1].equals("lora");
        int steps = Integer.parseInt(args[2]);
        var threads = ManagementFactory.getThreadMXBean();
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = BenchShapes.model(shape, root)) {
            List<Example> data = BenchShapes.randomExamples(model.config().vocabSize(), BenchShapes.BATCH,
                    BenchShapes.sequence(shape));
            LoraAdapter adapter = lora ? LoraAdapter.attach(model, BenchShapes.loraConfig(model), 3) : null;
            Map<String, NDArray> trainable = lora ? adapter.peftTensors() : model.parameters();
            TrainingConfig tc = TrainingConfig.adamW(1e-4f, 2 + steps, BenchShapes.BATCH, 1);
            try (Trainer trainer = new Trainer(model, trainable, tc, TokenLoss.CROSS_ENTROPY)) {
                trainer.train(data, 2, r -> { });
                long faults = minorFaults();
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                float[] loss = new float[1];
                trainer.train(data, 2 + steps, r -> loss[0] = r.loss());
                double wallS = (System.nanoTime() - wall) / 1e9 / steps;
                double cpuS = (threads.getCurrentThreadCpuTime() - cpu) / 1e9 / steps;
                System.out.printf("%s %s: wall %.3f s/step  thread cpu %.3f s/step  minor faults %d/step  loss %.5f%n",
                        shape, args[1], wallS, cpuS, (minorFaults() - faults) / steps, loss[0]);
            } finally {
                if (adapter != null) {
                    adapter.close();
                }
            }
        }
    }

    /** Minor page faults of this process so far ({@code /proc/self/stat} field 10). */
    static long minorFaults() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[7]);
    }
}
