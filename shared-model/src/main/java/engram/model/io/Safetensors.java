package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file read through memory maps, and the writer for such files. The format is an 8-byte
 * little-endian header length N, N bytes of JSON ({@code {"__metadata__": {...}, name: {"dtype", "shape",
 * "data_offsets": [begin, end]}}}, offsets relative to byte 8 + N), then the raw little-endian data.
 *
 * <p>Files of any size open: each tensor's range is mapped on its own. A single tensor of 2 GiB or more is
 * refused when loaded, with an error naming it. F32, F16, BF16 and F64 tensors load as float32; integer
 * and 8-bit float tensors are listed by {@link #names()} and {@link #info} but refused by {@link #load}.
 * The header is checked as the reference implementation does: every offset lies in the file, matches
 * dtype size × shape, and the tensors cover the data section without holes or overlaps.
 */
public final class Safetensors implements TensorSource {

    /** The reference implementation's cap on header size. */
    private static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA_KEY = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final MappedTensors tensors;
    private final Map<String, String> metadata;

    private Safetensors(MappedTensors tensors, Map<String, String> metadata) {
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and checks the header of {@code file}; the data is read only by {@link #load}.
     *
     * @throws IllegalArgumentException naming the file (and the key) when the header is malformed
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static Safetensors open(Path file) {
        FileChannel channel = MappedTensors.openChannel(file);
        try {
            long fileSize = MappedTensors.size(file, channel);
            if (fileSize < 8) {
                throw new IllegalArgumentException(file + ": " + fileSize + " bytes cannot hold a safetensors header");
            }
            long headerLength = MappedTensors.readFully(file, channel, 0, 8).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
                throw new IllegalArgumentException(file + ": header length " + Long.toUnsignedString(headerLength)
                        + " does not fit a file of " + fileSize + " bytes (at most " + MAX_HEADER_BYTES + ")");
            }
            JsonNode header = parse(file, MappedTensors.readFully(file, channel, 8, (int) headerLength));
            long dataStart = 8 + headerLength;
            Map<String, MappedTensors.Region> regions = regions(file, header, dataStart, fileSize - dataStart);
            return new Safetensors(MappedTensors.of(file, channel, regions), metadata(file, header));
        } catch (RuntimeException e) {
            MappedTensors.closeAfter(e, channel);
            throw e;
        }
    }

    /**
     * Writes {@code tensors} in iteration order, converted to {@code dtype} (F32, F16 or BF16), with
     * {@code metadata} as {@code __metadata__}. The file appears whole or not at all: it is written next to
     * its final name and moved into place. The caller keeps ownership of the arrays.
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata, Dtype dtype)
            throws IOException {
        SafetensorsWriter.write(file, tensors, metadata, dtype);
    }

    /** Writes every tensor of {@code source}, loading one at a time, so a model never sits whole on the heap. */
    public static void write(Path file, TensorSource source, Map<String, String> metadata, Dtype dtype)
            throws IOException {
        SafetensorsWriter.write(file, source, metadata, dtype);
    }

    /** The file's {@code __metadata__} (empty when it has none), e.g. {@code {"format": "pt"}}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The file this source reads. */
    public Path file() {
        return tensors.file();
    }

    @Override
    public Set<String> names() {
        return tensors.names();
    }

    @Override
    public TensorInfo info(String name) {
        return tensors.info(name);
    }

    @Override
    public NDArray load(String name, NDManager manager) {
        return tensors.load(name, manager);
    }

    @Override
    public void close() {
        tensors.close();
    }

    private static JsonNode parse(Path file, ByteBuffer header) {
        JsonNode json;
        try {
            json = JSON.readTree(header.array());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(file + ": header must be a JSON object");
        }
        return json;
    }

    private static Map<String, String> metadata(Path file, JsonNode header) {
        JsonNode node = header.get(METADATA_KEY);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(file + ": '" + METADATA_KEY + "' must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new IllegalArgumentException(file + ": metadata '" + entry.getKey() + "' must be a string, got "
                        + entry.getValue());
            }
            out.put(entry.getKey(), entry.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, MappedTensors.Region> regions(Path file, JsonNode header, long dataStart,
                                                             long dataSize) {
        Map<String, MappedTensors.Region> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : header.properties()) {
            if (!entry.getKey().equals(METADATA_KEY)) {
                out.put(entry.getKey(), region(file, entry.getKey(), entry.getValue(), dataStart, dataSize));
            }
        }
        requireContiguous(file, out.values(), dataStart, dataSize);
        return out;
    }

    private static MappedTensors.Region region(Path file, String key, JsonNode entry, long dataStart, long dataSize) {
        String where = file + ": tensor '" + key + "'";
        if (!entry.isObject() || !entry.path("dtype").isTextual()) {
            throw new IllegalArgumentException(where + " must be an object with a string 'dtype', got " + entry);
        }
        Dtype dtype;
        try {
            dtype = Dtype.of(entry.get("dtype").textValue(), key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        long[] dims = longs(where, "shape", entry.get("shape"), -1);
        long[] offsets = longs(where, "data_offsets", entry.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin || end > dataSize) {
            throw new IllegalArgumentException(where + ": data_offsets [" + begin + ", " + end
                    + "] lie outside the data section of " + dataSize + " bytes");
        }
        long needed = dtype.bytes();
        try {
            for (long dim : dims) {
                needed = Math.multiplyExact(needed, dim);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(where + ": shape " + new Shape(dims) + " overflows a long", e);
        }
        if (end - begin != needed) {
            throw new IllegalArgumentException(where + ": data_offsets [" + begin + ", " + end + "] hold "
                    + (end - begin) + " bytes but " + dtype + " " + new Shape(dims) + " needs " + needed);
        }
        return new MappedTensors.Region(new TensorInfo(key, dtype.name(), new Shape(dims)), dtype,
                dataStart + begin, end - begin);
    }

    /** Non-negative integers in a JSON array, of {@code length} elements unless it is -1. */
    private static long[] longs(String where, String field, JsonNode node, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers") + ", got " + node);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw new IllegalArgumentException(where + ": '" + field + "' must hold non-negative integers, got "
                        + node);
            }
            out[i] = value.longValue();
        }
        return out;
    }

    private static void requireContiguous(Path file, Iterable<MappedTensors.Region> regions, long dataStart,
                                          long dataSize) {
        List<MappedTensors.Region> sorted = new ArrayList<>();
        regions.forEach(sorted::add);
        sorted.sort(Comparator.comparingLong(MappedTensors.Region::offset)
                .thenComparingLong(MappedTensors.Region::length));
        long cursor = 0;
        for (MappedTensors.Region region : sorted) {
            long begin = region.offset() - dataStart;
            if (begin != cursor) {
                throw new IllegalArgumentException(file + ": tensor '" + region.info().name() + "' starts at data byte "
                        + begin + " but the tensor before it ends at " + cursor + " (holes and overlaps are invalid)");
            }
            cursor = begin + region.length();
        }
        if (cursor != dataSize) {
            throw new IllegalArgumentException(file + ": tensors cover " + cursor + " bytes of a data section of "
                    + dataSize + " bytes");
        }
    }
}
