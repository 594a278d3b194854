/*
 * MKL, linked into libtorch, chooses its fast sgemm kernels only on CPUs it recognises as Intel's; on AMD it
 * falls back to kernels that reach less than half of what the CPU can do (docs/BENCHMARKS.md: 84 against
 * 195 GFLOP/s per core on the benchmark machine). MKL asks this function whether the CPU is Intel's.
 * Preloaded (LD_PRELOAD), it answers yes; MKL then picks among its code paths by the features the CPU reports
 * (cpuid), exactly as it does on Intel, so a CPU without AVX-512 still gets AVX2 code.
 *
 * scripts/native/mkl-preload.sh builds and preloads it for the launch scripts; ENGRAM_MKL_INTEL_PATH=0 turns
 * it off. It changes nothing but this one answer.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
