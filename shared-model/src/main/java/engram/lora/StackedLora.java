package engram.lora;

import ai.djl.ndarray.NDArray;
import engram.model.Dense;
import engram.model.Projection;
import java.util.List;

/**
 * Several LoRA edits kept separate on one module: {@code y = W x + Σ_i s_i B_i (A_i x)}, the PEFT formula
 * (huggingface/peft tuners/lora/layer.py) summed over the stack in ledger order. Inference only.
 *
 * @param base    the frozen base projection
 * @param factors the stacked adapters, oldest first
 */
public record StackedLora(Dense base, List<Factor> factors) implements Projection {

    /**
     * One adapter's matrices on this module, owned by its edit.
     *
     * @param a       {@code (r, in)}
     * @param b       {@code (out, r)}
     * @param scaling 0-d {@code alpha / r}
     */
    public record Factor(NDArray a, NDArray b, NDArray scaling) {}

    public StackedLora {
        factors = List.copyOf(factors);
    }

    @Override
    public NDArray apply(NDArray x) {
        NDArray y = base.apply(x);                                                             // (..., out)
        for (Factor f : factors) {
            y = y.add(LoraLinear.branch(x, f.a(), f.b(), f.scaling()));                        // (..., out)
        }
        return y;
    }

    @Override
    public long inFeatures() {
        return base.inFeatures();
    }

    @Override
    public long outFeatures() {
        return base.outFeatures();
    }
}
