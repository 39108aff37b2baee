#!/usr/bin/env bash
# System packages the tests and samples need (Debian). Idempotent; a no-op when all are there.
set -euo pipefail
need=()
for pkg in binutils gcc make xz-utils binutils-powerpc64-linux-gnu chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
