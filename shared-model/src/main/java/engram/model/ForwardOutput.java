package engram.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What a forward pass returns; the arrays belong to the manager of the pass's input ids.
 *
 * @param logits {@code (B, T, V)}, or {@code (B, 1, V)} when only the last position was asked for
 * @param traces hidden states of the captured layers, in layer order
 */
public record ForwardOutput(NDArray logits, List<LayerTrace> traces) {}
