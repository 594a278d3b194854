package engram.model;

import ai.djl.ndarray.NDArray;

/**
 * Hidden states of one decoder layer, captured on request; the arrays belong to the forward pass's manager.
 *
 * @param layer     layer index
 * @param attention the attention sub-block's output, before it joins the residual stream {@code (B, T, C)}
 * @param mlp       the MLP sub-block's output, before it joins the residual stream {@code (B, T, C)}
 * @param residual  the residual stream after the layer {@code (B, T, C)}
 */
public record LayerTrace(int layer, NDArray attention, NDArray mlp, NDArray residual) {}
