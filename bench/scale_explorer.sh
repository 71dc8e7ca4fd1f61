#!/usr/bin/env bash
# scale_explorer.sh: drives the explorer on a big bundle in tmux and prints what a user waits for: first frame,
# cursor keys, PCA axes, t-SNE progress and cancel, with the peak RSS from /usr/bin/time -v.
#
#   bench/scale_explorer.sh [BUNDLE] [CACHE_DIR] [SECONDS_OF_TSNE]
#
# BUNDLE defaults to a fresh tools/make_full_fashion_bundle.sh build (70,000 points); an empty CACHE_DIR
# (default: a new temporary one) includes encoding in the first frame. Times include up to ~20 ms of polling.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${LATENT_BIN:-$ROOT/.build/release/latent}"
SCRATCH="$(mktemp -d)"
BUNDLE="${1:-$("$ROOT/tools/make_full_fashion_bundle.sh" "$SCRATCH/fashion-mnist-full")}"
CACHE="${2:-$SCRATCH/cache}"
RUN_SECS="${3:-30}"
TIME_LOG="$SCRATCH/time.txt"
S="latent-scale-$$"
tmux new-session -d -s "$S-keep" "sleep 1800"
trap 'tmux kill-session -t "$S" 2>/dev/null; tmux kill-session -t "$S-keep" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
scr() { tmux capture-pane -p -t "$S"; }
now() { date +%s%N; }
ms() { echo $((($(now) - $1) / 1000000)); }
# Milliseconds until the pane shows TEXT (polling every 20 ms, at most TRIES times).
waitfor() {
  local t0 i; t0=$(now)
  for ((i = 0; i < ${2:-3000}; i++)); do scr | grep -qF -- "$1" && { ms "$t0"; return 0; }; sleep 0.02; done
  echo "timeout waiting for '$1'"; return 1
}
point() { scr | tail -1 | grep -oE '#[0-9]+' | head -1; }

t0=$(now)
tmux new-session -d -x 160 -y 50 -s "$S" \
  "XDG_CACHE_HOME='$CACHE' /usr/bin/time -v -o '$TIME_LOG' '$BIN' '$BUNDLE'; echo __EXIT__ \$?; sleep 1800"
waitfor BROWSE 15000 >/dev/null && echo "first frame: $(ms "$t0") ms"
scr | grep -oE '■ [0-9] [^│]*[0-9]+$' | awk '{ s += $NF } END { print "legend total:", s }'
echo -n "cursor keys (key: ms to the new point):"
for k in l l l l l j j j k h; do
  p0=$(point); t1=$(now); tmux send-keys -t "$S" "$k"
  for ((i = 0; i < 500; i++)); do [ "$(point)" != "$p0" ] && break; sleep 0.005; done
  echo -n " $k:$(ms "$t1")"
done; echo
tmux send-keys -t "$S" x; echo "x (PC3 on the x axis): $(waitfor 'PCA: PC3' 500) ms"
tmux send-keys -t "$S" y; echo "y (PC4 on the y axis): $(waitfor '× PC4' 500) ms"
tmux send-keys -t "$S" t; echo "t: neighbour search shown after $(waitfor 'nearest neighbours' 1000) ms"
echo "first iteration after $(waitfor 't-SNE iteration' 30000) ms more"
sleep "$RUN_SECS"; scr | head -1 | grep -oE 't-SNE iteration [^(]*'
tmux send-keys -t "$S" Escape; echo "Esc: 't-SNE cancelled' after $(waitfor 't-SNE cancelled' 3000) ms"
tmux send-keys -t "$S" q; waitfor __EXIT__ 500 >/dev/null; scr | grep __EXIT__
grep -E "Elapsed|Maximum resident" "$TIME_LOG"
