package engram.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * How libtorch's CPU tensors get their memory, set once per process before the first tensor exists. Every forward
 * and backward pass allocates activations, logits and gradients of megabytes afresh. By default glibc serves the
 * larger ones with fresh mappings and gives freed memory back at once, so each step faults every page in again and
 * the kernel zeroes it; on a virtual machine those faults cost more than the arithmetic (GPT-2 small spent over
 * half of its training step in them, docs/BENCHMARKS.md). Two settings fix that:
 *
 * <ul>
 * <li>glibc's {@code mallopt}: blocks below 32 MiB (its largest mmap threshold) come from the heap, and up to
 *     {@value #KEEP_FREE_BYTES} bytes of freed heap stay with the process, so the next step reuses them;</li>
 * <li>{@code THP_MEM_ALLOC_ENABLE=1}, read by c10's CPU allocator at its first allocation: blocks of 2 MiB and
 *     more are aligned to and advised for transparent huge pages, 512 times fewer faults for what is still
 *     mapped afresh (logits of a 50k vocabulary).</li>
 * </ul>
 *
 * Set from Java, so that it holds wherever the library runs (CLI, Quarkus, Lambda). A {@code THP_MEM_ALLOC_ENABLE}
 * or {@code GLIBC_TUNABLES} already in the environment wins. Linux with glibc only; elsewhere nothing happens.
 */
public final class NativeMemory {
    private static final String HUGE_PAGES = "THP_MEM_ALLOC_ENABLE";
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int MMAP_THRESHOLD_BYTES = 32 << 20;
    private static final int KEEP_FREE_BYTES = 1 << 30;
    private static boolean done;

    private NativeMemory() {}

    /** Applies both settings once per process; later calls do nothing. */
    public static synchronized void configure() {
        if (done) {
            return;
        }
        done = true;
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        try {
            LibC c = Native.load("c", LibC.class);
            if (System.getenv(HUGE_PAGES) == null) {
                c.setenv(HUGE_PAGES, "1", 0);
            }
            String tunables = System.getenv("GLIBC_TUNABLES");
            if (tunables == null || !tunables.contains("glibc.malloc.")) {
                c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
                c.mallopt(M_TRIM_THRESHOLD, KEEP_FREE_BYTES);
            }
        } catch (LinkageError | RuntimeException e) {
            // not glibc, or JNA cannot reach it: the allocator keeps its defaults
        }
    }

    /** The two C functions needed. */
    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int mallopt(int parameter, int value);
    }
}
