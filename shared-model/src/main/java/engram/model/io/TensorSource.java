package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Set;

/**
 * Named tensors that can be read one at a time: a safetensors file, a sharded checkpoint, a llama2.c
 * file. Reading never loads the whole source onto the Java heap.
 */
public interface TensorSource extends AutoCloseable {

    /** Names of every tensor in the source. */
    Set<String> names();

    /**
     * Data type and shape of one tensor.
     *
     * @throws IllegalArgumentException naming the key when it is absent
     */
    TensorInfo info(String name);

    /**
     * Reads one tensor as float32 into {@code manager}; the caller owns the returned array.
     *
     * @throws IllegalArgumentException naming the key when it is absent or its type cannot be converted
     */
    NDArray load(String name, NDManager manager);

    @Override
    void close();
}
