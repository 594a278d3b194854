package engram.model.io;

import engram.model.ModelConfig;

/**
 * A llama2.c checkpoint seen as a Hugging Face Llama model: its configuration and its weights under Hugging
 * Face names. Closing it closes the weights.
 *
 * @param config  the model's shape, as a {@code LlamaForCausalLM} config.json would give it
 * @param weights the tensors, named by {@link engram.model.WeightNames}
 */
public record Llama2cModel(ModelConfig config, TensorSource weights) implements AutoCloseable {

    @Override
    public void close() {
        weights.close();
    }
}
