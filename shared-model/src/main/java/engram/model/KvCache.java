package engram.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of every layer for the tokens seen so far, so that generation feeds one new token
 * per step. The arrays belong to the cache's own manager; closing the cache frees them.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;

    /** An empty cache for {@code layers} layers whose arrays live in a child of {@code parent}. */
    public KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens cached so far (0 before the first forward pass). */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /**
     * Appends this step's keys and values for one layer and returns the whole history.
     *
     * @param k {@code (B, KV, T, D)}
     * @param v {@code (B, KV, T, D)}
     * @return keys and values {@code (B, KV, S, D)} with {@code S = length + T}, owned by the cache
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray allKeys = keys[layer] == null ? k : keys[layer].concat(k, 2);   // (B, KV, S, D)
        NDArray allValues = values[layer] == null ? v : values[layer].concat(v, 2); // (B, KV, S, D)
        allKeys.attach(manager);
        allValues.attach(manager);
        NDScope.unregister(allKeys, allValues); // made inside a layer's scope, they belong to the cache
        if (keys[layer] != null && keys[layer] != allKeys) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = allKeys;
        values[layer] = allValues;
        return new NDArray[] {allKeys, allValues};
    }

    @Override
    public void close() {
        manager.close();
    }
}
