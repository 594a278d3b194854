package engram.model.io;

import ai.djl.ndarray.types.Shape;

/**
 * What a tensor is before it is read.
 *
 * @param name  the key in its file
 * @param dtype the safetensors dtype string ({@code F32}, {@code F16}, {@code BF16}, {@code I64}, ...)
 * @param shape its dimensions
 */
public record TensorInfo(String name, String dtype, Shape shape) {}
