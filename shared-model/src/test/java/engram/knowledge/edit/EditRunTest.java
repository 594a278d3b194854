package engram.knowledge.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import engram.TestData;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.editor.Editors;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import engram.train.Checkpoints;
import engram.train.Example;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The prepared run trains every item at its own loss weight: Semantic Beacons' re-weighting reaches the loss. */
class EditRunTest {

    @Test
    void eachExampleCarriesItsItemsWeight() {
        Path folder = TestData.shared("fake_gpt2");
        KnowledgeItem plain = edit("w-1", "The capital of France is", " Rome");
        KnowledgeItem weighted = edit("w-2", "The capital of Italy is", " Paris").withWeight(1.75);
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(folder, root);
             Tokenizer tokenizer = Tokenizer.load(folder, model.config())) {
            EditRun run = EditRun.prepare(model, tokenizer, List.of(plain, weighted), List.of(), 0,
                    Editors.loraDownProjection(), r -> { }, Checkpoints.NONE);
            assertEquals(List.of(1f, 1.75f), run.data().stream().map(Example::weight).toList());
        }
    }

    private static KnowledgeItem edit(String id, String prompt, String target) {
        return new KnowledgeItem(id, "", "", prompt, null, target, List.of(), List.of(), List.of(), null, List.of(), "test");
    }
}
