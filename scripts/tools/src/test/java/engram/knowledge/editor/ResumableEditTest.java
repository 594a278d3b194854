package engram.knowledge.editor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.StoriesModel;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.ft.FtSettings;
import engram.lora.LoraConfig;
import engram.train.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit that dies mid-way and is started again from its newest snapshot ends with the same files (the same
 * SHA-256) as one that never stopped, for LoRA with dropout and for FT-M with a norm constraint.
 */
class ResumableEditTest {
    @TempDir
    Path temp;

    /** Snapshots copied into a folder that outlives the "process"; a crash is an exception thrown at one step. */
    private static final class FolderCheckpoints implements Checkpoints {
        private final Path scratch;
        private final Path durable;
        private final int every;
        final List<Integer> savedSteps = new ArrayList<>();

        FolderCheckpoints(Path root, int every) {
            this.scratch = root.resolve("scratch");
            this.durable = root.resolve("durable");
            this.every = every;
        }

        @Override
        public int every() {
            return every;
        }

        @Override
        public Path folder() {
            return scratch;
        }

        @Override
        public void saved(int step) {
            try {
                Files.createDirectories(durable);
                try (Stream<Path> files = Files.list(scratch)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, durable.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            savedSteps.add(step);
        }

        @Override
        public Optional<Path> latest() {
            return Files.isDirectory(durable) ? Optional.of(durable) : Optional.empty();
        }
    }

    private static final class Killed extends RuntimeException {
        Killed(int step) {
            super("killed after step " + step);
        }
    }

    @Test
    void anEditKilledMidWayAndResumedEqualsAnUninterruptedOne() {
        LoraConfig dropout = new LoraConfig(4, 8f, 0.1f, List.of("down_proj"), false);
        List<EditConfig> configs = List.of(
                Editors.lora(dropout).withSteps(10).withoutEarlyStop().withSeed(3),
                Editors.ftM().withSteps(10).withSettings(FtSettings.DEFAULT.withNormConstraint(5e-3f)).withoutEarlyStop().withSeed(4));
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names();
            for (EditConfig config : configs) {
                String method = config.method().name();
                String straight;
                try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config, r -> { })) {
                    straight = edit.save(temp.resolve(method + "-straight"));
                }
                float[] base = KnowledgeEditorTest.probe(stories.model(), stories.tokenizer());
                FolderCheckpoints checkpoints = new FolderCheckpoints(temp.resolve(method + "-ckpt"), 3);
                assertThrows(Killed.class, () -> KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config,
                        r -> {
                            if (r.step() == 8) {
                                throw new Killed(r.step());
                            }
                        }, checkpoints));
                assertEquals(List.of(3, 6), checkpoints.savedSteps, method + ": a snapshot every 3 steps");
                assertArrayEquals(base, KnowledgeEditorTest.probe(stories.model(), stories.tokenizer()), 0f,
                        method + ": the failed training leaves the model as it was");
                try (Edit resumed = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config, r -> {
                    assertTrue(r.step() > 6, "steps 1-6 are not trained again");
                }, checkpoints)) {
                    assertEquals(6, resumed.training().resumedFrom());
                    assertEquals(10, resumed.training().steps());
                    assertEquals(straight, resumed.save(temp.resolve(method + "-resumed")),
                            method + ": the resumed edit has the uninterrupted one's SHA-256");
                }
                assertEquals(List.of(3, 6, 9), checkpoints.savedSteps, method + ": never after the last step");
            }
        }
    }

    @Test
    void aTokenTraceCannotResume() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            EditConfig traced = Editors.ftM().withSteps(2).tracingTokens(true);
            var e = assertThrows(IllegalArgumentException.class, () -> KnowledgeEditor.edit(stories.model(),
                    stories.tokenizer(), EditItems.names(), traced, r -> { }, new FolderCheckpoints(temp, 1)));
            assertTrue(e.getMessage().contains("trace"), e.getMessage());
        }
    }
}
