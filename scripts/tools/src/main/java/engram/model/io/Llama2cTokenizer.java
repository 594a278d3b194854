package engram.model.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a llama2.c tokenizer ({@code tokenizer.bin}, {@code tok512.bin}) into the Hugging Face
 * {@code tokenizer.json} that {@code LlamaTokenizerFast} builds from the same sentencepiece BPE model
 * (transformers {@code convert_slow_tokenizer.py}: {@code LlamaConverter}, {@code SentencePieceExtractor}).
 *
 * <p>The {@code .bin} holds an int32 max_token_length, then per token an fp32 score, an int32 byte length and
 * the UTF-8 bytes. llama2.c wrote each piece with sentencepiece's '▁' turned into ' ', and ids 1 and 2 as
 * "\n&lt;s&gt;\n" and "\n&lt;/s&gt;\n"; here '▁' is restored and ids 0, 1, 2 become {@code <unk>}, {@code <s>},
 * {@code </s>} with score 0, as {@code LlamaConverter} does. The post-processor adds {@code <s>} in front, as
 * Llama tokenizers do; encode with special tokens off to get the bare pieces.
 */
public final class Llama2cTokenizer {

    private static final String SPACE = "▁";
    private static final List<String> SPECIAL = List.of("<unk>", "<s>", "</s>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Llama2cTokenizer() {}

    /** One vocabulary entry: the sentencepiece piece (with '▁') and its merge score. */
    record Piece(String text, float score) {}

    /**
     * The {@code tokenizer.json} text for the {@code vocabSize} tokens of {@code tokBin}.
     *
     * @throws IllegalArgumentException naming the file and token id when the file does not hold exactly
     *                                  {@code vocabSize} well-formed tokens
     */
    public static String toHuggingFaceJson(Path tokBin, int vocabSize) {
        List<Piece> pieces = readPieces(tokBin, vocabSize);
        ObjectNode json = JSON.createObjectNode();
        json.put("version", "1.0");
        json.putNull("truncation");
        json.putNull("padding");
        ArrayNode added = json.putArray("added_tokens");
        for (int id = 0; id < SPECIAL.size(); id++) {
            added.addObject().put("id", id).put("content", SPECIAL.get(id)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        ArrayNode normalizers = json.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", SPACE);
        replace(normalizers.addObject(), " ", SPACE);
        json.putNull("pre_tokenizer");
        postProcessor(json.putObject("post_processor"));
        ArrayNode decoders = json.putObject("decoder").put("type", "Sequence").putArray("decoders");
        replace(decoders.addObject(), SPACE, " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        model(json.putObject("model"), pieces);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toHuggingFaceJson} to {@code tokenizerJson}, whole or not at all. */
    public static void writeHuggingFaceJson(Path tokBin, int vocabSize, Path tokenizerJson) throws IOException {
        byte[] text = toHuggingFaceJson(tokBin, vocabSize).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(tokenizerJson, text);
    }

    private static void replace(ObjectNode node, String pattern, String content) {
        node.put("type", "Replace");
        node.putObject("pattern").put("String", pattern);
        node.put("content", content);
    }

    private static void postProcessor(ObjectNode node) {
        node.put("type", "TemplateProcessing");
        ArrayNode single = node.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        ArrayNode pair = node.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 1);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode bos = node.putObject("special_tokens").putObject("<s>");
        bos.put("id", "<s>");
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add("<s>");
    }

    private static void model(ObjectNode model, List<Piece> pieces) {
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", SPECIAL.get(0));
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", true);
        model.put("byte_fallback", true);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < pieces.size(); id++) {
            vocab.put(pieces.get(id).text(), id);
        }
        ArrayNode merges = model.putArray("merges");
        merges(pieces).forEach(merges::add);
    }

    /**
     * {@code SentencePieceExtractor.extract}: every split {@code p = a + b} of a piece into two pieces is a
     * merge "a b"; merges go by the score of p, highest first, ties in id order of p, then of (a, b).
     */
    static List<String> merges(List<Piece> pieces) {
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            ids.putIfAbsent(pieces.get(id).text(), id);
        }
        record Merge(String left, String right, float score) {}
        List<Merge> merges = new ArrayList<>();
        for (Piece piece : pieces) {
            String text = piece.text();
            List<Merge> local = new ArrayList<>();
            for (int split = text.offsetByCodePoints(0, 1); split < text.length();
                 split = text.offsetByCodePoints(split, 1)) {
                String left = text.substring(0, split);
                String right = text.substring(split);
                if (ids.containsKey(left) && ids.containsKey(right)) {
                    local.add(new Merge(left, right, piece.score()));
                }
            }
            local.sort((a, b) -> ids.get(a.left()).equals(ids.get(b.left()))
                    ? Integer.compare(ids.get(a.right()), ids.get(b.right()))
                    : Integer.compare(ids.get(a.left()), ids.get(b.left())));
            merges.addAll(local);
        }
        // stable, and by value: -0.0 and 0.0 tie as in Python (Float.compare would order them)
        merges.sort((a, b) -> a.score() > b.score() ? -1 : a.score() < b.score() ? 1 : 0);
        return merges.stream().map(m -> m.left() + " " + m.right()).toList();
    }

    /** The pieces of a llama2.c tokenizer file, with '▁' restored and the three special pieces named. */
    static List<Piece> readPieces(Path tokBin, int vocabSize) {
        if (vocabSize < SPECIAL.size()) {
            throw new IllegalArgumentException("vocabSize must be at least " + SPECIAL.size() + ", got " + vocabSize);
        }
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(tokBin)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read llama2.c tokenizer " + tokBin + ": " + e, e);
        }
        var utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<Piece> pieces = new ArrayList<>(vocabSize);
        int maxTokenLength = bytes.remaining() >= 4 ? bytes.getInt() : -1;
        for (int id = 0; id < vocabSize; id++) {
            int length = bytes.remaining() >= 8 ? bytes.getInt(bytes.position() + 4) : -1;
            if (length < 0 || length > bytes.remaining() - 8 || length > Math.max(maxTokenLength, 0)) {
                throw new IllegalArgumentException(tokBin + ": token " + id + " is cut short or longer than"
                        + " max_token_length " + maxTokenLength + " (is the vocabulary size " + vocabSize + " right?)");
            }
            float score = bytes.getFloat();
            bytes.position(bytes.position() + 4);
            ByteBuffer text = bytes.slice().limit(length);
            bytes.position(bytes.position() + length);
            try {
                String piece = utf8.decode(text).toString().replace(" ", SPACE);
                pieces.add(id < SPECIAL.size() ? new Piece(SPECIAL.get(id), 0f) : new Piece(piece, score));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(tokBin + ": token " + id + " is not valid UTF-8", e);
            }
        }
        if (bytes.hasRemaining()) {
            throw new IllegalArgumentException(tokBin + ": " + bytes.remaining() + " bytes follow token "
                    + (vocabSize - 1) + "; the file holds more than " + vocabSize + " tokens");
        }
        return pieces;
    }
}
