#!/usr/bin/env bash
# The library alone, without functions or workflow: ten counterfactual LoRA edits of the world model,
# evaluated before and after; adapter (PEFT files), report.json and report.html under target/demo.
#   scripts/library-demo.sh [model folder=models/engram-world] [output folder=target/demo]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh engram.demo.EditDemo "${1:-models/engram-world}" "${2:-target/demo}"
