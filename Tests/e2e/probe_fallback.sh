#!/usr/bin/env bash
# A terminal that answers only DA1 without sixel, or nothing at all, gets half-blocks within 300 ms of the probe
# (lib/pty_terminal.py plays the terminal on a pseudo-terminal); one that lists attribute 4 gets sixel.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LATENT_BIN="${LATENT_BIN:-$ROOT/.build/debug/latent}"
PYTHON="${PYTHON:-/usr/bin/python3}"
fail() { echo "FAIL: $*" >&2; exit 1; }
for case in none:blocks da1:blocks da1-sixel:sixel; do
  answer=${case%:*} want=${case#*:}
  out=$(TERM=xterm-256color LANG=C.UTF-8 "$PYTHON" "$ROOT/Tests/e2e/lib/pty_terminal.py" --answer "$answer" -- "$LATENT_BIN" terminal)
  ms=$(echo "$out" | head -1)
  echo "$out" | grep -q "^images: $want (" || fail "answer '$answer': images not $want: $out"
  [ "$ms" -le 300 ] 2>/dev/null || fail "answer '$answer': the probe took ${ms} ms (limit 300)"
  echo "  DA1 answer '$answer': $want after ${ms} ms"
done
echo "probe_fallback: ok"
