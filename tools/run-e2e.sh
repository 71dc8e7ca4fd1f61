#!/usr/bin/env bash
# run-e2e.sh: runs every end-to-end script under Tests/e2e/ against the built `latent`; fails if any fails.
set -uo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
scripts=(Tests/e2e/*.sh)
if [ ${#scripts[@]} -eq 0 ]; then
  echo "e2e: no scripts under Tests/e2e/ (nothing to run)"
  exit 0
fi
export LATENT_BIN="${LATENT_BIN:-$PWD/.build/debug/latent}"
failed=0
for s in "${scripts[@]}"; do
  echo "== $s"
  if bash "$s"; then echo "   ok"; else echo "   FAILED: $s"; failed=1; fi
done
exit $failed
