package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engram's own item JSONL agrees with a generated world's items.jsonl (the library's side: {@code EngramJsonlTest}). */
class EngramJsonlWorldTest {

    @Test
    void aWorldsItemsFileReadsBackAsItsEditItemsAndRewritesToTheSameBytes(@TempDir Path folder) throws IOException {
        World world = World.generate(WorldSpec.standard(1));
        world.writeTo(folder);
        Path items = folder.resolve("items.jsonl");
        try (ItemReader reader = Datasets.open(items, Format.ENGRAM_JSONL)) {
            assertEquals(world.editItems(), reader.toList());
        }
        Path copy = folder.resolve("copy.jsonl");
        try (ItemReader reader = Datasets.open(items, Format.ENGRAM_JSONL)) {
            EngramJsonl.write(copy, reader.stream()::iterator);
        }
        assertArrayEquals(Files.readAllBytes(items), Files.readAllBytes(copy));
    }
}
