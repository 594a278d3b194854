package engram.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.Architecture;
import engram.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrix products of one full fine-tuning step, and nothing else, timed through the engine on the suite's
 * threads: how fast a step could be if every other operator (norms, activations, softmax, the optimiser) and all
 * framework overhead cost nothing. Its GFLOP/s, next to the step's, says how much of a gap to the matmul peak is
 * the products' own shapes (a 512-row product runs slower than a 4096-square one) and how much the rest.
 */
final class MatmulBound {
    private MatmulBound() {}

    /** One product {@code (m x k) @ (k x n)}, {@code count} times per step. */
    private record Product(long m, long k, long n, int count, long batch) {
        double flops() {
            return 2.0 * m * k * n * count * batch;
        }
    }

    /** Seconds of the fastest of three passes over every product of a step (forward, input and weight gradients). */
    static double seconds(ModelConfig c, int batch, int sequence) {
        List<Product> products = products(c, batch, sequence);
        double best = Double.MAX_VALUE;
        try (NDManager root = NDManager.newBaseManager()) {
            List<NDArray[]> operands = new ArrayList<>();
            for (Product p : products) {
                Shape left = p.batch() == 1 ? new Shape(p.m(), p.k()) : new Shape(p.batch(), p.m(), p.k());
                Shape right = p.batch() == 1 ? new Shape(p.k(), p.n()) : new Shape(p.batch(), p.k(), p.n());
                operands.add(new NDArray[] {root.randomNormal(left), root.randomNormal(right)});
            }
            for (int pass = 0; pass < 4; pass++) {
                long start = System.nanoTime();
                for (int i = 0; i < products.size(); i++) {
                    for (int r = 0; r < products.get(i).count(); r++) {
                        operands.get(i)[0].matMul(operands.get(i)[1]).close();
                    }
                }
                if (pass > 0) {                                  // the first pass warms the kernels and the allocator
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
            }
        }
        return best;
    }

    /** FLOPs of {@link #products}: the same count as {@link Flops#trainingStep} for a full fine-tune. */
    static double flops(ModelConfig c, int batch, int sequence) {
        return products(c, batch, sequence).stream().mapToDouble(Product::flops).sum();
    }

    private static List<Product> products(ModelConfig c, int batch, int sequence) {
        long rows = (long) batch * sequence;
        long d = c.hiddenSize();
        long width = (long) c.headSize() * c.numberOfHeads();
        long kv = (long) c.headSize() * c.numberOfKvHeads();
        int layers = c.numberOfLayers();
        List<long[]> weights = new ArrayList<>();                // {in, out} per layer
        if (c.architecture() == Architecture.LLAMA) {
            weights.add(new long[] {d, width});
            weights.add(new long[] {d, kv});
            weights.add(new long[] {d, kv});
            weights.add(new long[] {width, d});
            weights.add(new long[] {d, c.intermediateSize()});
            weights.add(new long[] {d, c.intermediateSize()});
            weights.add(new long[] {c.intermediateSize(), d});
        } else {
            weights.add(new long[] {d, 3 * d});
            weights.add(new long[] {d, d});
            weights.add(new long[] {d, c.intermediateSize()});
            weights.add(new long[] {c.intermediateSize(), d});
        }
        List<Product> out = new ArrayList<>();
        for (long[] w : weights) {
            out.addAll(linear(rows, w[0], w[1], layers));
        }
        out.addAll(linear((long) batch * (sequence - 1), d, c.vocabSize(), 1)); // predicting positions only
        long heads = (long) batch * c.numberOfHeads();
        long t = sequence;
        long head = c.headSize();
        out.add(new Product(t, head, t, layers, heads));         // Q K^T
        out.add(new Product(t, t, head, layers, heads));         // A V
        out.add(new Product(t, head, t, layers, heads));         // dA = dO V^T
        out.add(new Product(t, t, head, layers, heads));         // dV = A^T dO
        out.add(new Product(t, t, head, layers, heads));         // dQ = dS K
        out.add(new Product(t, t, head, layers, heads));         // dK = dS^T Q
        return out;
    }

    /** Forward {@code x W}, input gradient {@code dY W^T} and weight gradient {@code x^T dY} of one weight. */
    private static List<Product> linear(long rows, long in, long out, int count) {
        return List.of(new Product(rows, in, out, count, 1), new Product(rows, out, in, count, 1),
                new Product(in, rows, out, count, 1));
    }
}
