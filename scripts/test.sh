#!/usr/bin/env bash
# Builds every module and runs the whole test suite on CPU, offline (DJL natives come from the jars).
# First the Lambda build of the functions (funqy-amazon-lambda, target/function.zip) with its own tests, then
# every module in the default build, which leaves the HTTP build in functions/target/quarkus-app (scripts/engram).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJL_OFFLINE=true
./mvnw -B -pl functions -am verify -Dlambda -Dtest='EngramLambdaHandlerTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
exec ./mvnw -B verify "$@"
