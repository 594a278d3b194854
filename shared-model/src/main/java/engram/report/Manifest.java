package engram.report;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What produced an output: every engram output carries one, so a number in a report can be traced
 * back to the model bytes, the adapter, the settings and the software that made it.
 *
 * <p>There is deliberately no creation time. The workflow retries a failed step with the same request,
 * and the retry must write the same bytes as the first attempt; a time stamp would make every attempt
 * different. When an output was written is the storage's business (object metadata), not the manifest's.
 *
 * <p>Maps are kept sorted by key, so equal manifests serialise to equal JSON.
 *
 * @param operation what ran, in kebab-case ({@code "apply-edit"}, {@code "evaluate"})
 * @param runId the workflow run this output belongs to
 * @param modelHash {@link Hashes#sha256(Path)} of the base model file or folder
 * @param adapterHash {@link Hashes#sha256(Path)} of the adapter, or {@code null} when none was used
 * @param parameters the request's settings as text (rank, learning rate, step count, ...)
 * @param seeds every random seed used, by purpose ({@code "data"}, {@code "init"})
 * @param versions the software versions, see {@link Versions#detect()}
 */
public record Manifest(String operation, String runId, String modelHash, String adapterHash,
        SortedMap<String, String> parameters, SortedMap<String, Long> seeds, Versions versions) {

    /** Copies both maps into sorted, unmodifiable ones; {@code null} maps become empty. Never throws. */
    public Manifest {
        parameters = sorted(parameters);
        seeds = sorted(seeds);
    }

    /**
     * A manifest whose hashes are computed from the files on disk.
     *
     * @param adapter the adapter file or folder, or {@code null} when the operation used the base model alone
     */
    public static Manifest of(String operation, String runId, Path model, Path adapter, Settings settings) {
        return new Manifest(operation, runId, Hashes.sha256(model), adapter == null ? null : Hashes.sha256(adapter),
                sorted(settings.parameters()), sorted(settings.seeds()), settings.versions());
    }

    /**
     * The non-file half of a manifest, grouped so that {@link #of} stays short.
     *
     * @param parameters the request's settings as text
     * @param seeds every random seed used, by purpose
     * @param versions the software versions
     */
    public record Settings(Map<String, String> parameters, Map<String, Long> seeds, Versions versions) {}

    private static <V> SortedMap<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(map == null ? new TreeMap<>() : new TreeMap<>(map));
    }
}
