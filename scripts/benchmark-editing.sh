#!/usr/bin/env bash
# Editing and learning benchmark (not a test): FT-L/FT-M/LoRA ± OVERTONE single and batch edits, Semantic Beacons,
# TAIA and sequential editing with the ledger on the embedded world model, then CounterFact edits on the real-facts
# model when it exists. Writes report.json/report.html per part and results.md under --out; prints the tables.
#   scripts/benchmark-editing.sh [--edits 100] [--sequential 500 --every 50] [--parts single,beacons,taia,sequential,real]
#                                [--real-facts DIR] [--fluency-edits N] [--gate-sample N] [--locality-sample N]
#                                [--seed S] [--out DIR]      (--help lists every option)
# PyTorch runs one intra-op thread unless ENGRAM_TORCH_THREADS says otherwise: the tiny model gains little from
# more, and on a shared, loaded machine spinning OpenMP threads cost more than they bring.
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${ENGRAM_TORCH_THREADS:-1}"
export OMP_NUM_THREADS="$threads"
exec scripts/run-java.sh -Xmx4g -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
  engram.bench.EditingBenchmark "$@"
