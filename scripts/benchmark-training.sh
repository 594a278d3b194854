#!/usr/bin/env bash
# Training-step benchmark (not a test): tokens/s, GFLOP/s against the fp32 matmul peak measured in the
# same JVM, and peak RSS against weights + gradients + AdamW state. One JVM per shape.
#   scripts/benchmark-training.sh [small] [gpt2-small]
set -euo pipefail
cd "$(dirname "$0")/.."
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(small gpt2-small)
for shape in "${shapes[@]}"; do
  scripts/run-java.sh -Xmx12g engram.bench.TrainingBenchmark "$shape"
done
