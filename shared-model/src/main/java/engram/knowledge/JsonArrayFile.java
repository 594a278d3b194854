package engram.knowledge;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The records of a file holding a JSON array of objects, read element by element with Jackson's streaming
 * parser: only the current record is ever a tree. With {@code concatenated}, the file may hold several
 * top-level arrays one after the other (TOFU's {@code full.json} has one per line), read as one sequence.
 * Anything else at the top level, a non-object element, malformed JSON or duplicate keys throw
 * {@link InvalidItemException} naming the file and line.
 */
final class JsonArrayFile implements Records {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path file;
    private final boolean concatenated;
    private final JsonParser parser;
    private JsonToken token;   // the parser's current token: START_OBJECT of the next record, or where we stopped

    JsonArrayFile(Path file, boolean concatenated) {
        this.file = file;
        this.concatenated = concatenated;
        try {
            this.parser = JSON.createParser(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        try {
            expectArrayStart(advance());
            token = advance();
            skipArrayBoundaries();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        return token != null;
    }

    @Override
    public JsonRecord next() {
        if (token == null) {
            throw new NoSuchElementException(file + " has no more records");
        }
        String where = where();
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidItemException(where, "record", token + " instead of an object");
        }
        JsonNode node;
        try {
            node = parser.readValueAsTree();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        token = advance();
        skipArrayBoundaries();
        return JsonRecord.of(node, where);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    /** Steps over the end of an array, and, when concatenated, into the next one; null at the end of input. */
    private void skipArrayBoundaries() {
        while (token == JsonToken.END_ARRAY) {
            JsonToken after = advance();
            if (after == null) {
                token = null;
                return;
            }
            if (!concatenated) {
                throw new InvalidItemException(where(), "unexpected " + after + " after the top-level array");
            }
            expectArrayStart(after);
            token = advance();
        }
        if (token == null) {
            throw new InvalidItemException(where(), "the top-level array is not closed");
        }
    }

    private void expectArrayStart(JsonToken found) {
        if (found != JsonToken.START_ARRAY) {
            throw new InvalidItemException(where(), "the top level must be a JSON array of objects, found "
                    + (found == null ? "no content" : found));
        }
    }

    private JsonToken advance() {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private InvalidItemException malformed(JsonProcessingException e) {
        int line = e.getLocation() == null ? parser.currentLocation().getLineNr() : e.getLocation().getLineNr();
        return new InvalidItemException(file + ":" + line, "malformed JSON: " + e.getOriginalMessage(), e);
    }

    private String where() {
        return file + ":" + parser.currentTokenLocation().getLineNr();
    }
}
