package engram.knowledge.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import engram.TestData;
import engram.knowledge.Datasets;
import engram.knowledge.Format;
import engram.knowledge.ItemReader;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.decompress.DialogueTree.Node;
import engram.knowledge.decompress.DialogueTree.Role;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import engram.world.Entity;
import engram.world.Relation;
import engram.world.Template;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tree Generation on the embedded world model: shape, determinism, de-duplication, and the SFT data it yields. */
class TreeGeneratorTest {
    private static NDManager root;
    private static CausalLm model;
    private static Tokenizer tokenizer;
    private static final List<String> ROOTS = List.of("Quessa Dumarin", "Tarn Velk");

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        Path folder = TestData.engramWorldModel();
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

    /** The world's pretraining questions about people, {@code {subject}} in place of the name. */
    static DialogueTemplate.Completion personQuestions() {
        List<String> patterns = Arrays.stream(Relation.values())
                .filter(r -> r.subjectType() == Entity.Type.PERSON)
                .flatMap(r -> r.pretrainingTemplates().stream())
                .filter(t -> t.kind() == Template.Kind.QUESTION).map(Template::pattern).toList();
        return DialogueTemplate.Completion.questionAnswer(patterns);
    }

    @Test
    void withoutDedupEveryNodeHasItsBranchingAndThePathsMultiply() {
        TreeConfig config = new TreeConfig(List.of(3, 2, 2, 1), 1.0f, 1f, 0, 5, 6, false, 64);
        List<DialogueTree> trees = TreeGenerator.growAll(model, tokenizer, ROOTS, personQuestions(), config);
        assertEquals(2, trees.size());
        for (DialogueTree tree : trees) {
            int[] perLayer = new int[5];
            tree.nodes().forEach(n -> perLayer[n.layer()]++);
            assertEquals(List.of(3, 6, 12, 12), List.of(perLayer[1], perLayer[2], perLayer[3], perLayer[4]));
            assertEquals(config.fullLeafCount(), tree.paths().size());
            for (List<Node> path : tree.paths()) {
                assertEquals(List.of(Role.QUESTION, Role.ANSWER, Role.QUESTION, Role.ANSWER),
                        path.stream().map(Node::role).toList());
            }
            assertTrue(tree.nodes().get(0).text().contains(tree.root()), "first questions ask about the root");
        }
    }

    @Test
    void theSameSeedGivesTheSameTreeAndAnotherSeedAnotherOne() {
        TreeConfig config = TreeConfig.balanced(1, 2, 3, 11).withMaxNewTokens(6);
        DialogueTree a = TreeGenerator.grow(model, tokenizer, ROOTS.get(0), personQuestions(), config);
        DialogueTree b = TreeGenerator.grow(model, tokenizer, ROOTS.get(0), personQuestions(), config);
        assertEquals(a, b);
        List<DialogueTree> others = List.of(
                TreeGenerator.grow(model, tokenizer, ROOTS.get(0), personQuestions(), config.withSeed(12)),
                TreeGenerator.grow(model, tokenizer, ROOTS.get(0), personQuestions(), config.withSeed(13)));
        assertTrue(others.stream().anyMatch(o -> !o.equals(a)), "two other seeds both gave the same tree");
    }

    @Test
    void dedupKeepsNoRepeatedQuestionInALayerAndNoRepeatedAnswerAmongSiblings() {
        // nearly greedy sampling: the eight answers to one question collapse to very few distinct ones
        TreeConfig config = new TreeConfig(List.of(2, 8), 0.05f, 1f, 0, 3, 6, true, 64);
        DialogueTree tree = TreeGenerator.grow(model, tokenizer, ROOTS.get(0), personQuestions(), config);
        TreeConfig full = config.withDedup(false);
        assertEquals(16, TreeGenerator.grow(model, tokenizer, ROOTS.get(0), personQuestions(), full).paths().size());
        assertTrue(tree.paths().size() < 16, "dedup left " + tree.paths().size() + " paths");
        assertTrue(tree.paths().size() >= 2, "every question keeps at least one answer");
        Set<String> seen = new HashSet<>();
        for (Node n : tree.nodes()) {
            String key = n.parent() + "|" + n.role() + "|" + n.text().strip().toLowerCase(Locale.ROOT);
            assertTrue(seen.add(key), "duplicate sibling " + key);
            assertFalse(n.text().isBlank());
        }
    }

    @Test
    void everyPathBecomesOneExampleWithTheLossOnTheAnswersOnly() {
        TreeConfig config = TreeConfig.balanced(2, 2, 1, 4).withMaxNewTokens(6).withDedup(false);
        DialogueTree tree = TreeGenerator.grow(model, tokenizer, ROOTS.get(1), personQuestions(), config);
        List<Example> examples = tree.examples(tokenizer);
        List<KnowledgeItem> items = tree.items("tg");
        assertEquals(tree.paths().size(), examples.size());
        assertEquals(tree.paths().size(), items.size());
        for (int p = 0; p < examples.size(); p++) {
            Example e = examples.get(p);
            e.validate();
            assertEquals(tokenizer.bos(), e.tokens()[0]);
            long[] answerTokens = selected(e, true);
            String answers = tokenizer.decode(answerTokens).replace(" ", "");
            List<Node> path = tree.paths().get(p);
            assertEquals((path.get(1).text() + path.get(3).text()).replace(" ", ""), answers);
            assertTrue(tokenizer.decode(selected(e, false)).contains(path.get(2).text().strip()), "questions are context");
            KnowledgeItem item = items.get(p);
            assertEquals(path.get(3).text(), item.targetTrue());
            assertTrue(item.prompt().endsWith("A:") && item.prompt().startsWith("Q: "), item.prompt());
        }
        Path file = dir.resolve("tree.jsonl");
        DialogueTree.writeJsonl(file, List.of(tree, tree));
        try (ItemReader reader = Datasets.open(file, Format.ENGRAM_JSONL)) {
            assertEquals(2 * items.size(), reader.stream().count());
        }
    }

    @Test
    void aChatTemplateGrowsBothRolesFromTheModelAndLeaksNoArrays() {
        DialogueTemplate.Chat chat = new DialogueTemplate.Chat("", "Q:", "A:", "\n");
        TreeConfig config = new TreeConfig(List.of(2, 1, 2, 1), 1.0f, 0.95f, 0, 8, 5, false, 64);
        TreeGenerator.grow(model, tokenizer, "", chat, config);
        int live = ((BaseNDManager) root).getManagedArrays().size();
        DialogueTree tree = TreeGenerator.grow(model, tokenizer, "", chat, config);
        assertEquals(live, ((BaseNDManager) root).getManagedArrays().size(), "arrays leaked while growing a tree");
        assertEquals(4, tree.paths().size());
        assertEquals(4, tree.examples(tokenizer).size());
    }

    private static long[] selected(Example e, boolean target) {
        return java.util.stream.IntStream.range(0, e.tokens().length).filter(i -> e.target()[i] == target && i > 0)
                .mapToLong(i -> e.tokens()[i]).toArray();
    }
}
