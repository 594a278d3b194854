package engram.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.model.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model's tokenizer: Hugging Face {@code tokenizer.json} through DJL's native binding, fully offline,
 * with the model's BOS/EOS ids. Encoding never adds special tokens on its own; {@link #encodeWithBos}
 * prepends BOS where the model has one. Thread-safe (the native tokenizer is immutable).
 */
public final class Tokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer delegate;
    private final int bos;
    private final int eos;

    private Tokenizer(HuggingFaceTokenizer delegate, int bos, int eos) {
        this.delegate = delegate;
        this.bos = bos;
        this.eos = eos;
    }

    /**
     * Loads {@code tokenizer.json} (a file, or a folder holding one).
     *
     * @throws IllegalArgumentException naming the path when it is missing or unreadable
     */
    public static Tokenizer load(Path tokenizerJsonOrFolder, ModelConfig config) {
        Path file = Files.isDirectory(tokenizerJsonOrFolder)
                ? tokenizerJsonOrFolder.resolve("tokenizer.json") : tokenizerJsonOrFolder;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no tokenizer.json at " + file);
        }
        long largest = largestTokenId(file);
        if (largest >= config.vocabSize()) {
            throw new IllegalArgumentException(file + " has token id " + largest + " but the model's vocabulary has "
                    + config.vocabSize() + " tokens: it is another model's tokenizer");
        }
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new Tokenizer(tokenizer, config.bosTokenId(), config.eosTokenId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + file, e);
        } catch (RuntimeException e) {
            // the native binding reports a file it cannot read as a bare RuntimeException
            throw new IllegalArgumentException(file + " is not a tokenizer the tokenizers library reads: " + e.getMessage(), e);
        }
    }

    /**
     * The largest id {@code tokenizer.json} can produce: its model's vocabulary ({@code {"piece": id}} for BPE and
     * WordPiece, {@code [[piece, score], ...]} for Unigram) and its added tokens. An id at or above the model's
     * vocabulary size would index past the embedding.
     */
    private static long largestTokenId(Path file) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.path("model").isObject()) {
            throw new IllegalArgumentException(file + " has no 'model' object: not a tokenizer.json");
        }
        JsonNode vocab = json.path("model").path("vocab");
        long largest = vocab.isArray() ? vocab.size() - 1 : -1;
        for (JsonNode id : vocab.isObject() ? vocab : List.<JsonNode>of()) {
            largest = Math.max(largest, id.asLong());
        }
        for (JsonNode added : json.path("added_tokens")) {
            largest = Math.max(largest, added.path("id").asLong());
        }
        return largest;
    }

    /** Token ids of {@code text}, without special tokens. */
    public long[] encode(String text) {
        return delegate.encode(text, false, false).getIds();
    }

    /** Token ids of {@code text} after the model's BOS token (when it has one). */
    public long[] encodeWithBos(String text) {
        long[] ids = encode(text);
        if (bos < 0) {
            return ids;
        }
        long[] out = new long[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /**
     * Token ids of {@code target} as it is tokenized right after {@code prompt}: the ids of
     * {@code prompt + target} past those of {@code prompt}. This matters for SentencePiece-style vocabularies,
     * where {@code " Lily"} alone becomes a lone space piece plus {@code "Lily"} but after a prompt becomes
     * one {@code "▁Lily"} piece. When a merge crosses the boundary (the prompt's ids are not a prefix of the
     * whole), the target is tokenized alone, as EasyEdit always does (docs/methods.md §2.1, pitfall a).
     */
    public long[] encodeContinuation(String prompt, String target) {
        long[] alone = encode(prompt);
        long[] whole = encode(prompt + target);
        if (whole.length > alone.length && java.util.Arrays.equals(alone, 0, alone.length, whole, 0, alone.length)) {
            return java.util.Arrays.copyOfRange(whole, alone.length, whole.length);
        }
        return encode(target);
    }

    /** The text of {@code ids}; special tokens are dropped. */
    public String decode(long[] ids) {
        return delegate.decode(ids, true);
    }

    /** The pieces {@code text} splits into, as the tokenizer names them. */
    public java.util.List<String> pieces(String text) {
        return delegate.tokenize(text);
    }

    /** BOS id, or -1. */
    public int bos() {
        return bos;
    }

    /** EOS id, or -1. */
    public int eos() {
        return eos;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
