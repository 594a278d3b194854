#!/usr/bin/env bash
# TG-SFT: learn N new (counterfactual) facts with Tree-Generation replay, with random-fact replay, and without;
# acquisition and retention side by side. Prints a markdown table; writes report.json/html under
# target/benchmarks/replay/. Not a test.
#   scripts/benchmark-replay.sh [--new-facts 200] [--ratio 0.5] [--steps 150] [--roots 60] ...
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh -Xmx4g engram.bench.ReplayBenchmark "$@"
