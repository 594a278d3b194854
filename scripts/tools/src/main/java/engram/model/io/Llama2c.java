package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.Architecture;
import engram.model.ModelConfig;
import engram.model.WeightNames;
import engram.model.WeightNames.LlamaLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads karpathy/llama2.c fp32 checkpoints, the legacy {@code .bin} of {@code run.c} and the version 1
 * export of {@code export.py}, as a Hugging Face Llama model. The weights stay in the file: each tensor is
 * a contiguous range, read when loaded. q and k rows are permuted on load from llama2.c's interleaved RoPE
 * pairs to Hugging Face's rotate-half layout, as {@code convert_llama_weights_to_hf.py} does.
 */
public final class Llama2c {

    /** "ak42" read as a little-endian uint32: the first word of an {@code export.py} versioned file. */
    static final int MAGIC = 0x616b3432;
    private static final int LEGACY_HEADER_BYTES = 7 * Integer.BYTES;
    private static final int V1_HEADER_BYTES = 256;
    private static final float ROPE_THETA = 10000f;
    private static final float RMS_EPSILON = 1e-5f;

    private Llama2c() {}

    /** The seven llama2.c dimensions, the classifier flag and where the weights start. */
    private record Header(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocab, int seqLen,
                          boolean sharedClassifier, boolean legacy) {}

    /**
     * Reads a legacy or version 1 checkpoint, told apart by the magic number. The caller closes the model.
     *
     * @throws IllegalArgumentException naming the file and the field on a bad header, an unsupported version
     *                                  or a size that does not match the dimensions
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static Llama2cModel read(Path bin) {
        FileChannel channel = MappedTensors.openChannel(bin);
        try {
            long size = MappedTensors.size(bin, channel);
            int headerBytes = (int) Math.min(size, V1_HEADER_BYTES);
            Header header = header(bin, MappedTensors.readFully(bin, channel, 0, headerBytes));
            ModelConfig config = config(bin, header);
            long expected = expectedSize(bin, header);
            if (expected != size) {
                throw new IllegalArgumentException(bin + ": " + size + " bytes, but a llama2.c "
                        + (header.legacy() ? "legacy" : "version 1") + " file with these dimensions has " + expected);
            }
            Layout layout = header.legacy() ? legacy(config, header) : version1(config, header);
            if (layout.offset != size) {
                throw new IllegalStateException(bin + ": layout ends at " + layout.offset + ", expected " + size);
            }
            return new Llama2cModel(config, new Weights(MappedTensors.of(bin, channel, layout.regions),
                    layout.ropeHeads));
        } catch (RuntimeException e) {
            MappedTensors.closeAfter(e, channel);
            throw e;
        }
    }

    private static Header header(Path bin, ByteBuffer bytes) {
        if (bytes.remaining() < 28) {
            throw new IllegalArgumentException(bin + ": " + bytes.remaining()
                    + " bytes cannot hold a llama2.c header");
        }
        boolean legacy = bytes.getInt(0) != MAGIC;
        if (!legacy) {
            if (bytes.remaining() < V1_HEADER_BYTES) {
                throw new IllegalArgumentException(bin + ": versioned llama2.c header is cut short");
            }
            int version = bytes.getInt(4);
            if (version != 1) {
                throw new IllegalArgumentException(bin + ": llama2.c export version " + version
                        + " is not supported (only 1, fp32, and the legacy format)");
            }
        }
        bytes.position(legacy ? 0 : 8);
        int dim = bytes.getInt();
        int hidden = bytes.getInt();
        int layers = bytes.getInt();
        int heads = bytes.getInt();
        int kvHeads = bytes.getInt();
        int vocab = bytes.getInt();
        int seqLen = bytes.getInt();
        // legacy: a negative vocab_size means an unshared classifier follows; version 1 has a flag byte
        boolean shared = legacy ? vocab > 0 : bytes.get() != 0;
        return new Header(dim, hidden, layers, heads, kvHeads, Math.abs(vocab), seqLen, shared, legacy);
    }

    private static ModelConfig config(Path bin, Header h) {
        String[] fields = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
        int[] values = {h.dim(), h.hiddenDim(), h.layers(), h.heads(), h.kvHeads(), h.vocab(), h.seqLen()};
        for (int i = 0; i < fields.length; i++) {
            if (values[i] <= 0) {
                throw new IllegalArgumentException(bin + ": '" + fields[i] + "' must be > 0, got " + values[i]);
            }
        }
        if (h.dim() % h.heads() != 0 || (h.dim() / h.heads()) % 2 != 0 || h.heads() % h.kvHeads() != 0) {
            throw new IllegalArgumentException(bin + ": 'dim' " + h.dim() + ", 'n_heads' " + h.heads()
                    + " and 'n_kv_heads' " + h.kvHeads() + " do not give an even head size shared by whole groups");
        }
        ModelConfig config = new ModelConfig(Architecture.LLAMA, "LlamaForCausalLM", h.vocab(), h.dim(),
                h.hiddenDim(), h.layers(), h.heads(), h.kvHeads(), h.dim() / h.heads(), h.seqLen(), ROPE_THETA,
                RMS_EPSILON, h.sharedClassifier(), false, 1, 2);
        config.validate();
        return config;
    }

    /** The file size the header implies, checked before any tensor is listed (a wrong file fails fast). */
    private static long expectedSize(Path bin, Header h) {
        long dim = h.dim();
        long kv = (long) h.kvHeads() * (h.dim() / h.heads());
        try {
            long perLayer = Math.addExact(Math.multiplyExact(2 * dim, dim + kv),
                    Math.multiplyExact(3 * dim, h.hiddenDim()));
            long floats = Math.addExact(Math.multiplyExact(h.layers(), perLayer + 2 * dim), dim);
            floats = Math.addExact(floats, Math.multiplyExact(h.sharedClassifier() ? 1L : 2L, h.vocab() * dim));
            if (h.legacy()) {
                floats = Math.addExact(floats, (long) h.seqLen() * (h.dim() / h.heads())); // freq_cis real + imag
            }
            return Math.addExact(Math.multiplyExact(floats, Float.BYTES),
                    h.legacy() ? LEGACY_HEADER_BYTES : V1_HEADER_BYTES);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(bin + ": the header's dimensions overflow a file size", e);
        }
    }

