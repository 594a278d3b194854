#!/usr/bin/env bash
# score-knowledge items/s on the embedded model, batched vs one by one, measured side by side in one JVM.
#   scripts/benchmark-score-knowledge.sh [model folder=models/engram-world] [items=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh -Xmx4g engram.bench.ScoreKnowledgeBenchmark "$@"
