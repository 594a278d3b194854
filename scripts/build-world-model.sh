#!/usr/bin/env bash
# Rebuilds the embedded default: generates the world (seeded), trains its tokenizer, pretrains the tiny
# base model on it and measures its knowledge card, into models/engram-world/ (shows progress; < 60 min on
# 2 cores). `scripts/build-world-model.sh real-facts` builds the real-facts variant into target/ instead.
#   scripts/build-world-model.sh [world|real-facts] [out] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/run-java.sh -Xmx8g engram.world.BuildBaseModel "$@"
