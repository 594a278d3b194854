package engram.knowledge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The records of a JSONL file, one JSON object per line, read line by line. A blank line, a line that is
 * not one JSON object, duplicate keys or bytes that are not UTF-8 throw {@link InvalidItemException} naming the
 * file and line.
 */
final class JsonLinesFile implements Records {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final BufferedReader lines;
    private String line;
    private int number;

    JsonLinesFile(Path file) {
        this.file = file;
        try {
            this.lines = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        try {
            advance();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        return line != null;
    }

    @Override
    public JsonRecord next() {
        if (line == null) {
            throw new NoSuchElementException(file + " has no more records");
        }
        String where = file + ":" + number;
        if (line.isBlank()) {
            throw new InvalidItemException(where, "blank line");
        }
        JsonRecord record;
        try {
            record = JsonRecord.of(JSON.readTree(line), where);
        } catch (JsonProcessingException e) {
            throw new InvalidItemException(where, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        advance();
        return record;
    }

    @Override
    public void close() {
        try {
            lines.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private void advance() {
        try {
            line = lines.readLine();
            number++;
        } catch (CharacterCodingException e) {
            throw new InvalidItemException(file + ":" + (number + 1), "not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