    /** {@code run.c memory_map_weights}: each kind of weight for all layers, then the unused RoPE tables. */
    private static Layout legacy(ModelConfig c, Header h) {
        Layout layout = new Layout(c, LEGACY_HEADER_BYTES);
        int dim = c.hiddenSize();
        int kv = c.numberOfKvHeads() * c.headSize();
        int hidden = c.intermediateSize();
        layout.add(WeightNames.embedding(c), c.vocabSize(), dim);
        layout.perLayer(LlamaLayer::inputNorm, dim);
        layout.perLayer(LlamaLayer::q, dim, dim);
        layout.perLayer(LlamaLayer::k, kv, dim);
        layout.perLayer(LlamaLayer::v, kv, dim);
        layout.perLayer(LlamaLayer::o, dim, dim);
        layout.perLayer(LlamaLayer::postAttentionNorm, dim);
        layout.perLayer(LlamaLayer::gate, hidden, dim);
        layout.perLayer(LlamaLayer::down, dim, hidden);
        layout.perLayer(LlamaLayer::up, hidden, dim);
        layout.add(WeightNames.finalNorm(c) + ".weight", dim);
        layout.offset += 2L * h.seqLen() * (c.headSize() / 2) * Float.BYTES; // freq_cis_real, freq_cis_imag
        if (!c.tiedEmbeddings()) {
            layout.add(WeightNames.lmHead(), c.vocabSize(), dim);
        }
        return layout;
    }

