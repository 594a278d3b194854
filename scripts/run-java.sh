#!/usr/bin/env bash
# Runs a main class of engram-tools (scripts/tools, main or test sources: the world builder, the library demo, the
# benchmarks) or of shared-model, with its full class path, offline.
#   scripts/run-java.sh [JVM options...] MAIN_CLASS [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl-cache}"
./mvnw -B -q -pl scripts/tools -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=test >&2
# the class path file lists shared-model's target/classes and target/test-classes (reactor build)
cp="scripts/tools/target/classes:scripts/tools/target/test-classes:$(cat scripts/tools/target/run-classpath.txt)"
source scripts/native/mkl-preload.sh   # AMD CPUs: MKL's fast matmul kernels (ENGRAM_MKL_INTEL_PATH=0 turns it off)
engram_mkl_preload "$PWD"
source scripts/native/malloc-preload.sh   # tcmalloc, when installed (ENGRAM_TCMALLOC=0: off)
engram_malloc_preload
exec java -Dai.djl.offline=true -cp "$cp" "$@"
