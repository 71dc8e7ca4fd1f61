#!/usr/bin/env bash
# run_all.sh: runs every comparison under bench/ (each prints its own ratios against its peer).
set -uo pipefail
cd "$(dirname "$0")/.."
export LATENT_BIN="${LATENT_BIN:-$PWD/.build/release/latent}"
PY="$PWD/.venv/bin/python"
shopt -s nullglob
status=0
for b in bench/*_vs_*.py bench/*_vs_*.sh; do
  echo "== $b"
  case "$b" in
    *.py) "$PY" "$b" || status=1 ;;
    *.sh) bash "$b" || status=1 ;;
  esac
done
"$LATENT_BIN" bench || status=1
exit $status