    /** {@code export.py version1_export}: norms first, then the embedding, then the matrices. */
    private static Layout version1(ModelConfig c, Header h) {
        Layout layout = new Layout(c, V1_HEADER_BYTES);
        int dim = c.hiddenSize();
        int kv = c.numberOfKvHeads() * c.headSize();
        int hidden = c.intermediateSize();
        layout.perLayer(LlamaLayer::inputNorm, dim);
        layout.perLayer(LlamaLayer::postAttentionNorm, dim);
        layout.add(WeightNames.finalNorm(c) + ".weight", dim);
        layout.add(WeightNames.embedding(c), c.vocabSize(), dim);
        layout.perLayer(LlamaLayer::q, dim, dim);
        layout.perLayer(LlamaLayer::k, kv, dim);
        layout.perLayer(LlamaLayer::v, kv, dim);
        layout.perLayer(LlamaLayer::o, dim, dim);
        layout.perLayer(LlamaLayer::gate, hidden, dim);
        layout.perLayer(LlamaLayer::down, dim, hidden);
        layout.perLayer(LlamaLayer::up, hidden, dim);
        if (!c.tiedEmbeddings()) {
            layout.add(WeightNames.lmHead(), c.vocabSize(), dim);
        }
        return layout;
    }

    /** fp32 tensors laid end to end from a starting offset; q and k remember their head count. */
    private static final class Layout {
        private final ModelConfig config;
        private final Map<String, MappedTensors.Region> regions = new LinkedHashMap<>();
        private final Map<String, Integer> ropeHeads = new HashMap<>();
        private long offset;

        Layout(ModelConfig config, long offset) {
            this.config = config;
            this.offset = offset;
        }

        void add(String name, long... dims) {
            long bytes = new Shape(dims).size() * Float.BYTES;
            regions.put(name, new MappedTensors.Region(new TensorInfo(name, Dtype.F32.name(), new Shape(dims)),
                    Dtype.F32, offset, bytes));
            offset += bytes;
        }

        void perLayer(Function<LlamaLayer, String> module, long... dims) {
            for (int i = 0; i < config.numberOfLayers(); i++) {
                LlamaLayer layer = WeightNames.llamaLayer(config, i);
                String name = module.apply(layer) + ".weight";
                add(name, dims);
                if (module.apply(layer).equals(layer.q())) {
                    ropeHeads.put(name, config.numberOfHeads());
                } else if (module.apply(layer).equals(layer.k())) {
                    ropeHeads.put(name, config.numberOfKvHeads());
                }
            }
        }
    }

    /** The file's tensors under Hugging Face names; q and k are permuted as they are read. */
    private record Weights(MappedTensors tensors, Map<String, Integer> ropeHeads) implements TensorSource {

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
            Integer heads = ropeHeads.get(name);
            if (heads == null) {
                return tensors.load(name, manager);
            }
            Shape shape = tensors.info(name).shape();                                   // (out, in)
            float[] w = new float[Math.toIntExact(shape.size())];
            tensors.bytes(name).asFloatBuffer().get(w);
            return manager.create(interleavedToRotateHalf(w, heads, (int) shape.get(1)), shape);
        }

        @Override
        public void close() {
            tensors.close();
        }
    }

    /**
     * Reorders the rows of a q or k projection {@code w} ({@code (heads * headSize, columns)}, row-major)
     * from RoPE on interleaved pairs (0,1), (2,3)... to rotate-half pairs (i, i + headSize/2):
     * {@code w.view(heads, headSize/2, 2, columns).transpose(1, 2).reshape(heads * headSize, columns)}.
     */
    static float[] interleavedToRotateHalf(float[] w, int heads, int columns) {
        int headSize = w.length / columns / heads;
        int half = headSize / 2;
        float[] out = new float[w.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int from = h * headSize + 2 * i + j;   // index (h, i, j) of (heads, half, 2)
                    int to = h * headSize + j * half + i;  // index (h, j, i) of (heads, 2, half)
                    System.arraycopy(w, from * columns, out, to * columns, columns);
                }
            }
        }
        return out;
    }
}
