#!/usr/bin/env bash
# A Batch job (ENGRAM_REQUEST set) runs one function call; otherwise serve every function over HTTP.
set -euo pipefail
if [[ -n "${ENGRAM_REQUEST:-}" ]]; then
  exec /opt/engram/batch-task.sh
fi
exec java -jar /opt/engram/quarkus-app/quarkus-run.jar
