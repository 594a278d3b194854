#!/usr/bin/env bash
# The demo on the embedded default (the README's first command): `engram demo` runs the training-run workflow
# (infra/statemachine/training-run.asl.json) through the embedded runner on the committed world model: 50
# counterfactual edits in 5 shards, filter-shard -> score-knowledge per shard, aggregate, one LoRA edit, the
# evaluation; it prints the cost estimate, progress and a summary table, and writes report.html under
# target/engram-store. Arguments go to `engram demo` (see `scripts/engram demo --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/engram demo "$@"
