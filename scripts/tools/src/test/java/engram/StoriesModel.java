package engram;

import ai.djl.ndarray.NDManager;
import engram.model.CausalLm;
import engram.model.io.Llama2c;
import engram.model.io.Llama2cModel;
import engram.model.io.Llama2cTokenizer;
import engram.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The real stories260K model (TinyStories, llama2.c) with its tokenizer converted to {@code tokenizer.json}:
 * a model that really knows something small ("... a little girl named" → " Lily", p ≈ 0.93).
 */
public final class StoriesModel implements AutoCloseable {
    /** The prompt whose continuation the model knows. */
    public static final String LILY_PROMPT = "Once upon a time, there was a little girl named";

    private final NDManager root;
    private final Llama2cModel source;
    private final CausalLm model;
    private final Tokenizer tokenizer;

    private StoriesModel(NDManager root, Llama2cModel source, CausalLm model, Tokenizer tokenizer) {
        this.root = root;
        this.source = source;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Loads the model from {@code ../shared/data/stories260K}, writing its tokenizer.json into {@code temp}. */
    public static StoriesModel open(Path temp) {
        Path tokenizerJson = temp.resolve("tokenizer.json");
        NDManager root = NDManager.newBaseManager();
        Llama2cModel source = Llama2c.read(TestData.shared("stories260K/stories260K.bin"));
        try {
            Llama2cTokenizer.writeHuggingFaceJson(TestData.shared("stories260K/tok512.bin"), 512, tokenizerJson);
            CausalLm model = CausalLm.load(source.config(), source.weights(), root);
            return new StoriesModel(root, source, model, Tokenizer.load(tokenizerJson, source.config()));
        } catch (IOException e) {
            source.close();
            root.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            source.close();
            root.close();
            throw e;
        }
    }

    /** The model. */
    public CausalLm model() {
        return model;
    }

    /** Its tokenizer. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
        source.close();
        root.close();
    }
}
