package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named byte ranges of one file, each mapped on its own when read, so files of any size work while no
 * single tensor may reach 2 GiB (a Java buffer and a DJL array are created from it). Each read maps the
 * range, copies it to the heap and lets the mapping go: no NDArray ever points into mapped memory.
 */
final class MappedTensors implements AutoCloseable {

    /** Largest tensor a heap buffer can hold. */
    static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;

    /** Where one tensor lies: {@code offset} is absolute in the file. */
    record Region(TensorInfo info, Dtype dtype, long offset, long length) {}

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Region> regions;

    private MappedTensors(Path file, FileChannel channel, Map<String, Region> regions) {
        this.file = file;
        this.channel = channel;
        this.regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
    }

    /** Opens {@code file} for reading; the caller closes the channel, or hands it to {@link #of}. */
    static FileChannel openChannel(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e, e);
        }
    }

    /** Takes ownership of {@code channel}; every region must already be checked against the file size. */
    static MappedTensors of(Path file, FileChannel channel, Map<String, Region> regions) {
        return new MappedTensors(file, channel, regions);
    }

    /** Closes a channel that a failed open leaves behind, keeping {@code failure} as the error to report. */
    static void closeAfter(RuntimeException failure, FileChannel channel) {
        try {
            channel.close();
        } catch (IOException closing) {
            failure.addSuppressed(closing);
        }
    }

    /** Size of {@code file} in bytes. */
    static long size(Path file, FileChannel channel) {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + e, e);
        }
    }

    /** Reads exactly {@code length} bytes at {@code position} into a little-endian heap buffer. */
    static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) {
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (out.hasRemaining()) {
                if (channel.read(out, position + out.position()) < 0) {
                    throw new IllegalArgumentException(file + ": file ends before byte " + (position + length));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
        return out.flip();
    }

    Path file() {
        return file;
    }

    Set<String> names() {
        return regions.keySet();
    }

    Region region(String name) {
        Region region = regions.get(name);
        if (region == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file);
        }
        return region;
    }

    TensorInfo info(String name) {
        return region(name).info();
    }

    /** A little-endian heap copy of one tensor's bytes. */
    ByteBuffer bytes(String name) {
        Region region = region(name);
        if (region.length() > MAX_TENSOR_BYTES) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + file + " is " + region.length()
                    + " bytes; tensors of 2 GiB or more cannot be loaded");
        }
        ByteBuffer copy = ByteBuffer.allocate((int) region.length()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            copy.put(channel.map(FileChannel.MapMode.READ_ONLY, region.offset(), region.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map tensor '" + name + "' in " + file + ": " + e, e);
        }
        return copy.flip();
    }

    /** Reads one tensor as float32 into {@code manager}; the caller owns the result. */
    NDArray load(String name, NDManager manager) {
        Region region = region(name);
        if (!region.dtype().isFloat()) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + file + " has dtype " + region.dtype()
                    + "; only F32, F16, BF16 and F64 tensors load as float32");
        }
        return region.dtype().toFloat32(bytes(name), region.info().shape(), manager);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e, e);
        }
    }
}
