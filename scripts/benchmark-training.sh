#!/usr/bin/env bash
# Training-step benchmark (not a test): tokens/s, GFLOP/s against the fp32 matmul peak measured in the
# same JVM, and peak RSS against weights + gradients + AdamW state. One JVM per shape.
#   scripts/benchmark-training.sh [small] [gpt2-small]
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl-cache}"
./mvnw -B -q -pl shared-model -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
cp="shared-model/target/classes:shared-model/target/test-classes:$(cat shared-model/target/bench-classpath.txt)"
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(small gpt2-small)
for shape in "${shapes[@]}"; do
  java -Xmx12g -Dai.djl.offline=true -cp "$cp" engram.bench.TrainingBenchmark "$shape"
done
