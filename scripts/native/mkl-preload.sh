# Sourced by the launch scripts (run-java.sh, engram, bench/run-all.sh) with malloc-preload.sh; defines engram_mkl_preload REPO.
# On an AMD CPU it builds scripts/native/mkl_intel_path.c once with cc into target/native/ and adds it to
# LD_PRELOAD, so that libtorch's MKL runs its fast matmul kernels (see the C file). Nothing happens on other
# CPUs, without a C compiler, or with ENGRAM_MKL_INTEL_PATH=0.
engram_mkl_preload() {
  local repo="$1"
  local src="$repo/scripts/native/mkl_intel_path.c" so="$repo/target/native/libengram_mkl_intel_path.so"
  [[ "${ENGRAM_MKL_INTEL_PATH:-1}" != 0 ]] || return 0
  grep -q -m1 AuthenticAMD /proc/cpuinfo 2>/dev/null || return 0
  if [[ ! -f "$so" || "$src" -nt "$so" ]]; then
    if ! command -v cc >/dev/null 2>&1; then
      echo "engram: no C compiler, so MKL keeps its slower kernels on this AMD CPU (scripts/native/mkl_intel_path.c)" >&2
      return 0
    fi
    mkdir -p "$(dirname "$so")"
    cc -shared -fPIC -O2 -o "$so.tmp" "$src" && mv "$so.tmp" "$so" || return 0
  fi
  export LD_PRELOAD="$so${LD_PRELOAD:+:$LD_PRELOAD}"
}
