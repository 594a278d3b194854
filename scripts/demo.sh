#!/usr/bin/env bash
# The demo on the embedded default: loads a real model shipped beside the repository (stories260K from
# ../shared/data), shows what it knows, teaches it one new association with a LoRA adapter, and shows
# the effect and the adapter files (PEFT format) it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl-cache}"
./mvnw -B -q -pl shared-model -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/demo-classpath.txt -Dmdep.includeScope=test >&2
cp="shared-model/target/classes:shared-model/target/test-classes:$(cat shared-model/target/demo-classpath.txt)"
exec java -Dai.djl.offline=true -cp "$cp" engram.demo.EditDemo "${1:-../shared/data}" "${2:-target/demo}"
