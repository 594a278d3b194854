package engram.model;

import ai.djl.ndarray.NDArray;

/**
 * One linear map of the model ({@code q_proj}, {@code c_fc}, ...), addressed by its Hugging Face module
 * name. The base model uses {@link Dense}; an adapter wraps a projection to add its low-rank delta.
 */
public interface Projection {

    /**
     * Applies the map to the last axis. The result belongs to the manager of {@code x}.
     *
     * @param x input {@code (..., in)}
     * @return output {@code (..., out)}
     */
    NDArray apply(NDArray x);

    /** Input width. */
    long inFeatures();

    /** Output width. */
    long outFeatures();
}
