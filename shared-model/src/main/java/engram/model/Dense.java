package engram.model;

import ai.djl.ndarray.NDArray;

/**
 * A frozen base projection {@code y = x W^T + b} over weights the model owns. GPT-2's Conv1D stores
 * {@code W} as {@code [in, out]}, so it computes {@code y = x W + b} instead; both keep the checkpoint's
 * layout so that parameters stay addressable (and writable) under their Hugging Face names.
 *
 * @param weight {@code [out, in]}, or {@code [in, out]} when {@code conv1d}
 * @param bias   {@code [out]} or null
 * @param conv1d whether the weight uses GPT-2's Conv1D layout
 */
public record Dense(NDArray weight, NDArray bias, boolean conv1d) implements Projection {

    @Override
    public NDArray apply(NDArray x) {
        if (conv1d) {
            NDArray y = x.matMul(weight);                                        // (..., out)
            return bias == null ? y : y.add(bias);                               // (..., out)
        }
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow(); // (..., out)
    }

    @Override
    public long inFeatures() {
        return weight.getShape().get(conv1d ? 0 : 1);
    }

    @Override
    public long outFeatures() {
        return weight.getShape().get(conv1d ? 1 : 0);
    }
}
