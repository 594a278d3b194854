package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes safetensors files whole or not at all; see {@link Safetensors#write}. */
final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Produces the little-endian bytes of one tensor, already in the output dtype. */
    @FunctionalInterface
    private interface Encoder {
        ByteBuffer bytes(String name);
    }

    private SafetensorsWriter() {}

    static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata, Dtype dtype)
            throws IOException {
        List<TensorInfo> infos = tensors.entrySet().stream()
                .map(e -> new TensorInfo(e.getKey(), dtype.name(), e.getValue().getShape()))
                .toList();
        write(file, infos, metadata, dtype, name -> dtype.encode(tensors.get(name)));
    }

    static void write(Path file, TensorSource source, Map<String, String> metadata, Dtype dtype) throws IOException {
        List<TensorInfo> infos = source.names().stream()
                .map(name -> new TensorInfo(name, dtype.name(), source.info(name).shape()))
                .toList();
        try (NDManager manager = NDManager.newBaseManager()) {
            write(file, infos, metadata, dtype, name -> {
                try (NDManager scope = manager.newSubManager()) {
                    return dtype.encode(source.load(name, scope)); // a heap copy: outlives the scope
                }
            });
        }
    }

    private static void write(Path file, List<TensorInfo> infos, Map<String, String> metadata, Dtype dtype,
                              Encoder encoder) throws IOException {
        if (dtype != Dtype.F32 && dtype != Dtype.F16 && dtype != Dtype.BF16) {
            throw new IllegalArgumentException("cannot write " + file + " as " + dtype + "; use F32, F16 or BF16");
        }
        ByteBuffer header = header(file, infos, metadata, dtype);
        AtomicFiles.write(file, out -> {
            writeFully(out, header);
            for (TensorInfo info : infos) {
                ByteBuffer data = encoder.bytes(info.name());
                long expected = byteSize(info.shape(), dtype);
                if (data.remaining() != expected) {
                    throw new IllegalStateException("tensor '" + info.name() + "' encoded to " + data.remaining()
                            + " bytes, expected " + expected);
                }
                writeFully(out, data);
            }
        });
    }

    /** The length prefix and the JSON header, padded with spaces so the data starts 8-byte aligned. */
    private static ByteBuffer header(Path file, List<TensorInfo> infos, Map<String, String> metadata, Dtype dtype) {
        ObjectNode json = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = json.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (TensorInfo info : infos) {
            if (info.name().equals("__metadata__") || json.has(info.name())) {
                throw new IllegalArgumentException("cannot write " + file + ": tensor name '" + info.name()
                        + "' is reserved or repeated");
            }
            long end = offset + byteSize(info.shape(), dtype);
            ObjectNode entry = json.putObject(info.name());
            entry.put("dtype", dtype.name());
            var shape = entry.putArray("shape");
            for (long dim : info.shape().getShape()) {
                shape.add(dim);
            }
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] text = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(text);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.flip();
    }

    static long byteSize(Shape shape, Dtype dtype) {
        return Math.multiplyExact(shape.size(), (long) dtype.bytes());
    }

    static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        AtomicFiles.writeFully(out, data);
    }
}
