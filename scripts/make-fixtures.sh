#!/usr/bin/env bash
# Regenerates the golden transformer fixtures under shared-model/src/test/resources/golden/
# from the independent PyTorch reference (scripts/golden_reference.py). Idempotent: same bytes every run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3   # Debian's interpreter (apt torch); a pyenv python3 on PATH usually lacks torch
if ! "$PY" -c 'import torch' >/dev/null 2>&1; then
  echo "error: $PY cannot import torch; install with \`apt-get install -y python3-torch python3-numpy\`" >&2
  exit 1
fi
exec "$PY" scripts/golden_reference.py --out shared-model/src/test/resources/golden "$@"
