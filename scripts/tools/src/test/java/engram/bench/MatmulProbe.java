package engram.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.NativeMemory;
import java.lang.management.ManagementFactory;

/**
 * Development probe: fp32 matmul rate of the engine for the products a training step of each shape does,
 * by wall time and by the calling thread's CPU time (comparable while the machine is shared; one thread).
 */
public final class MatmulProbe {
    private MatmulProbe() {}

    /** Arguments: none. */
    public static void main(String[] args) {
        NativeMemory.configure(); // as the library does: without it, products with 100 MB outputs fault their pages in
        int[][] shapes = {{512, 256, 256}, {512, 256, 1024}, {512, 1024, 256}, {1152, 256, 704}, {512, 768, 2304},
            {512, 768, 3072}, {512, 3072, 768}, {508, 768, 50257}, {2048, 2048, 2048}};
        var threads = ManagementFactory.getThreadMXBean();
        try (NDManager root = NDManager.newBaseManager()) {
            for (int[] s : shapes) {
                try (NDManager scope = root.newSubManager()) {
                    NDArray a = scope.randomNormal(new Shape(s[0], s[1]));
                    NDArray b = scope.randomNormal(new Shape(s[1], s[2]));
                    a.matMul(b).close();
                    double bestWall = 0;
                    double bestCpu = 0;
                    for (int i = 0; i < 5; i++) {
                        long cpu = threads.getCurrentThreadCpuTime();
                        long start = System.nanoTime();
                        a.matMul(b).close();
                        double flop = 2.0 * s[0] * s[1] * s[2];
                        bestWall = Math.max(bestWall, flop / (System.nanoTime() - start));
                        bestCpu = Math.max(bestCpu, flop / (threads.getCurrentThreadCpuTime() - cpu));
                    }
                    System.out.printf("%5d x %5d x %5d  wall %6.1f GFLOP/s  thread cpu %6.1f GFLOP/s%n", s[0], s[1], s[2],
                            bestWall, bestCpu);
                }
            }
        }
    }
}
