package engram.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/native/malloc-preload.sh}, sourced by every launch script: it adds the first tcmalloc it finds
 * to {@code LD_PRELOAD}, keeps what was there, never adds it twice, and does nothing when told not to or when
 * none is installed. Runs bash on the real script with candidate paths of the test's own.
 */
class MallocPreloadScriptTest {
    private static final Path SCRIPT = Path.of("..", "scripts", "native", "malloc-preload.sh").toAbsolutePath();

    @TempDir Path folder;

    @Test
    void preloadsTheFirstInstalledCandidateAfterWhatIsAlreadyPreloaded() throws Exception {
        Path missing = folder.resolve("absent/libtcmalloc_minimal.so.4");
        Path installed = Files.createFile(folder.resolve("libtcmalloc_minimal.so.4"));
        Path second = Files.createFile(folder.resolve("other-libtcmalloc_minimal.so.4"));
        String candidates = missing + " " + installed + " " + second;
        assertEquals("/opt/shim.so:" + installed, preload(Map.of("ENGRAM_TCMALLOC_CANDIDATES", candidates,
                "LD_PRELOAD", "/opt/shim.so"), 1));
        assertEquals(installed.toString(), preload(Map.of("ENGRAM_TCMALLOC_CANDIDATES", candidates), 2),
                "sourced twice, added once");
    }

    @Test
    void changesNothingWhenTurnedOffOrWhenNoneIsInstalled() throws Exception {
        Path installed = Files.createFile(folder.resolve("libtcmalloc_minimal.so.4"));
        assertEquals("/opt/shim.so", preload(Map.of("ENGRAM_TCMALLOC_CANDIDATES", installed.toString(),
                "ENGRAM_TCMALLOC", "0", "LD_PRELOAD", "/opt/shim.so"), 1));
        assertEquals("", preload(Map.of("ENGRAM_TCMALLOC_CANDIDATES", folder.resolve("none.so").toString()), 1));
    }

    /**
     * LD_PRELOAD after sourcing the script and calling its function {@code times} times. An {@code LD_PRELOAD} in
     * {@code environment} is set inside the shell (as a launch script's earlier preload would be), not for bash
     * itself, whose loader would try to preload it; the shell runs only builtins after that.
     */
    private static String preload(Map<String, String> environment, int times) throws IOException, InterruptedException {
        String calls = "engram_malloc_preload; ".repeat(times);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "source \"$0\"; "
                + "if [[ -n \"${START:-}\" ]]; then export LD_PRELOAD=\"$START\"; fi; "
                + calls + "printf %s \"${LD_PRELOAD:-}\"", SCRIPT.toString());
        builder.environment().remove("LD_PRELOAD");
        builder.environment().remove("ENGRAM_TCMALLOC");
        environment.forEach((name, value) -> builder.environment().put(name.equals("LD_PRELOAD") ? "START" : name, value));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), err);
        return out;
    }
}
