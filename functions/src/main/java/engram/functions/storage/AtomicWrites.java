package engram.functions.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Small helper for {@link engram.model.io.AtomicFiles} bodies. */
final class AtomicWrites {
    private AtomicWrites() {}

    /** Writes every remaining byte of {@code data}. */
    static void writeFully(FileChannel out, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            out.write(data);
        }
    }
}
