package engram.knowledge.editor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.StoriesModel;
import engram.TestData;
import engram.eval.EditEvaluation;
import engram.eval.RegressionGate;
import engram.eval.SequentialEditor.Batch;
import engram.eval.SequentialEditor;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.edit.overtone.Overtone;
import engram.knowledge.editor.EditLedger.Action;
import engram.knowledge.editor.EditLedger.Entry;
import engram.knowledge.editor.EditLedger.Mode;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import engram.report.Hashes;
import engram.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sequential editing: exact rollback of stacked and merged edits, the JSONL journal, the regression gate. */
class EditLedgerTest {

    @TempDir
    Path temp;

    @Test
    void rollingBackRestoresBitIdenticalLogitsAfterStackedAndMergedEdits() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names();
            EditConfig lora = Editors.loraDownProjection().withSteps(5);
            EditConfig ft = Editors.ftM().withSteps(5);
            List<float[]> states = new ArrayList<>();
            Path folder = temp.resolve("ledger");
            try (EditLedger ledger = EditLedger.open(stories.model(), folder)) {
                states.add(KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()));
                ledger.edit(stories.tokenizer(), items.subList(0, 1), lora, Mode.STACKED, r -> { });
                states.add(KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()));
                ledger.edit(stories.tokenizer(), items.subList(1, 2), ft, Mode.MERGED, r -> { });
                states.add(KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()));
                ledger.edit(stories.tokenizer(), items.subList(2, 3), lora.withSeed(2), Mode.STACKED, r -> { });
                states.add(KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()));
                ledger.edit(stories.tokenizer(), items.subList(0, 2), lora.withSeed(3), Mode.MERGED, r -> { });
                states.add(KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()));
                ledger.edit(stories.tokenizer(), items.subList(2, 3), ft, Mode.STACKED, r -> { });
                for (int k = 4; k >= 0; k--) {
                    assertNotEquals(states.get(k)[0], KnowledgeEditorTest.probe(stories.model(), stories.tokenizer())[0]);
                    ledger.rollbackTo(k == 0 ? null : String.format("e%04d", k), "test");
                    assertArrayEquals(states.get(k), KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()), 0f,
                            "state after " + k + " edits");
                    assertEquals(k, ledger.active().size());
                }
                checkJournal(ledger, folder);
                ledger.edit(stories.tokenizer(), items.subList(0, 1), lora, Mode.STACKED, r -> { });
                ledger.edit(stories.tokenizer(), items.subList(1, 2), ft, Mode.MERGED, r -> { });
                float[] last = KnowledgeEditorTest.probe(stories.model(), stories.tokenizer());
                try (StoriesModel fresh = StoriesModel.open(temp.resolve("fresh"));
                     EditLedger replayed = EditLedger.replay(fresh.model(), folder, temp.resolve("replayed"))) {
                    assertArrayEquals(last, KnowledgeEditorTest.probe(fresh.model(), fresh.tokenizer()), 0f,
                            "replaying the journal on a fresh copy of the model gives the same bits");
                    assertEquals(ledger.active().stream().map(Entry::hash).toList(),
                            replayed.active().stream().map(Entry::hash).toList(), "the same edits, byte for byte");
                }
            }
            assertArrayEquals(states.get(0), KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()), 0f,
                    "closing the ledger restores the base model");
        }
    }

    private static void checkJournal(EditLedger ledger, Path folder) {
        List<Entry> entries = ledger.entries();
        assertEquals(entries, EditLedger.read(ledger.journalFile()), "the JSONL round-trips");
        assertEquals(10, entries.size());
        assertNull(entries.get(0).parentId());
        for (int i = 0; i < 5; i++) {
            Entry e = entries.get(i);
            assertEquals(Action.APPLY, e.action());
            assertEquals(i == 0 ? null : entries.get(i - 1).id(), e.parentId());
            assertEquals(Hashes.sha256(folder.resolve("edits").resolve(e.id())), e.hash());
            assertFalse(e.itemIds().isEmpty());
        }
        assertEquals(EditMethod.LORA, entries.get(0).config().method());
        assertEquals(Mode.MERGED, entries.get(1).mode());
        assertEquals(Action.ROLLBACK, entries.get(9).action());
        assertNull(entries.get(9).parentId(), "the last rollback went back to the base");
    }

    @Test
    void rollbackIsExactOnATinyRandomGpt2WithItsTransposedLayout() {
        Path checkpoint = TestData.shared("fake_gpt2");
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(checkpoint, root);
             Tokenizer tokenizer = Tokenizer.load(checkpoint, model.config())) {
            List<KnowledgeItem> items = List.of(
                    EditItems.item("a", "The capital of France is", " Paris", " Rome", "France's capital is"),
                    EditItems.item("b", "The sky is", " blue", " green", "The colour of the sky is"));
            EditConfig lora = Editors.lora(new LoraConfig(2, 4f, 0f, List.of("mlp.c_fc", "attn.c_attn"), false))
                    .withSteps(3).withLearningRate(0.05f);
            EditConfig ft = Editors.ftM().withSteps(3).withLearningRate(0.05f).withOvertone(Overtone.DEFAULT);
            try (EditLedger ledger = EditLedger.open(model, temp.resolve("ledger"))) {
                float[] base = gpt2Probe(model, tokenizer);
                ledger.edit(tokenizer, items.subList(0, 1), lora, Mode.MERGED, r -> { });
                float[] first = gpt2Probe(model, tokenizer);
                assertNotEquals(base[0], first[0]);
                ledger.edit(tokenizer, items, ft, Mode.STACKED, r -> { });
                ledger.edit(tokenizer, items.subList(1, 2), lora.withSeed(4), Mode.STACKED, r -> { });
                ledger.edit(tokenizer, items.subList(1, 2), lora.withSeed(5), Mode.STACKED, r -> { });
                ledger.rollbackTo("e0001", "test");
                assertArrayEquals(first, gpt2Probe(model, tokenizer), 0f);
                ledger.rollbackTo(null, "test");
                assertArrayEquals(base, gpt2Probe(model, tokenizer), 0f);
            }
        }
    }

    private static float[] gpt2Probe(CausalLm model, Tokenizer tokenizer) {
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray ids = scope.create(tokenizer.encode("The capital of France is")).expandDims(0);   // (1, T)
            return model.logits(ids).toFloatArray();                                                  // (1, T, V)
        }
    }

    @Test
    void theRegressionGateRevertsAPlantedHarmfulBatchAndKeepsTheGoodOnes() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names();
            var gate = new RegressionGate(items, 0.2, new EditEvaluation.Options(8, 0, 20, 5, 3));
            // planted: a learning rate 100 times the default and no early stop wreck the neighbours
            EditConfig harmful = Editors.ftM().withLearningRate(1f).withSteps(20).withoutEarlyStop();
            List<Batch> batches = List.of(new Batch(items.subList(0, 1), Editors.ftM()),
                    new Batch(items.subList(1, 2), harmful), new Batch(items.subList(2, 3), Editors.ftM()));
            try (EditLedger ledger = EditLedger.open(stories.model(), temp.resolve("ledger"))) {
                var outcomes = SequentialEditor.run(ledger, stories.tokenizer(), batches.subList(0, 1), Mode.MERGED, gate,
                        r -> { });
                float[] afterGood = KnowledgeEditorTest.probe(stories.model(), stories.tokenizer());
                outcomes = new ArrayList<>(outcomes);
                outcomes.addAll(SequentialEditor.run(ledger, stories.tokenizer(), batches.subList(1, 2), Mode.MERGED,
                        gate, r -> { }));
                assertArrayEquals(afterGood, KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()), 0f,
                        "the reverted batch left no trace");
                outcomes.addAll(SequentialEditor.run(ledger, stories.tokenizer(), batches.subList(2, 3), Mode.MERGED,
                        gate, r -> { }));
                assertFalse(outcomes.get(0).reverted(), "locality " + outcomes.get(0).locality());
                assertTrue(outcomes.get(1).reverted(), "locality " + outcomes.get(1).locality());
                assertTrue(outcomes.get(1).locality() < 0.8);
                assertFalse(outcomes.get(2).reverted(), "locality " + outcomes.get(2).locality());
                assertEquals(List.of(outcomes.get(0).entry(), outcomes.get(2).entry()), ledger.active());
                Entry rollback = ledger.entries().get(2);
                assertEquals(Action.ROLLBACK, rollback.action());
                assertEquals(outcomes.get(0).entry().id(), rollback.parentId());
                assertTrue(rollback.note().startsWith("regression gate"), rollback.note());
            }
        }
    }
}
