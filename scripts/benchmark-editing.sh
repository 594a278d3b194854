#!/usr/bin/env bash
# Editing and learning benchmark (not a test): FT-L/FT-M/LoRA ± OVERTONE single and batch edits, Semantic Beacons,
# TAIA and sequential editing with the ledger on the embedded world model, then CounterFact edits on the real-facts
# model when it exists. Writes report.json/report.html per part and results.md under --out; prints the tables.
#   scripts/benchmark-editing.sh [--edits 100] [--sequential 500 --every 50] [--parts single,beacons,taia,sequential,real]
#                                [--real-facts DIR] [--fluency-edits N] [--gate-sample N] [--locality-sample N]
#                                [--seed S] [--out DIR]      (--help lists every option)
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh -Xmx4g engram.bench.EditingBenchmark "$@"
