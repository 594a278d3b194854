package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scalar constants as native 0-d arrays that live as long as their owner.
 *
 * <p>Why not {@code x.mul(0.5f)}: DJL's PyTorch engine builds a Java-number operand with
 * {@code torch::from_blob} over a direct buffer and frees it when the op returns, while autograd keeps
 * the tensor for the backward pass; the gradient then reads freed memory (wrong values or a sudden NaN,
 * docs/architecture.md, "DJL pitfalls", and {@code NativeMemoryTest}). Every constant that meets a
 * gradient-carrying tensor comes from here instead.
 */
public final class Scalars {
    private final NDManager owner;
    private final Map<Float, NDArray> cache = new ConcurrentHashMap<>();

    /** Constants are created in, and closed with, {@code owner}. */
    public Scalars(NDManager owner) {
        this.owner = owner;
    }

    /** The float32 0-d array holding {@code value}; owned by this cache, never close it. */
    public NDArray of(float value) {
        return cache.computeIfAbsent(value, v -> {
            NDArray constant = owner.full(new Shape(), v, DataType.FLOAT32);
            NDScope.unregister(constant); // first asked for inside a layer's scope, it must outlive it
            return constant;
        });
    }
}
