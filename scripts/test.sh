#!/usr/bin/env bash
# Builds every module and runs the whole test suite on CPU, offline (DJL natives come from the jars).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true
exec ./mvnw -B verify "$@"
