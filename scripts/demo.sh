#!/usr/bin/env bash
# The demo on the embedded default: the committed world model (models/engram-world) shows what it knows,
# ten of its facts are rewritten with one LoRA edit, the edit is evaluated (efficacy, held-out paraphrases,
# neighbours, two-hop portability, fluency), and the adapter (PEFT files) and report.json/report.html are
# written under target/demo.
#   scripts/demo.sh [model folder=models/engram-world] [output folder=target/demo]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh engram.demo.EditDemo "${1:-models/engram-world}" "${2:-target/demo}"
