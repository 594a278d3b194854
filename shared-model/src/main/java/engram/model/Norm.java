package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The two normalisations: RMSNorm (Llama family, arXiv 1910.07467) and LayerNorm (GPT-2). */
final class Norm {
    private Norm() {}

    /** {@code y = x / sqrt(mean(x^2) + eps) * w}; x {@code (..., C)}, w {@code (C)}. */
    static NDArray rms(NDArray x, NDArray weight, NDArray epsilon) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);             // (..., 1)
        NDArray normalised = x.div(meanSquare.add(epsilon).sqrt());              // (..., C)
        return normalised.mul(weight);                                          // (..., C)
    }

    /** PyTorch's fused layer_norm over the last axis; x {@code (..., C)}. */
    static NDArray layer(NDArray x, NDArray weight, NDArray bias, float epsilon) {
        Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        return x.getNDArrayInternal().layerNorm(x, last, weight, bias, epsilon).singletonOrThrow(); // (..., C)
    }
}
