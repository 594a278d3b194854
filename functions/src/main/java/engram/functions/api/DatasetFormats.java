package engram.functions.api;

import engram.functions.errors.InvalidRequestException;
import engram.knowledge.Format;

/** The dataset formats a request may name: every single-file format of {@link Format}. */
final class DatasetFormats {
    private DatasetFormats() {}

    /** The format to read with: engram's JSONL by default; ParaRel (a folder of files) is refused. */
    static Format orDefault(Format format) {
        if (format == Format.PARAREL) {
            throw new InvalidRequestException("format", format, "ParaRel is a folder of files; convert it to ENGRAM_JSONL");
        }
        return format == null ? Format.ENGRAM_JSONL : format;
    }
}
