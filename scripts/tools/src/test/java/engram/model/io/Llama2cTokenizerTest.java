package engram.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Llama2cTokenizerTest {

    private static final Path TOK512 = SharedData.file("stories260K/tok512.bin");
    private static final Path REFERENCE = SharedData.file("stories260K/reference_greedy_200.txt");

    @TempDir
    Path dir;

    private List<String> sentences() throws IOException {
        List<String> out = new ArrayList<>(List.of(
                "Once upon a time",
                "Once upon a time, there was a little girl named Lily.",
                "She said, \"I'm sorry, Lily. I didn't know what to do.\"",
                "Tom and  Sue   ran to the park!",
                "Zoë ate 3 crêpes 🍓 — yum?"));
        Files.readAllLines(REFERENCE).stream().filter(line -> !line.isBlank()).forEach(out::add);
        return out;
    }

    private HuggingFaceTokenizer converted() throws IOException {
        Path json = dir.resolve("tokenizer.json");
        Llama2cTokenizer.writeHuggingFaceJson(TOK512, 512, json);
        return HuggingFaceTokenizer.newInstance(json, Map.of("addSpecialTokens", "false"));
    }

    @Test
    void convertedTokenizerAgreesWithRunCEncode() throws IOException {
        Oracle oracle = Oracle.read(TOK512, 512);
        try (HuggingFaceTokenizer tokenizer = converted()) {
            for (String sentence : sentences()) {
                assertArrayEquals(oracle.encode(sentence), tokenizer.encode(sentence).getIds(), sentence);
            }
            assertArrayEquals(new String[] {"▁Once", "▁upon", "▁a", "▁time"},
                    tokenizer.encode("Once upon a time").getTokens());
        }
    }

    @Test
    void encodeThenDecodeGivesTheTextBack() throws IOException {
        try (HuggingFaceTokenizer tokenizer = converted()) {
            for (String sentence : sentences()) {
                assertEquals(sentence, tokenizer.decode(tokenizer.encode(sentence).getIds(), true));
            }
        }
    }

    @Test
    void specialTokensAreAddedOnlyWhenAsked() throws IOException {
        try (HuggingFaceTokenizer tokenizer = converted()) {
            Encoding withBos = tokenizer.encode("Once upon a time", true, false);
            assertEquals(1L, withBos.getIds()[0]);
            assertEquals("<s>", withBos.getTokens()[0]);
            assertEquals(4, tokenizer.encode("Once upon a time").getIds().length);
            assertEquals("Once", tokenizer.decode(new long[] {1, withBos.getIds()[1], 2}, true));
        }
    }

    @Test
    void jsonHasTheLlamaFastTokenizerShape() throws IOException {
        JsonNode json = new ObjectMapper().readTree(Llama2cTokenizer.toHuggingFaceJson(TOK512, 512));
        JsonNode model = json.get("model");
        assertEquals("BPE", model.get("type").asText());
        assertTrue(model.get("byte_fallback").asBoolean() && model.get("fuse_unk").asBoolean());
        assertEquals(512, model.get("vocab").size());
        assertEquals(0, model.get("vocab").get("<unk>").asInt());
        assertEquals(2, model.get("vocab").get("</s>").asInt());
        assertEquals(3, model.get("vocab").get("<0x00>").asInt());
        assertEquals(259, model.get("vocab").get("▁t").asInt());
        assertEquals("▁ t", model.get("merges").get(0).asText());
        assertEquals("h e", model.get("merges").get(1).asText());
        assertEquals("▁ a", model.get("merges").get(2).asText());
        assertEquals(3, json.get("added_tokens").size());
        assertEquals("Strip", json.at("/decoder/decoders/3/type").asText());
    }

    @Test
    void mergesFollowScoreThenIdOrderLikeSentencePieceExtractor() {
        List<Llama2cTokenizer.Piece> pieces = List.of(new Llama2cTokenizer.Piece("<unk>", 0f),
                new Llama2cTokenizer.Piece("<s>", 0f), new Llama2cTokenizer.Piece("</s>", 0f),
                new Llama2cTokenizer.Piece("a", -5f), new Llama2cTokenizer.Piece("b", -6f),
                new Llama2cTokenizer.Piece("c", -7f), new Llama2cTokenizer.Piece("bc", -2f),
                new Llama2cTokenizer.Piece("ab", -1f), new Llama2cTokenizer.Piece("abc", -3f),
                new Llama2cTokenizer.Piece("ca", -0f), new Llama2cTokenizer.Piece("ac", 0f));
        // -0.0 ties with 0.0 as in Python, so "c a" (id 9) stays before "a c" (id 10)
        assertEquals(List.of("c a", "a c", "a b", "b c", "a bc", "ab c"), Llama2cTokenizer.merges(pieces));
    }

    @Test
    void wrongVocabularySizeIsRefused() {
        var more = assertThrows(IllegalArgumentException.class, () -> Llama2cTokenizer.toHuggingFaceJson(TOK512, 500));
        assertTrue(more.getMessage().contains(TOK512.toString()) && more.getMessage().contains("more than 500"),
                more.getMessage());
        var fewer = assertThrows(IllegalArgumentException.class, () -> Llama2cTokenizer.toHuggingFaceJson(TOK512, 600));
        assertTrue(fewer.getMessage().contains("token 512"), fewer.getMessage());
    }

    /** run.c {@code encode}: a dummy " ", code points or their bytes, then merge the best-scoring pair. */
    private record Oracle(List<String> vocab, float[] scores, Map<String, Integer> ids) {

        static Oracle read(Path tokBin, int size) throws IOException {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(tokBin)).order(ByteOrder.LITTLE_ENDIAN);
            in.getInt();                                                       // max_token_length
            List<String> vocab = new ArrayList<>();
            float[] scores = new float[size];
            Map<String, Integer> ids = new HashMap<>();
            for (int i = 0; i < size; i++) {
                scores[i] = in.getFloat();
                byte[] piece = new byte[in.getInt()];
                in.get(piece);
                vocab.add(new String(piece, StandardCharsets.UTF_8));
                ids.putIfAbsent(vocab.get(i), i);
            }
            return new Oracle(vocab, scores, ids);
        }

        long[] encode(String text) {
            List<Integer> tokens = new ArrayList<>(List.of(ids.get(" ")));
            text.codePoints().forEach(cp -> {
                String ch = new String(Character.toChars(cp));
                if (ids.containsKey(ch)) {
                    tokens.add(ids.get(ch));
                } else {
                    for (byte b : ch.getBytes(StandardCharsets.UTF_8)) {
                        tokens.add((b & 0xFF) + 3);
                    }
                }
            });
            while (true) {
                float best = -1e10f;
                int bestId = -1;
                int bestIndex = -1;
                for (int i = 0; i + 1 < tokens.size(); i++) {
                    Integer id = ids.get(vocab.get(tokens.get(i)) + vocab.get(tokens.get(i + 1)));
                    if (id != null && scores[id] > best) {
                        best = scores[id];
                        bestId = id;
                        bestIndex = i;
                    }
                }
                if (bestIndex == -1) {
                    return tokens.stream().mapToLong(Integer::longValue).toArray();
                }
                tokens.set(bestIndex, bestId);
                tokens.remove(bestIndex + 1);
            }
        }
    }
}
