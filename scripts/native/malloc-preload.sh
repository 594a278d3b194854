# Sourced by the launch scripts (run-java.sh, engram, bench/run-all.sh); defines engram_malloc_preload.
# Adds gperftools' tcmalloc (Debian/Ubuntu package libtcmalloc-minimal4) to LD_PRELOAD when it is installed.
# libtorch allocates every activation, gradient and logits tensor afresh on each step. glibc maps the large ones
# (over 32 MiB: GPT-2's logits, its embedding gradient) anew every time and returns them on free, so each step
# faults and zeroes their pages again; tcmalloc keeps freed memory for reuse. Measured on GPT-2 small, 2 threads:
# page faults 7,400 -> 1,600 per training step, steps 15 to 30 % shorter (docs/BENCHMARKS.md). Nothing happens when
# the library is missing (the JVM runs on glibc's allocator, slower) or with ENGRAM_TCMALLOC=0. Where to look:
# ENGRAM_TCMALLOC_CANDIDATES (space-separated paths), by default Debian's and Red Hat's locations.
engram_malloc_preload() {
  [[ "${ENGRAM_TCMALLOC:-1}" != 0 ]] || return 0
  local lib candidates="${ENGRAM_TCMALLOC_CANDIDATES:-/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
    /usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib64/libtcmalloc_minimal.so.4}"
  for lib in $candidates; do
    if [[ -f "$lib" ]]; then
      [[ ":${LD_PRELOAD:-}:" != *":$lib:"* ]] || return 0
      export LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$lib"
      return 0
    fi
  done
}
