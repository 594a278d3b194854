#!/usr/bin/env bash
# One AWS Batch GPU job = one function call. The state machine (engram.infra.GpuTaskRewriter) sets:
#   ENGRAM_FUNCTION    the Funqy function, e.g. apply-edit (also fixed in the job definition)
#   ENGRAM_REQUEST     the request as JSON, exactly what the Lambda integration would have sent
#   ENGRAM_RESULT_KEY  where to leave the outcome in ENGRAM_BUCKET, under gpu-results/
# The functions serve over HTTP in this container (funqy-http); the script starts them, posts the
# request, and writes one object that the state machine reads back:
#   {"result": <the function's answer>}                  HTTP 2xx
#   {"error": "<exception class>", "cause": "<message>"} HTTP 4xx: a typed error the workflow routes on
# Anything else (server does not start, HTTP 5xx, upload fails) exits non-zero: the Batch job fails
# and the workflow's Retry/Catch see States.TaskFailed.
set -euo pipefail

: "${ENGRAM_FUNCTION:?ENGRAM_FUNCTION names the function to run}"
: "${ENGRAM_REQUEST:?ENGRAM_REQUEST carries the request JSON}"
: "${ENGRAM_RESULT_KEY:?ENGRAM_RESULT_KEY says where the outcome goes}"
: "${ENGRAM_BUCKET:?ENGRAM_BUCKET names the artifact bucket}"
port="${ENGRAM_PORT:-8080}"
server_command="${ENGRAM_SERVER_COMMAND:-java -jar /opt/engram/quarkus-app/quarkus-run.jar}"
startup_seconds="${ENGRAM_STARTUP_SECONDS:-180}"
work="$(mktemp -d)"

$server_command &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

deadline=$((SECONDS + startup_seconds))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "engram: the function server exited before listening on port $port" >&2
    exit 70
  fi
  if ((SECONDS >= deadline)); then
    echo "engram: the function server did not listen on port $port within ${startup_seconds}s" >&2
    exit 70
  fi
  sleep 0.5
done

status="$(curl --silent --show-error --output "$work/response.json" --write-out '%{http_code}' \
  --header 'Content-Type: application/json' --data-binary "$ENGRAM_REQUEST" \
  "http://127.0.0.1:$port/$ENGRAM_FUNCTION")"
echo "engram: $ENGRAM_FUNCTION answered HTTP $status" >&2

case "$status" in
  2??)
    jq --compact-output '{result: .}' "$work/response.json" > "$work/outcome.json"
    ;;
  4??)
    jq --compact-output --arg status "$status" \
      '{error: (.error // .errorType // ("HTTP" + $status)), cause: (.message // .errorMessage // tostring)}' \
      "$work/response.json" > "$work/outcome.json"
    ;;
  *)
    cat "$work/response.json" >&2 || true
    exit 75
    ;;
esac

aws s3 cp --only-show-errors --content-type application/json "$work/outcome.json" "s3://$ENGRAM_BUCKET/$ENGRAM_RESULT_KEY"
echo "engram: outcome written to s3://$ENGRAM_BUCKET/$ENGRAM_RESULT_KEY" >&2
