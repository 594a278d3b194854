#!/usr/bin/env bash
# Installs the pinned npm tools of the workflow tests (asl-validator, aws-local-stepfunctions) into
# infra/workflow-runner/src/test/node/node_modules, which git ignores. Idempotent: when the versions pinned in
# infra/workflow-runner/src/test/node/package.json are already installed it does nothing. Writes no lockfile.
set -euo pipefail
cd "$(dirname "$0")/../infra/workflow-runner/src/test/node"

pinned_versions_installed() {
  node -e '
    const fs = require("fs");
    const wanted = JSON.parse(fs.readFileSync("package.json", "utf8")).dependencies;
    for (const [name, version] of Object.entries(wanted)) {
      const file = "node_modules/" + name + "/package.json";
      if (!fs.existsSync(file) || JSON.parse(fs.readFileSync(file, "utf8")).version !== version) process.exit(1);
    }'
}

if pinned_versions_installed; then
  exit 0
fi
echo "install-node-tools: installing $(node -p 'Object.entries(require("./package.json").dependencies).map(e => e.join("@")).join(" ")')"
npm install --no-package-lock --no-audit --no-fund --loglevel=error
pinned_versions_installed || { echo "install-node-tools: pinned versions still missing after npm install" >&2; exit 1; }
