package engram.report;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The software versions behind an output: engram, DJL, the PyTorch native library and Java.
 *
 * @param engram engram's version from the build ({@code "dev"} when run from unbuilt sources)
 * @param djl DJL's version
 * @param pytorch version of the PyTorch native library the engine actually loaded
 * @param java the Java runtime's {@code java.version}
 */
public record Versions(String engram, String djl, String pytorch, String java) {

    private static final String VERSION_RESOURCE = "/engram/report/engram-version.properties";

    /**
     * Versions of the running process, computed once. The PyTorch version is read from the engine, so
     * the first call starts DJL's PyTorch engine (loads the native library, about half a second);
     * code that must not start it (a test of report rendering) builds a {@code Versions} by hand.
     */
    public static Versions detect() {
        return Detected.VERSIONS;
    }

    /** engram's version as written into the jar at build time, or {@code "dev"} when the resource is absent. */
    public static String engramVersion() {
        try (InputStream in = Versions.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "dev";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            // an unfiltered copy (an IDE that skips Maven resource filtering) still says ${project.version}
            return version.isEmpty() || version.contains("${") ? "dev" : version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + VERSION_RESOURCE, e);
        }
    }

    /** Holder idiom: the engine starts on the first {@link #detect()}, not when this class loads. */
    private static final class Detected {
        static final Versions VERSIONS = new Versions(engramVersion(), Engine.getDjlVersion(),
                Engine.getEngine("PyTorch").getVersion(), System.getProperty("java.version"));
    }
}
