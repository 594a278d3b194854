#!/usr/bin/env bash
# Installs what the benchmark suite needs: tcmalloc (both sides run on it, scripts/native/malloc-preload.sh) and,
# for its PyTorch peer, Debian's python3-torch (PyTorch 1.13 for
# /usr/bin/python3) and the pthread build of OpenBLAS it computes with. Idempotent, non-interactive.
# Only the benchmarks use these; the build and the tests never do (CI does not run this script).
#   scripts/install-bench-tools.sh
set -euo pipefail
packages=(python3-torch libopenblas0-pthread libtcmalloc-minimal4)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "already installed: ${packages[*]}"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
/usr/bin/python3 -c 'import torch; print("python3-torch", torch.__version__, "threads", torch.get_num_threads())'
