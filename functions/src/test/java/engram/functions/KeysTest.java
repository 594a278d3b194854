package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import engram.functions.api.Keys;
import org.junit.jupiter.api.Test;

/** The store's key layout, built only by {@link Keys}: these keys are what earlier runs left in stores. */
class KeysTest {

    @Test
    void everyKeyHasItsDocumentedShape() {
        assertEquals("runs/r1/apply-edit/0123456789abcdef/", Keys.outputPrefix("r1", "apply-edit", "0123456789abcdef"));
        String checkpoints = Keys.checkpoints("runs/r1/apply-edit/0123456789abcdef/", "fedcba9876543210");
        assertEquals("runs/r1/apply-edit/0123456789abcdef/checkpoint/fedcba9876543210/", checkpoints);
        assertEquals(checkpoints + "step-000025/", Keys.checkpointStep(checkpoints, 25));
        assertEquals(25, Keys.stepOf(checkpoints, Keys.checkpointStep(checkpoints, 25)));
        assertEquals("runs/*/apply-edit/*/checkpoint/", Keys.checkpointPattern("apply-edit"));
        assertEquals("runs/r1/adapter/", Keys.folder("runs/r1/", "adapter"));
        assertEquals("models/engram-world/", Keys.uploadedModel("engram-world"));
        assertEquals("adapters/my-edit/", Keys.uploadedEditFolder("my-edit"));
        assertEquals("runs/r1/input/items.jsonl", Keys.runInput("r1", "items.jsonl"));
        assertEquals("runs/edit-1/request/edits.jsonl", Keys.requestEdits("edit-1"));
        assertEquals("datasets/world-demo/50/shard-3.jsonl", Keys.worldDemoShard(50, 3));
        assertEquals("datasets/world-demo/experiment.jsonl", Keys.worldDemoExperiment());
    }
}
