package engram.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.knowledge.KnowledgeScorer.Bucket;
import engram.knowledge.KnowledgeScorer.ItemScore;
import engram.knowledge.KnowledgeScorer.Options;
import engram.knowledge.KnowledgeScorer.Side;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed embedded model really knows its world, and its knowledge card says what it measures. */
class EngramWorldModelTest {
    private static Path folder;
    private static JsonNode card;
    private static World world;
    private static NDManager root;
    private static CausalLm model;
    private static Tokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        folder = TestData.engramWorldModel();
        card = new ObjectMapper().readTree(folder.resolve("knowledge.json").toFile());
        world = World.generate(WorldSpec.standard(card.get("training").get("seed").asLong()));
        root = NDManager.newBaseManager();
        model = CausalLm.load(folder, root);
        tokenizer = Tokenizer.load(folder.resolve("tokenizer.json"), ModelConfig.fromHuggingFace(folder.resolve("config.json")));
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        model.close();
        root.close();
    }

    @Test
    void theFourFilesFitInTwentyFiveMegabytes() throws IOException {
        long bytes = 0;
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json", "knowledge.json")) {
            bytes += Files.size(folder.resolve(name));
        }
        assertTrue(bytes <= 25L * 1024 * 1024, bytes + " bytes");
    }

    @Test
    void twoHundredRandomFactsAreKnownTeacherForced() {
        List<Probe> facts = new ArrayList<>(world.pretrainingProbes());
        Collections.shuffle(facts, new Random(2026));
        KnowledgeCard.Accuracy accuracy = KnowledgeCard.measure(model, tokenizer, facts.subList(0, 200));
        assertTrue(accuracy.exactMatch() >= 0.90, "top-1 on every target token for " + accuracy.exactMatch() + " of 200");
    }

    @Test
    void theCardsSampleIsWhatTheCodeMeasures() {
        Corpus corpus = WorldCorpus.of(world);
        JsonNode sampled = card.get("sample").get("probes");
        assertEquals(corpus.probeSets().keySet(), fieldNames(sampled), "the card covers every probe set");
        for (Map.Entry<String, List<Probe>> set : corpus.probeSets().entrySet()) {
            KnowledgeCard.Accuracy measured = KnowledgeCard.measure(model, tokenizer, KnowledgeCard.sample(set.getValue()));
            JsonNode written = sampled.get(set.getKey());
            assertEquals(written.get("items").asInt(), measured.items(), set.getKey());
            assertEquals(written.get("exactMatch").asDouble(), measured.exactMatch(), 1e-9, set.getKey());
            assertEquals(written.get("tokenAccuracy").asDouble(), measured.tokenAccuracy(), 1e-6, set.getKey());
        }
        assertTrue(card.get("probes").get("pretraining_templates").get("exactMatch").asDouble() >= 0.95);
        assertEquals(model.parameterCount(), card.get("parameters").asLong());
    }

    @Test
    void scoreKnowledgeTellsKnownFactsFromWrongObjects() {
        List<KnowledgeItem> items = new ArrayList<>(world.editItems());
        Collections.shuffle(items, new Random(7));
        items = items.subList(0, 200);
        Options options = Options.DEFAULT.withoutGeneration();
        List<ItemScore> trueObjects = KnowledgeScorer.score(model, tokenizer, items, options);
        List<ItemScore> wrongObjects = KnowledgeScorer.score(model, tokenizer, items, options.scoring(Side.NEW));
        double known = trueObjects.stream().filter(s -> s.bucket() == Bucket.KNOWN).count() / 200.0;
        double wrongNotKnown = wrongObjects.stream().filter(s -> s.bucket() != Bucket.KNOWN).count() / 200.0;
        assertTrue(known >= 0.90, "known facts scored known: " + known);
        assertTrue(wrongNotKnown >= 0.90, "facts with a wrong object scored not known: " + wrongNotKnown);
    }

    /** OVERTONE's token-level effects need multi-token objects: most targets must span several tokens. */
    @Test
    void mostObjectsSpanSeveralTokensInContext() {
        Map<String, KnowledgeItem> byObject = new java.util.LinkedHashMap<>();
        for (KnowledgeItem item : world.editItems()) {
            byObject.putIfAbsent(item.targetTrue(), item);
        }
        long multiToken = byObject.values().stream()
                .filter(item -> tokenizer.encodeContinuation(item.prompt(), item.targetTrue()).length > 1)
                .count();
        assertTrue(multiToken * 2 > byObject.size(),
                multiToken + " of " + byObject.size() + " distinct objects span several tokens");
    }

    private static java.util.Set<String> fieldNames(JsonNode node) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
