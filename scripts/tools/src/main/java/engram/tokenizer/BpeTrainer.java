package engram.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Trains a byte-level BPE vocabulary (GPT-2's, as Hugging Face {@code ByteLevel} + {@code BPE}) and hands it
 * back as a {@code tokenizer.json}. It exists because no tokenizer-training library is usable offline from Java
 * here: DJL's binding of Hugging Face tokenizers only loads, and their trainer is Rust/Python. So we train
 * byte-level BPE ourselves and let DJL's native tokenizer do all encoding and decoding ({@link Tokenizer}).
 *
 * <p>The algorithm is Sennrich et al. 2016 over GPT-2's alphabet (openai/gpt-2 {@code src/encoder.py}): split
 * each text at the special tokens, pre-tokenize the rest with GPT-2's regex, write each word's UTF-8 bytes
 * in the 256 {@code bytes_to_unicode} symbols and count words; then repeatedly merge the most frequent
 * adjacent pair (ties: the smaller left symbol, then the smaller right symbol, by {@link String#compareTo}).
 * The vocabulary is the special tokens (ids 0..k-1), the 256 byte symbols in code point order, then each
 * merge's new symbol. Pair counts are kept up to date incrementally: a merge revisits only the words that
 * held the pair (an index pair → words), and the best pair comes from a lazily refreshed priority queue.
 * Like the Hugging Face trainer, a merge whose result is already a symbol reuses its id; a merge that would
 * spell a special token is never made, so special ids only ever come from the special tokens themselves.
 */
public final class BpeTrainer {

    /** GPT-2's pre-tokenization regex; Unicode classes so that {@code \s} matches what Rust's does. */
    static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** GPT-2's {@code bytes_to_unicode}: the one-character symbol that stands for each byte value. */
    static final List<String> BYTE_SYMBOLS = byteSymbols();

    private BpeTrainer() {}

    /**
     * How big a vocabulary to train and which special tokens it reserves.
     *
     * @param vocabularySize       tokens wanted in all: special tokens + 256 byte symbols + merged symbols
     * @param minimumPairFrequency a pair seen fewer times than this in the corpus is never merged
     * @param specialTokens        tokens that get ids 0..k-1 and are matched whole in text (e.g. {@code <|bos|>})
     */
    public record Options(int vocabularySize, int minimumPairFrequency, List<String> specialTokens) {
        public Options {   // normalise only; validate() reports the problems
            specialTokens = specialTokens == null ? List.of()
                    : Collections.unmodifiableList(new ArrayList<>(specialTokens));   // keeps nulls for validate()
        }

        /**
         * Checks every field.
         *
         * @throws IllegalArgumentException naming the field and the bad value
         */
        public Options validate() {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < specialTokens.size(); i++) {
                String token = specialTokens.get(i);
                if (token == null || token.isEmpty()) {
                    throw new IllegalArgumentException("specialTokens[" + i + "] must be a non-empty string, got "
                            + (token == null ? "null" : "\"\""));
                }
                if (!seen.add(token)) {
                    throw new IllegalArgumentException("specialTokens[" + i + "] repeats \"" + token + "\"");
                }
                if (BYTE_SYMBOLS.contains(token)) {
                    throw new IllegalArgumentException("specialTokens[" + i + "] \"" + token
                            + "\" is one of the 256 byte symbols");
                }
            }
            int smallest = specialTokens.size() + BYTE_SYMBOLS.size();
            if (vocabularySize < smallest) {
                throw new IllegalArgumentException("vocabularySize must be at least " + smallest
                        + " (special tokens + 256 byte symbols), got " + vocabularySize);
            }
            if (minimumPairFrequency < 1) {
                throw new IllegalArgumentException("minimumPairFrequency must be at least 1, got "
                        + minimumPairFrequency);
            }
            return this;
        }
    }

    /**
     * Learns merges from {@code corpus} until the vocabulary holds {@code options.vocabularySize()} tokens or no
     * pair is seen {@code options.minimumPairFrequency()} times. Same corpus and options, same result.
     *
     * @throws IllegalArgumentException when the options are invalid or the corpus is or holds null
     */
    public static TrainedTokenizer train(Iterable<String> corpus, Options options) {
        options.validate();
        if (corpus == null) {
            throw new IllegalArgumentException("corpus must not be null");
        }
        Map<String, Integer> wordCounts = countWords(corpus, options.specialTokens());
        List<String> alphabet = BYTE_SYMBOLS.stream().sorted().toList();   // code point order, as GPT-2's vocab
        PairMerges merges = new PairMerges(alphabet, Set.copyOf(options.specialTokens()));
        for (Map.Entry<String, Integer> word : wordCounts.entrySet()) {
            merges.addWord(symbolsOf(word.getKey()), word.getValue());
        }
        merges.run(options.vocabularySize() - options.specialTokens().size(), options.minimumPairFrequency());
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        for (String special : options.specialTokens()) {
            vocabulary.put(special, vocabulary.size());
        }
        for (String symbol : merges.symbols()) {
            vocabulary.put(symbol, vocabulary.size());
        }
        return new TrainedTokenizer(options.specialTokens(), vocabulary, merges.merges());
    }

    /** How often each pre-token occurs, in a sorted map so that training never depends on hash order. */
    static Map<String, Integer> countWords(Iterable<String> corpus, List<String> specialTokens) {
        Pattern specials = specialTokens.isEmpty() ? null : Pattern.compile(specialTokens.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(Pattern::quote).collect(Collectors.joining("|")));
        Map<String, Integer> counts = new TreeMap<>();
        int index = 0;
        for (String text : corpus) {
            if (text == null) {
                throw new IllegalArgumentException("corpus holds null at index " + index);
            }
            for (String piece : specials == null ? new String[] {text} : specials.split(text, -1)) {
                Matcher words = GPT2_SPLIT.matcher(piece);
                while (words.find()) {
                    counts.merge(words.group(), 1, Integer::sum);
                }
            }
            index++;
        }
        return counts;
    }

    /** A word's UTF-8 bytes as byte symbols. */
    static List<String> symbolsOf(String word) {
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        List<String> symbols = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            symbols.add(BYTE_SYMBOLS.get(b & 0xff));
        }
        return symbols;
    }

    private static List<String> byteSymbols() {
        List<String> table = new ArrayList<>(256);
        int next = 256;   // bytes that are not printable Latin-1 get code points 256, 257, ... in byte order
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table.add(String.valueOf((char) (printable ? b : next++)));
        }
        return List.copyOf(table);
    }

    /** The merge loop's state: symbols, words as symbol ids, pair counts, the pair → words index, the queue. */
    private static final class PairMerges {
        private final List<String> symbols = new ArrayList<>();
        private final Map<String, Integer> symbolIds = new HashMap<>();
        private final Set<String> forbidden;
        private final List<int[]> words = new ArrayList<>();
        private final List<Integer> wordCounts = new ArrayList<>();
        private final Map<Long, Long> pairCounts = new HashMap<>();
        private final Map<Long, Set<Integer>> pairWords = new HashMap<>();   // may list words that lost the pair
        private final PriorityQueue<Candidate> queue;
        private final List<TrainedTokenizer.Merge> merges = new ArrayList<>();

        /** A pair and its count when queued; stale once the count has changed since. */
        private record Candidate(long count, int left, int right) {}

        PairMerges(List<String> alphabet, Set<String> forbidden) {
            alphabet.forEach(this::intern);
            this.forbidden = forbidden;
            this.queue = new PriorityQueue<>(Comparator.comparingLong(Candidate::count).reversed()
                    .thenComparing(c -> symbols.get(c.left()))
                    .thenComparing(c -> symbols.get(c.right())));
        }

        void addWord(List<String> symbolTexts, int count) {
            int[] word = symbolTexts.stream().mapToInt(symbolIds::get).toArray();
            words.add(word);
            wordCounts.add(count);
            addPairs(words.size() - 1, word, count, null);
        }

        /** Merges until there are {@code symbolLimit} symbols or no pair is frequent enough. */
        void run(int symbolLimit, int minimumPairFrequency) {
            pairCounts.forEach((pair, count) -> queue.add(new Candidate(count, left(pair), right(pair))));
            while (symbols.size() < symbolLimit) {
                Candidate best = queue.poll();
                if (best == null || best.count() < minimumPairFrequency) {
                    return;
                }
                long pair = key(best.left(), best.right());
                boolean stale = pairCounts.getOrDefault(pair, 0L) != best.count();
                if (!stale && !forbidden.contains(symbols.get(best.left()) + symbols.get(best.right()))) {
                    merge(best.left(), best.right());
                }
            }
        }

        /** Replaces every (left, right) by their merged symbol and re-counts the pairs of the words touched. */
        private void merge(int left, int right) {
            int merged = intern(symbols.get(left) + symbols.get(right));
            merges.add(new TrainedTokenizer.Merge(symbols.get(left), symbols.get(right)));
            long pair = key(left, right);
            Set<Long> changed = new HashSet<>();
            for (int index : pairWords.remove(pair)) {
                int[] before = words.get(index);
                int[] after = replace(before, left, right, merged);
                if (after.length != before.length) {
                    addPairs(index, before, -wordCounts.get(index), changed);
                    addPairs(index, after, wordCounts.get(index), changed);
                    words.set(index, after);
                }
            }
            for (long changedPair : changed) {
                Long count = pairCounts.get(changedPair);
                if (count != null) {
                    queue.add(new Candidate(count, left(changedPair), right(changedPair)));
                }
            }
        }

        private void addPairs(int index, int[] word, long count, Set<Long> changed) {
            for (int i = 0; i + 1 < word.length; i++) {
                long pair = key(word[i], word[i + 1]);
                long total = pairCounts.getOrDefault(pair, 0L) + count;
                if (total == 0) {
                    pairCounts.remove(pair);
                } else {
                    pairCounts.put(pair, total);
                }
                if (count > 0) {
                    pairWords.computeIfAbsent(pair, p -> new HashSet<>()).add(index);
                }
                if (changed != null) {
                    changed.add(pair);
                }
            }
        }

        /** Left to right, non-overlapping: "a a a" with (a, a) becomes "aa a", as in GPT-2 and Hugging Face. */
        private static int[] replace(int[] word, int left, int right, int merged) {
            int[] out = new int[word.length];
            int length = 0;
            for (int i = 0; i < word.length; i++) {
                if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                    out[length++] = merged;
                    i++;
                } else {
                    out[length++] = word[i];
                }
            }
            return length == word.length ? word : Arrays.copyOf(out, length);
        }

        private int intern(String text) {
            return symbolIds.computeIfAbsent(text, t -> {
                symbols.add(t);
                return symbols.size() - 1;
            });
        }

        List<String> symbols() {
            return symbols;
        }

        List<TrainedTokenizer.Merge> merges() {
            return merges;
        }

        private static long key(int left, int right) {
            return ((long) left << 32) | (right & 0xffffffffL);
        }

        private static int left(long pair) {
            return (int) (pair >>> 32);
        }

        private static int right(long pair) {
            return (int) pair;
        }
    }
}
