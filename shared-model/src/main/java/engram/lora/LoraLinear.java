package engram.lora;

import ai.djl.ndarray.NDArray;
import engram.model.Projection;

/**
 * y = W x + (alpha / r) * B (A dropout(x)), following huggingface/peft tuners/lora/layer.py
 * (Linear.forward). W is the frozen base projection; A {@code (r, in)} and B {@code (out, r)} are
 * trainable. B starts at zero, so a fresh adapter leaves the model's output unchanged.
 */
final class LoraLinear implements Projection {
    private final Projection base;
    private final NDArray a;
    private final NDArray b;
    private final NDArray scaling;
    private final float dropout;
    private volatile boolean training;

    LoraLinear(Projection base, NDArray a, NDArray b, NDArray scaling, float dropout) {
        this.base = base;
        this.a = a;
        this.b = b;
        this.scaling = scaling;
        this.dropout = dropout;
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray y = base.apply(x);                                                     // (..., out)
        NDArray in = training && dropout > 0
                ? x.getNDArrayInternal().dropout(x, dropout, true).singletonOrThrow()   // (..., in)
                : x;
        return y.add(branch(in, a, b, scaling));                                       // (..., out)
    }

    /**
     * The adapter's branch {@code s · B (A x)}: the one place engram writes the LoRA formula (PEFT's
     * {@code Linear.forward}); {@link StackedLora} sums it over a stack.
     *
     * @param x       {@code (..., in)}
     * @param a       {@code (r, in)}
     * @param b       {@code (out, r)}
     * @param scaling 0-d {@code alpha / r} (or {@code alpha / sqrt(r)} with rsLoRA)
     * @return {@code (..., out)}
     */
    static NDArray branch(NDArray x, NDArray a, NDArray b, NDArray scaling) {
        NDArray ax = x.getNDArrayInternal().linear(x, a, null).singletonOrThrow();     // (..., r)
        NDArray bax = ax.getNDArrayInternal().linear(ax, b, null).singletonOrThrow();  // (..., out)
        return bax.mul(scaling);                                                       // (..., out)
    }

    @Override
    public long inFeatures() {
        return base.inFeatures();
    }

    @Override
    public long outFeatures() {
        return base.outFeatures();
    }

    Projection base() {
        return base;
    }

    void training(boolean on) {
        this.training = on;
    }
}
