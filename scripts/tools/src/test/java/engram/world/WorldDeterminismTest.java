package engram.world;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldDeterminismTest {

    private static final List<String> FILES = List.of("entities.jsonl", "facts.jsonl", "templates.jsonl",
            "items.jsonl", "biographies.jsonl", "chains.jsonl", "pretraining.txt", "world.json");

    @Test
    void sameSeedWritesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
        WrittenWorld.generate(first, 7);
        WrittenWorld.generate(second, 7);
        for (String file : FILES) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
        }
    }

    @Test
    void differentSeedsWriteDifferentNamesFactsAndCorpus(@TempDir Path first, @TempDir Path second)
            throws IOException {
        WrittenWorld.generate(first, 7);
        WrittenWorld.generate(second, 8);
        for (String file : List.of("entities.jsonl", "facts.jsonl", "items.jsonl", "pretraining.txt")) {
            assertFalse(Files.mismatch(first.resolve(file), second.resolve(file)) < 0, file + " should differ");
        }
    }

    @Test
    void rewritingAFolderReplacesEveryFileAndLeavesNoTemporaryFiles(@TempDir Path folder) throws IOException {
        WrittenWorld.generate(folder, 7);
        byte[] before = Files.readAllBytes(folder.resolve("pretraining.txt"));
        WrittenWorld.generate(folder, 7);
        assertArrayEquals(before, Files.readAllBytes(folder.resolve("pretraining.txt")));
        try (Stream<Path> entries = Files.list(folder)) {
            assertEquals(FILES.stream().sorted().toList(),
                    entries.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
