package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A safetensors element type: its size on disk and, for the floating-point ones, how its little-endian
 * bytes become float32 and back.
 *
 * <p>BF16 is converted in Java, not by PyTorch: with DJL 0.35.1's PyTorch engine, creating a
 * {@code DataType.BFLOAT16} array from a buffer, or converting to BFLOAT16 and reading its bytes, aborts the
 * JVM ("terminate called without an active exception").
 * F16 and F64 go through PyTorch, which rounds and handles subnormals correctly.
 */
public enum Dtype {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes one element takes on disk. */
    public int bytes() {
        return bytes;
    }

    /**
     * The dtype a safetensors header spells {@code name}.
     *
     * @throws IllegalArgumentException naming {@code key} (the tensor) when the dtype is unknown
     */
    public static Dtype of(String name, String key) {
        for (Dtype dtype : values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        throw new IllegalArgumentException("tensor '" + key + "': unknown dtype '" + name + "'");
    }

    /** Whether {@link #toFloat32} accepts this dtype. Integer and 8-bit float tensors are refused. */
    public boolean isFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /**
     * Creates a float32 array in {@code manager} from a heap copy of a tensor's bytes. The buffer must
     * not be a mapped file region: PyTorch may keep pointing at the memory it is given.
     */
    NDArray toFloat32(ByteBuffer bytes, Shape shape, NDManager manager) {
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F32:
                return manager.create(bytes, shape, DataType.FLOAT32);
            case BF16:
                return manager.create(bf16ToF32(bytes), shape, DataType.FLOAT32);
            case F16:
            case F64:
                try (NDArray raw = manager.create(bytes, shape, this == F16 ? DataType.FLOAT16 : DataType.FLOAT64)) {
                    return raw.toType(DataType.FLOAT32, true);
                }
            default:
                throw new IllegalArgumentException("dtype " + this + " cannot be read as float32");
        }
    }

    /** Little-endian bytes of {@code array} in this dtype (F32, F16 or BF16), read position 0. */
    ByteBuffer encode(NDArray array) {
        if (this != F32 && this != F16 && this != BF16) {
            throw new IllegalArgumentException("cannot write dtype " + this + "; use F32, F16 or BF16");
        }
        DataType target = this == F16 ? DataType.FLOAT16 : DataType.FLOAT32;
        if (array.getDataType() == target) {
            return bf16IfNeeded(array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        }
        try (NDArray converted = array.toType(target, true)) {
            return bf16IfNeeded(converted.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    private ByteBuffer bf16IfNeeded(ByteBuffer f32OrF16) {
        return this == BF16 ? f32ToBf16(f32OrF16) : f32OrF16;
    }

    /** bf16 is the high half of a float32, so widening is a 16-bit shift. */
    static ByteBuffer bf16ToF32(ByteBuffer bf16) {
        ByteBuffer out = ByteBuffer.allocate(bf16.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (bf16.hasRemaining()) {
            out.putInt((bf16.getShort() & 0xFFFF) << 16);
        }
        return out.flip();
    }

    /** Narrows float32 to bf16 with round-to-nearest-even, as PyTorch does; NaN stays a quiet NaN. */
    static ByteBuffer f32ToBf16(ByteBuffer f32) {
        ByteBuffer out = ByteBuffer.allocate(f32.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (f32.hasRemaining()) {
            int bits = f32.getInt();
            if ((bits & 0x7FFFFFFF) > 0x7F800000) {
                out.putShort((short) ((bits >>> 16) | 0x0040));
            } else {
                int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
                out.putShort((short) ((bits + roundingBias) >>> 16));
            }
        }
        return out.flip();
    }
}
