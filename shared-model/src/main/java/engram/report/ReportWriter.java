package engram.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an {@link EvalReport} as {@code report.json} (the data, for programs) and {@code report.html}
 * (the same data as tables and charts, for people) into a folder.
 *
 * <p>Both files are rendered in memory first, then written to temporary files in the target folder and
 * moved into place atomically, {@code report.json} before {@code report.html}. A failure therefore never
 * leaves a half-written file behind, and the same report always gives the same bytes, so a retried step
 * overwrites its output with identical content.
 *
 * <p>JSON conventions: snake_case keys, keys in record order, maps in insertion order (manifest maps
 * sorted), two-space indentation with {@code \n} line ends, and NaN or infinite numbers written as
 * {@code null} (JSON has no NaN; {@code null} reads back as NaN).
 */
public final class ReportWriter {

    /** File name of the data file. */
    public static final String JSON_FILE = "report.json";

    /** File name of the page. */
    public static final String HTML_FILE = "report.html";

    /** Default number of per-item rows shown in the page; report.json always has all of them. */
    public static final int DEFAULT_ITEM_ROWS = 50;

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule("engram-report").addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(double.class, new FiniteOrNull()));

    private final ReportHtml html;

    /** A writer that shows the first {@value #DEFAULT_ITEM_ROWS} per-item rows in the page. */
    public ReportWriter() {
        this(DEFAULT_ITEM_ROWS);
    }

    /** A writer that shows at most {@code maxItemRows} per-item rows in the page, and counts the rest. */
    public ReportWriter(int maxItemRows) {
        if (maxItemRows < 0) {
            throw new IllegalArgumentException("maxItemRows must be >= 0, got " + maxItemRows);
        }
        this.html = new ReportHtml(maxItemRows);
    }

    /**
     * Validates the report and writes {@code report.json} and {@code report.html} into {@code folder},
     * creating it if needed and replacing earlier reports there.
     *
     * @return the folder
     * @throws IllegalArgumentException if {@link EvalReport#validate()} rejects the report (nothing is written)
     * @throws UncheckedIOException if a file cannot be written (no temporary file is left behind)
     */
    public Path write(EvalReport report, Path folder) {
        report.validate();
        byte[] json = toJson(report).getBytes(StandardCharsets.UTF_8);
        byte[] page = html.render(report).getBytes(StandardCharsets.UTF_8);
        Path jsonTemp = null;
        Path pageTemp = null;
        try {
            Files.createDirectories(folder);
            // fixed names rather than createTempFile: that one makes owner-only (0600) files, and a
            // leftover from a killed attempt is simply overwritten by the retry
            jsonTemp = Files.write(folder.resolve("." + JSON_FILE + ".tmp"), json);
            pageTemp = Files.write(folder.resolve("." + HTML_FILE + ".tmp"), page);
            Files.move(jsonTemp, folder.resolve(JSON_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Files.move(pageTemp, folder.resolve(HTML_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + folder, e);
        } finally {
            deleteQuietly(jsonTemp);
            deleteQuietly(pageTemp);
        }
    }

    /** The exact text written to {@code report.json}, ending with a line break. */
    public static String toJson(EvalReport report) {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(pretty).writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise report '" + report.title() + "'", e);
        }
    }

    /**
     * Reads a {@code report.json} back; {@code null} numbers become NaN.
     *
     * @throws UncheckedIOException if the file cannot be read or is not a report
     */
    public static EvalReport read(Path reportJson) {
        try {
            return JSON.readValue(reportJson.toFile(), EvalReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report " + reportJson, e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp); // after a successful move the temporary name is already gone
        } catch (IOException e) {
            // the original failure (if any) matters more than a leftover temporary file
        }
    }

    /** JSON has no NaN or infinity; writing null keeps the file standard and charts show a gap. */
    private static final class FiniteOrNull extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                gen.writeNumber(value);
            } else {
                gen.writeNull();
            }
        }
    }
}
