package engram.knowledge.edit.ft;

import engram.knowledge.edit.MethodSettings;
import engram.model.Architecture;
import engram.model.ModelConfig;
import engram.model.WeightNames;

/**
 * FT-L's and FT-M's own settings.
 *
 * @param layer          the decoder layer whose MLP down-projection ({@code mlp.down_proj}, GPT-2 {@code mlp.c_proj})
 *                       is trained; {@value #AUTO_LAYER} means two thirds deep, rounded down (EasyEdit trains layer
 *                       21 of Llama-2-7B's 32)
 * @param normConstraint after every step clamp each entry of the weight's delta to ±this (ROME's FT-L norm
 *                       constraint); 0 turns it off (EasyEdit's default)
 */
public record FtSettings(int layer, float normConstraint) implements MethodSettings {
    /** {@link #layer} value meaning "two thirds deep". */
    public static final int AUTO_LAYER = -1;
    /** The auto layer, no norm constraint. */
    public static final FtSettings DEFAULT = new FtSettings(AUTO_LAYER, 0f);

    @Override
    public FtSettings validate() {
        if (layer < AUTO_LAYER) {
            throw new IllegalArgumentException("layer must be >= -1, got " + layer);
        }
        if (!(normConstraint >= 0 && Float.isFinite(normConstraint))) {
            throw new IllegalArgumentException("normConstraint must be >= 0, got " + normConstraint);
        }
        return this;
    }

    /** The same settings training layer {@code index}. */
    public FtSettings withLayer(int index) {
        return new FtSettings(index, normConstraint);
    }

    /** The same settings with the norm constraint ±{@code bound} (0 turns it off). */
    public FtSettings withNormConstraint(float bound) {
        return new FtSettings(layer, bound);
    }

    /**
     * The Hugging Face name of the weight FT trains in {@code model}.
     *
     * @throws IllegalArgumentException when the layer does not exist
     */
    public String weightName(ModelConfig model) {
        int layers = model.numberOfLayers();
        int index = layer == AUTO_LAYER ? layers * 2 / 3 : layer;
        if (index >= layers) {
            throw new IllegalArgumentException("layer must be < " + layers + " for this model, got " + layer);
        }
        String module = model.architecture() == Architecture.LLAMA
                ? WeightNames.llamaLayer(model, index).down() : WeightNames.gpt2Layer(model, index).mlpOut();
        return module + ".weight";
    }
}
