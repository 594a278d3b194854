package engram.knowledge.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import engram.StoriesModel;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.ft.FtSettings;
import engram.knowledge.edit.overtone.Overtone;
import engram.knowledge.editor.EditLedger.Mode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing, saving, loading, ledgers and rollbacks leave no native arrays behind (cf. NativeMemoryTest). */
class EditMemoryTest {

    @TempDir
    Path temp;

    @Test
    void repeatedEditCyclesLeaveTheNumberOfLiveArraysUnchanged() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            cycle(stories, 0);                                    // the first cycle creates lazy constants
            int before = liveArrays(stories);
            for (int i = 1; i <= 2; i++) {
                cycle(stories, i);
            }
            assertEquals(before, liveArrays(stories), "arrays leaked by editing");
        }
    }

    private void cycle(StoriesModel stories, int round) {
        List<KnowledgeItem> items = EditItems.names();
        EditConfig ftL = Editors.ftL().withSteps(3).withSettings(FtSettings.DEFAULT.withNormConstraint(1e-2f)).withOvertone(Overtone.DEFAULT)
                .tracingTokens(true);
        try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, ftL, r -> { })) {
            edit.save(temp.resolve("ft-" + round));
            edit.merge();
            edit.remove();
        }
        try (Edit loaded = KnowledgeEditor.load(stories.model(), temp.resolve("ft-" + round))) {
            loaded.remove();
        }
        EditConfig lora = Editors.loraDownProjection().withSteps(3);
        try (EditLedger ledger = EditLedger.open(stories.model(), temp.resolve("ledger-" + round))) {
            ledger.edit(stories.tokenizer(), items.subList(0, 1), lora, Mode.STACKED, r -> { });
            ledger.edit(stories.tokenizer(), items.subList(1, 2), lora, Mode.STACKED, r -> { });
            ledger.edit(stories.tokenizer(), items.subList(2, 3), Editors.ftM().withSteps(3), Mode.MERGED, r -> { });
            ledger.rollbackTo("e0001", "test");
        }
        try (Edit loaded = KnowledgeEditor.load(stories.model(), temp.resolve("ledger-" + round).resolve("edits/e0002"))) {
            loaded.merge();
        }
    }

    private static int liveArrays(StoriesModel stories) {
        return ((BaseNDManager) stories.model().manager()).getManagedArrays().size();
    }
}
