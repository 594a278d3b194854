package engram.knowledge;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The one entry point for reading knowledge datasets as {@link KnowledgeItem}s:
 * {@code try (ItemReader items = Datasets.open(path, Format.COUNTERFACT)) { items.stream()... }}. Files are
 * streamed record by record, never read whole into a tree, and read strictly: a record that is missing a
 * required field, has it with the wrong type or blank, malformed JSON, or a top level of the wrong kind throw
 * {@link InvalidItemException} naming the file, the line the record starts on and the field. Fields a
 * format does not use are ignored.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Opens a dataset for reading; close the reader when done.
     *
     * @param path   the dataset file, or for {@link Format#PARAREL} the folder holding {@code trex_lms_vocab}
     *               and {@code graphs_json}
     * @param format how to read it; each constant documents its mapping to {@link KnowledgeItem}
     * @throws UncheckedIOException         when the path cannot be opened
     * @throws InvalidItemException         when the file does not start the way the format requires
     */
    public static ItemReader open(Path path, Format format) {
        if (format == Format.PARAREL ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
            throw new UncheckedIOException(new FileNotFoundException(
                    "no " + format + (format == Format.PARAREL ? " folder at " : " file at ") + path));
        }
        return switch (format) {
            case COUNTERFACT -> CounterFact.open(path);
            case ZSRE -> Zsre.open(path);
            case MQUAKE -> MQuAKE.open(path);
            case TOFU -> Tofu.open(path);
            case PARAREL -> ParaRel.open(path);
            case KNOWN_1000 -> Known1000.open(path);
            case ENGRAM_JSONL -> EngramJsonl.open(path);
        };
    }

    /**
     * TOFU's refusal answers ({@code idontknow.jsonl}: plain text despite its name, one refusal per line), each
     * exactly as written, without a leading space; prepend {@code " "} to use one as a target.
     *
     * @throws InvalidItemException naming the file and line of a blank line
     */
    public static List<String> tofuRefusals(Path file) {
        return Tofu.refusals(file);
    }
}
