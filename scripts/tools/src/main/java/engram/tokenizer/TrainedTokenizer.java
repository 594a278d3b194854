package engram.tokenizer;

import engram.model.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE vocabulary that {@link BpeTrainer} learned, ready to be written as a Hugging Face
 * {@code tokenizer.json} for {@link Tokenizer} (DJL) to load.
 *
 * @param specialTokens the special tokens, whose ids are 0..k-1
 * @param vocabulary    token → id, iterated in id order (special tokens, 256 byte symbols, merged symbols)
 * @param merges        the merges in rank order: the first is applied first
 */
public record TrainedTokenizer(List<String> specialTokens, Map<String, Integer> vocabulary, List<Merge> merges) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One learned merge: the two adjacent symbols that become the symbol {@code left + right}. */
    public record Merge(String left, String right) {}

    public TrainedTokenizer {   // defensive copies that keep the vocabulary's id order
        specialTokens = List.copyOf(specialTokens);
        vocabulary = Collections.unmodifiableMap(new LinkedHashMap<>(vocabulary));
        merges = List.copyOf(merges);
    }

    /**
     * The {@code tokenizer.json} text: GPT-2's ByteLevel pre-tokenizer and decoder, a BPE model with merges as
     * {@code [left, right]} pairs (newer Hugging Face files use this form; the tokenizers 0.21 inside DJL 0.35.1
     * reads it, as {@code BpeTrainerTest} checks), no normalizer and no post-processor, special tokens as added
     * tokens that are also in the model's vocab. Deterministic.
     */
    public String toHuggingFaceJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("version", "1.0");
        json.putNull("truncation");
        json.putNull("padding");
        ArrayNode added = json.putArray("added_tokens");
        for (String special : specialTokens) {
            added.addObject().put("id", vocabulary.get(special)).put("content", special).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        json.putNull("normalizer");
        byteLevel(json.putObject("pre_tokenizer"), false);
        json.putNull("post_processor");
        byteLevel(json.putObject("decoder"), true);
        model(json.putObject("model"));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toHuggingFaceJson} to {@code tokenizerJson}, whole or not at all (temporary file, then move). */
    public void write(Path tokenizerJson) throws IOException {
        AtomicFiles.writeString(tokenizerJson, toHuggingFaceJson());
    }

    /** GPT-2's settings, as in its own tokenizer.json: the pre-tokenizer adds no prefix space. */
    private static void byteLevel(ObjectNode node, boolean addPrefixSpace) {
        node.put("type", "ByteLevel").put("add_prefix_space", addPrefixSpace).put("trim_offsets", true)
                .put("use_regex", true);
    }

    private void model(ObjectNode model) {
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        vocabulary.forEach(vocab::put);
        ArrayNode pairs = model.putArray("merges");
        for (Merge merge : merges) {
            pairs.addArray().add(merge.left()).add(merge.right());
        }
    }
}
