#!/usr/bin/env bash
# `latent tsne` on a terminal: a progress bar with the running KL on stderr, then the final KL and an N×2 output;
# `latent pca` prints the explained variance ratios. Input: the 400×24 PCA fixture.
source "$(dirname "$0")/lib/tmux.bash"

OUT="$(mktemp -d)"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$E2E_CACHE" "$OUT"' EXIT
INPUT="Tests/Fixtures/projection/pca_input.npy"

# Long enough (several seconds) for the bar to be seen while it runs; the bar is looked for, not the first "KL".
start_latent tsne "$INPUT" --out "$OUT/y.npy" --perplexity 20 --iterations 8000 --threads 2
bar=""
for ((i = 0; i < 600; i++)); do
  screen | grep -qE "t-SNE [█░]+ [0-9]+% [0-9.]+s KL [0-9]+\.[0-9]{4}" && { bar=yes; break; }
  screen | grep -q "__EXIT__" && break
  sleep 0.1
done
[ -n "$bar" ] || fail "progress bar with percentage, time and KL"
wait_for "__EXIT__" 600
screen | grep -q "__EXIT__ 0" || fail "latent tsne did not exit with status 0"
screen | grep -E "^KL divergence: [0-9]+\.[0-9]{4}$" >/dev/null || fail "final KL on its own line (the bar cleared)"
[ "$(head -c 128 "$OUT/y.npy" | grep -ao "'shape': ([0-9]*, [0-9]*)")" = "'shape': (400, 2)" ] || fail "output is 400×2"
tmux kill-session -t "$SESSION"

start_latent pca "$INPUT" --out "$OUT/p.npy" --components 3
wait_for "__EXIT__" 60
screen | grep -q "__EXIT__ 0" || fail "latent pca did not exit with status 0"
screen | grep -E "^explained variance ratio: 0\.[0-9]{4} 0\.[0-9]{4} 0\.[0-9]{4} \(total 0\.[0-9]{4}\)$" >/dev/null \
  || fail "explained variance ratios"
echo "projection_commands: ok"
