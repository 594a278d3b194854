#!/usr/bin/env bash
# The demo on the embedded default: loads a real model that sits beside the repository (stories260K in
# ../shared/data), shows what it says, teaches it one new association with a LoRA adapter, and shows the
# effect and the adapter files (PEFT format) it wrote under target/demo.
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh engram.demo.EditDemo "${1:-../shared/data}" "${2:-target/demo}"
