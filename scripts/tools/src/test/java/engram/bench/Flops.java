package engram.bench;

import engram.model.Architecture;
import engram.model.ModelConfig;

/** Matmul FLOPs of one training step, the numerator of every GFLOP/s figure of the suite (both sides). */
final class Flops {
    private Flops() {}

    /**
     * Counts only matrix products. A trained weight costs 6 FLOPs per parameter per token (2 forward, 2 for
     * the input's gradient, 2 for its own); a frozen one 4 (no weight gradient). The vocabulary projection is a
     * weight like the others. Attention adds {@code QK^T} and {@code AV}: {@code 4 T^2 d} forward and twice that
     * backward per layer and sequence.
     *
     * @param loraParameters the adapter's parameter count, or -1 for a full fine-tune
     */
    static double trainingStep(ModelConfig c, int batch, int sequence, long loraParameters) {
        double d = c.hiddenSize();
        double attentionWidth = (double) c.headSize() * c.numberOfHeads();
        double attention = d * c.headSize() * (c.numberOfHeads() + 2.0 * c.numberOfKvHeads()) + attentionWidth * d;
        double mlp = (c.architecture() == Architecture.LLAMA ? 3 : 2) * d * c.intermediateSize();
        double linear = c.numberOfLayers() * (attention + mlp) + (double) c.vocabSize() * d;
        double tokens = (double) batch * sequence;
        double products = 12.0 * sequence * sequence * attentionWidth * c.numberOfLayers() * batch;
        double weights = loraParameters < 0 ? 6 * linear * tokens : (4 * linear + 6.0 * loraParameters) * tokens;
        return weights + products;
    }
}
