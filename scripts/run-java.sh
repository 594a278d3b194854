#!/usr/bin/env bash
# Runs a main class of shared-model (main or test sources) with its full class path, offline.
#   scripts/run-java.sh [JVM options...] MAIN_CLASS [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl-cache}"
./mvnw -B -q -pl shared-model -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/run-classpath.txt -Dmdep.includeScope=test >&2
cp="shared-model/target/classes:shared-model/target/test-classes:$(cat shared-model/target/run-classpath.txt)"
source scripts/native/mkl-preload.sh   # AMD CPUs: MKL's fast matmul kernels (ENGRAM_MKL_INTEL_PATH=0 turns it off)
engram_mkl_preload "$PWD"
source scripts/native/malloc-preload.sh   # tcmalloc, when installed (ENGRAM_TCMALLOC=0: off)
engram_malloc_preload
exec java -Dai.djl.offline=true -cp "$cp" "$@"
