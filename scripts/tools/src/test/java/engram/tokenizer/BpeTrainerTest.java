package engram.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.TestData;
import engram.model.ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {

    private static final List<String> SPECIALS = List.of("<|bos|>", "<|eos|>", "<|pad|>");
    private static final String[] SUBJECTS = {"the cat", "a dog", "my friend", "the teacher", "Lily", "Tom",
        "our team"};
    private static final String[] VERBS = {"sat on", "looked at", "walked to", "talked about", "played with", "found"};
    private static final String[] OBJECTS = {"the mat", "a garden", "the river", "an old house", "the market",
        "café crème", "the city of Zürich"};
    private static final String[] ENDINGS = {".", "!", "?", " today.", " in 1999.", ", then left.\n", " twice."};

    /** GPT-2's pre-tokenizer regex, to cut sentences into the words the trainer counted. */
    private static final Pattern GPT2_WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    @TempDir
    Path dir;

    /** {@code count} sentences from the word lists above, the same for the same seed. */
    private static List<String> sentences(int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(pick(random, SUBJECTS) + " " + pick(random, VERBS) + " " + pick(random, OBJECTS)
                    + pick(random, ENDINGS));
        }
        return out;
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static BpeTrainer.Options options(int vocabularySize) {
        return new BpeTrainer.Options(vocabularySize, 2, SPECIALS);
    }

    /** Writes {@code trained} and loads it through our DJL wrapper, with BOS/EOS = the first two special tokens. */
    private Tokenizer load(TrainedTokenizer trained) throws IOException {
        Path json = dir.resolve("tokenizer.json");
        trained.write(json);
        ObjectNode config = (ObjectNode) new ObjectMapper()
                .readTree(TestData.resource("golden/tiny-llama/config.json").toFile());
        config.put("vocab_size", trained.vocabulary().size()).put("bos_token_id", 0).put("eos_token_id", 1);
        return Tokenizer.load(json, ModelConfig.fromHuggingFace(config));
    }

    @Test
    void trainedJsonLoadsInDjlAndRoundTripsArbitraryText() throws IOException {
        TrainedTokenizer trained = BpeTrainer.train(sentences(400, 1), options(400));
        List<String> texts = List.of("the cat sat on the mat.", "Zebras quickly jumped over 42 lazy foxes!!",
                "naïve café, Zürich über alles — 東京 2024\n\tindented\r\nline  two   spaces ",
                "emoji 🍓 and symbols #$%&*()[]{}<>|~^`", "", " ", "\n\n", "it's we're they'll I'd you've");
        try (Tokenizer tokenizer = load(trained)) {
            for (String text : texts) {
                long[] ids = tokenizer.encode(text);
                assertEquals(text, tokenizer.decode(ids), "round trip of " + text);
                for (long id : ids) {
                    assertTrue(id >= SPECIALS.size() && id < trained.vocabulary().size(), "id " + id + " in " + text);
                }
            }
        }
    }

    @Test
    void djlEncodingOfTrainingWordsEqualsMergesAppliedInRankOrder() throws IOException {
        List<String> corpus = sentences(400, 2);
        TrainedTokenizer trained = BpeTrainer.train(corpus, options(380));
        Map<String, Integer> ranks = new HashMap<>();
        for (int rank = 0; rank < trained.merges().size(); rank++) {
            TrainedTokenizer.Merge merge = trained.merges().get(rank);
            ranks.putIfAbsent(merge.left() + " " + merge.right(), rank);
        }
        Set<String> words = new LinkedHashSet<>();
        for (String sentence : corpus) {
            Matcher matcher = GPT2_WORDS.matcher(sentence);
            while (matcher.find()) {
                words.add(matcher.group());
            }
        }
        words.addAll(List.of(" Zürich", " crème", " unseen", " 1999", "Lily", " caterpillar", " 東京"));
        assertTrue(words.size() > 40, words.toString());
        try (Tokenizer tokenizer = load(trained)) {
            for (String word : words) {
                long[] expected = oracle(word, ranks).stream().mapToLong(t -> trained.vocabulary().get(t)).toArray();
                assertArrayEquals(expected, tokenizer.encode(word), "'" + word + "'");
            }
        }
    }

    /** GPT-2's {@code bpe()}: merge the lowest-ranked adjacent pair everywhere, until no pair has a rank. */
    private static List<String> oracle(String word, Map<String, Integer> ranks) {
        List<String> symbols = new ArrayList<>();
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            symbols.add(gpt2ByteSymbol(b & 0xff));
        }
        while (symbols.size() > 1) {
            String best = null;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                String pair = symbols.get(i) + " " + symbols.get(i + 1);
                if (ranks.containsKey(pair) && (best == null || ranks.get(pair) < ranks.get(best))) {
                    best = pair;
                }
            }
            if (best == null) {
                return symbols;
            }
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                boolean match = i + 1 < symbols.size() && best.equals(symbols.get(i) + " " + symbols.get(i + 1));
                merged.add(match ? symbols.get(i) + symbols.get(++i) : symbols.get(i));
            }
            symbols = merged;
        }
        return symbols;
    }

    /** openai/gpt-2 {@code bytes_to_unicode}, written out independently of the trainer. */
    private static String gpt2ByteSymbol(int value) {
        int shift = 0;
        for (int b = 0; b < value; b++) {
            boolean printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            shift += printable ? 0 : 1;
        }
        boolean printable = (value >= 33 && value <= 126) || (value >= 161 && value <= 172) || value >= 174;
        return Character.toString(printable ? value : 256 + shift);
    }

    @Test
    void frequentWordsBecomeSingleTokensAndTheVocabularyHasTheRequestedSize() throws IOException {
        TrainedTokenizer trained = BpeTrainer.train(sentences(400, 3), options(360));
        assertEquals(360, trained.vocabulary().size());
        assertTrue(trained.merges().size() >= 360 - SPECIALS.size() - 256, "each new symbol comes from a merge");
        try (Tokenizer tokenizer = load(trained)) {
            for (String word : List.of(" the", " cat", " looked", " garden", " teacher", " river", "Lily")) {
                assertEquals(1, tokenizer.encode(word).length, "'" + word + "' is one token");
                assertTrue(trained.vocabulary().containsKey(word.replace(" ", "Ġ")), word);
            }
        }
    }

    @Test
    void specialTokensTakeTheFirstIdsAndEncodeWhole() throws IOException {
        TrainedTokenizer trained = BpeTrainer.train(sentences(200, 4), options(350));
        assertEquals(SPECIALS, trained.vocabulary().keySet().stream().limit(3).toList());
        assertEquals(List.of(0, 1, 2), trained.vocabulary().values().stream().limit(3).toList());
        try (Tokenizer tokenizer = load(trained)) {
            long[] ids = tokenizer.encode("<|bos|>the cat<|eos|><|pad|>");
            assertEquals(0, ids[0]);
            assertEquals(List.of(1L, 2L), List.of(ids[ids.length - 2], ids[ids.length - 1]));
            assertEquals("the cat", tokenizer.decode(ids), "decoding drops special tokens");
        }
    }

    @Test
    void specialTokensInTheCorpusAreNotLearnedAsMerges() {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            corpus.add("<|bos|>hello world<|eos|>");
        }
        TrainedTokenizer trained = BpeTrainer.train(corpus, options(300));
        List<String> learned = trained.vocabulary().keySet().stream().skip(SPECIALS.size() + 256).toList();
        assertTrue(learned.stream().noneMatch(t -> t.contains("bos") || t.contains("|")), learned.toString());
        assertTrue(trained.vocabulary().containsKey("Ġworld"));
    }

    @Test
    void sameCorpusAndOptionsGiveByteIdenticalJson() throws IOException {
        String first = BpeTrainer.train(sentences(300, 5), options(380)).toHuggingFaceJson();
        String second = BpeTrainer.train(sentences(300, 5), options(380)).toHuggingFaceJson();
        assertEquals(first, second);
        Path file = dir.resolve("nested/tokenizer.json");
        BpeTrainer.train(sentences(300, 5), options(380)).write(file);
        assertArrayEquals(first.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void jsonHasTheHuggingFaceByteLevelBpeLayout() throws IOException {
        JsonNode json = new ObjectMapper().readTree(
                BpeTrainer.train(sentences(100, 6), options(300)).toHuggingFaceJson());
        assertEquals("ByteLevel", json.at("/pre_tokenizer/type").asText());
        assertEquals(false, json.at("/pre_tokenizer/add_prefix_space").asBoolean());
        assertEquals("ByteLevel", json.at("/decoder/type").asText());
        assertEquals("BPE", json.at("/model/type").asText());
        assertEquals("<|pad|>", json.at("/added_tokens/2/content").asText());
        assertEquals(2, json.at("/added_tokens/2/id").asInt());
        assertEquals(256 + 3 - 1, json.at("/model/vocab/" + "\u0143").asInt(),
                "byte 0xAD's symbol Ń has the highest code point, so it is the last byte symbol");
        assertTrue(json.at("/model/merges/0").isArray());
        assertEquals(2, json.at("/model/merges/0").size());
    }

    @Test
    void stopsBeforeTheRequestedSizeWhenNoPairIsFrequentEnough() {
        TrainedTokenizer trained = BpeTrainer.train(List.of("ab ab ab", "cd"),
                new BpeTrainer.Options(1000, 2, List.of()));
        assertEquals(List.of(new TrainedTokenizer.Merge("a", "b"), new TrainedTokenizer.Merge("Ġ", "ab")),
                trained.merges());
        assertEquals(258, trained.vocabulary().size());
    }

    @Test
    void invalidOptionsAreRejectedNamingTheField() {
        assertMessage("vocabularySize must be at least 257", new BpeTrainer.Options(100, 1, List.of("<s>")));
        assertMessage("minimumPairFrequency must be at least 1, got 0", new BpeTrainer.Options(300, 0, List.of()));
        assertMessage("specialTokens[1] repeats \"<s>\"", new BpeTrainer.Options(300, 1, List.of("<s>", "<s>")));
        assertMessage("specialTokens[0] must be a non-empty string", new BpeTrainer.Options(300, 1, List.of("")));
        assertMessage("specialTokens[0] \"a\" is one of the 256 byte symbols",
                new BpeTrainer.Options(300, 1, List.of("a")));
        var nullText = new ArrayList<String>(List.of("fine"));
        nullText.add(null);
        var error = assertThrows(IllegalArgumentException.class,
                () -> BpeTrainer.train(nullText, new BpeTrainer.Options(300, 1, List.of())));
        assertEquals("corpus holds null at index 1", error.getMessage());
    }

    private static void assertMessage(String expectedStart, BpeTrainer.Options options) {
        var error = assertThrows(IllegalArgumentException.class, () -> BpeTrainer.train(List.of("x"), options));
        assertTrue(error.getMessage().startsWith(expectedStart), error.getMessage());
    }

    @Test
    void trainsAFourThousandTokenVocabularyOnTwentyThousandSentences() throws IOException {
        Random random = new Random(7);
        String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "do", "fe", "gi", "ho"};
        List<String> corpus = new ArrayList<>();
        for (int sentence = 0; sentence < 20_000; sentence++) {
            StringBuilder text = new StringBuilder();
            for (int word = 0; word < 8; word++) {
                int length = 1 + Math.min(random.nextInt(4), random.nextInt(4));   // short words are common
                text.append(word == 0 ? "" : " ");
                for (int s = 0; s < length; s++) {
                    text.append(syllables[(int) Math.abs(random.nextGaussian() * 4) % syllables.length]);
                }
            }
            corpus.add(text.append('.').toString());
        }
        long start = System.nanoTime();
        TrainedTokenizer trained = BpeTrainer.train(corpus, options(4_000));
        System.out.printf("BpeTrainerTest: 4,000-token vocabulary from 20,000 sentences in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(4_000, trained.vocabulary().size());
        try (Tokenizer tokenizer = load(trained)) {
            assertEquals(corpus.get(0), tokenizer.decode(tokenizer.encode(corpus.get(0))));
        }
    }
}
