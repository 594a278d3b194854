package engram.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.functions.api.ArtifactRef;
import engram.functions.errors.ArtifactNotFoundException;
import engram.functions.errors.ModelMismatchException;
import engram.functions.runtime.DiskCache;
import engram.functions.storage.LocalArtifactStore;
import engram.report.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {
    @TempDir
    Path temp;

    private LocalArtifactStore storeWithFolders() {
        LocalArtifactStore store = new LocalArtifactStore(temp.resolve("store"), "b");
        for (String name : new String[] {"a", "b", "c"}) {
            store.put("m/" + name + "/weights.bin", new byte[400]);
            store.put("m/" + name + "/config.json", ("{\"name\": \"" + name + "\"}").getBytes());
        }
        return store;
    }

    @Test
    void aFolderIsDownloadedOnceAndVerified() throws Exception {
        LocalArtifactStore store = storeWithFolders();
        DiskCache cache = new DiskCache(store, temp.resolve("cache"), 1 << 20);
        String hash;
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/a/"))) {
            hash = entry.sha256();
            assertEquals(Hashes.sha256(entry.folder()), hash);
            assertTrue(Files.isRegularFile(entry.folder().resolve("weights.bin")));
        }
        try (DiskCache.Entry again = cache.fetch("model", ArtifactRef.of("b", "m/a/").withSha256(hash))) {
            assertEquals(hash, again.sha256());
        }
    }

    @Test
    void aHashMismatchIsRefusedAndLeavesNothingBehind() throws Exception {
        DiskCache cache = new DiskCache(storeWithFolders(), temp.resolve("cache"), 1 << 20);
        var e = assertThrows(ModelMismatchException.class,
                () -> cache.fetch("model", ArtifactRef.of("b", "m/a/").withSha256("0".repeat(64))));
        assertEquals("model.sha256", e.field());
        try (var files = Files.list(temp.resolve("cache"))) {
            assertEquals(0, files.count(), "no entry, no temporary folder");
        }
        assertThrows(ArtifactNotFoundException.class, () -> cache.fetch("model", ArtifactRef.of("b", "m/none/")));
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvictedBeyondTheLimit() {
        // each entry holds ~415 bytes: two fit under 1000, three do not
        DiskCache cache = new DiskCache(storeWithFolders(), temp.resolve("cache"), 1000);
        Path a;
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/a/"))) {
            a = entry.folder();
        }
        Path b;
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/b/"))) {
            b = entry.folder();
        }
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/a/"))) {
            assertEquals(a, entry.folder()); // a is now more recent than b
        }
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/c/"))) {
            assertTrue(Files.exists(entry.folder()));
        }
        assertTrue(Files.exists(a), "recently used");
        assertFalse(Files.exists(b), "least recently used, evicted");
        assertTrue(cache.size() <= 1000);
    }

    @Test
    void aChangedObjectGetsAFreshEntry() {
        LocalArtifactStore store = storeWithFolders();
        DiskCache cache = new DiskCache(store, temp.resolve("cache"), 1 << 20);
        String before;
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/a/"))) {
            before = entry.sha256();
        }
        store.put("m/a/config.json", "{\"name\": \"changed\"}".getBytes());
        try (DiskCache.Entry entry = cache.fetch("model", ArtifactRef.of("b", "m/a/"))) {
            assertFalse(before.equals(entry.sha256()));
        }
    }
}
