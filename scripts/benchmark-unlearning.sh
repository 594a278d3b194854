#!/usr/bin/env bash
# UNLEARN vs gradient ascent, gradient difference and IDK fine-tuning on the world's biographies (forget01/05/10),
# on TOFU with --real-facts <model folder>, and LEARN vs LoRA. Prints markdown tables; writes report.json/html
# under target/benchmarks/unlearning/. Not a test.
#   scripts/benchmark-unlearning.sh [--splits forget01,forget05] [--scales 1,2,4] [--real-facts folder] ...
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh -Xmx4g engram.bench.UnlearningBenchmark "$@"
