#!/usr/bin/env bash
# The benchmark suite: engram side by side with PyTorch eager (Debian python3-torch on OpenBLAS, an independent
# script with the same shapes, threads and step) and with the machine's fp32 matmul peak, all measured in this
# one run; prints one table and writes it under target/bench/ (docs/BENCHMARKS.md explains it). Never part of the
# test run. Needs scripts/install-bench-tools.sh once, and a quiet machine for figures worth publishing.
#   scripts/bench/run-all.sh [--threads N] [--steps N] [--shapes gpt2-small small embedded]
#                            [--only matmul training score generate edits http] [--no-shim-too]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "run-all: PyTorch for /usr/bin/python3 is missing; run scripts/install-bench-tools.sh first" >&2
  exit 2
fi
echo "run-all: building (functions and engram-tools, tests skipped) ..." >&2
./mvnw -B -q -pl functions -am package -DskipTests >&2
./mvnw -B -q -pl scripts/tools -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=test >&2
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl-cache}"
source scripts/native/mkl-preload.sh
engram_mkl_preload "$PWD"
source scripts/native/malloc-preload.sh   # tcmalloc, when installed (ENGRAM_TCMALLOC=0: off)
engram_malloc_preload
exec /usr/bin/python3 scripts/bench/run_all.py "$@"
