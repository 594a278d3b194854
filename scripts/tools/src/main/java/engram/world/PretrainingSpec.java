package engram.world;

/**
 * Shape and schedule of a base model pretrained from scratch on a {@link Corpus}.
 *
 * @param seed             seed of weights, data order and dropout
 * @param vocabularySize   BPE vocabulary size of the tokenizer trained on the corpus
 * @param hiddenSize       residual width
 * @param layers           decoder layers
 * @param heads            query heads
 * @param kvHeads          key/value heads
 * @param intermediateSize SwiGLU width
 * @param maxEpochs        passes over the documents at most
 * @param batchSize        documents per step
 * @param learningRate     peak AdamW rate (cosine decay over {@code maxEpochs}, 2 % warm-up)
 * @param stopAccuracy     stop at the end of an epoch once the first probe set's exact-match accuracy reaches this
 */
public record PretrainingSpec(long seed, int vocabularySize, int hiddenSize, int layers, int heads, int kvHeads,
                              int intermediateSize, int maxEpochs, int batchSize, float learningRate,
                              double stopAccuracy) {

    /** The committed engram-world model's settings. */
    public static PretrainingSpec engramWorld(long seed) {
        return new PretrainingSpec(seed, 2048, 256, 4, 4, 2, 704, 40, 64, 3e-3f, 0.985);
    }

    /** The same spec with another epoch limit (the cosine schedule stretches or shrinks with it). */
    public PretrainingSpec withMaxEpochs(int epochs) {
        return new PretrainingSpec(seed, vocabularySize, hiddenSize, layers, heads, kvHeads, intermediateSize, epochs,
                batchSize, learningRate, stopAccuracy);
    }

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public void validate() {
        require(vocabularySize >= 300, "vocabularySize", vocabularySize);
        require(hiddenSize > 0 && hiddenSize % heads == 0, "hiddenSize", hiddenSize);
        require(layers > 0, "layers", layers);
        require(heads > 0 && kvHeads > 0 && heads % kvHeads == 0, "kvHeads", kvHeads);
        require(intermediateSize > 0, "intermediateSize", intermediateSize);
        require(maxEpochs > 0, "maxEpochs", maxEpochs);
        require(batchSize > 0, "batchSize", batchSize);
        require(learningRate > 0, "learningRate", learningRate);
        require(stopAccuracy > 0 && stopAccuracy <= 1.0001, "stopAccuracy", stopAccuracy);
    }

    private static void require(boolean ok, String field, Number value) {
        if (!ok) {
            throw new IllegalArgumentException("pretraining " + field + " is out of range: " + value);
        }
    }
}
