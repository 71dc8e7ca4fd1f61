#!/usr/bin/env bash
# The full Fashion-MNIST (70,000 points) in the explorer: the bundle built from Debian's dataset-fashion-mnist,
# opened in tmux under /usr/bin/time -v; the legend counts add up to 70,000, PCA axes change, t-SNE starts
# with visible progress and Esc cancels it promptly, q exits cleanly, and the peak RSS stays under 1 GB.
source "$(dirname "$0")/lib/tmux.bash"

BUNDLE="$E2E_CACHE/fashion-mnist-full"
"$ROOT/tools/make_full_fashion_bundle.sh" "$BUNDLE" >/dev/null || fail "building the 70,000-point bundle"
TIME_LOG="$E2E_CACHE/time.txt"

# The session outlives the scenario's kills of its own session (see terminal_robustness.sh).
tmux new-session -d -s "$SESSION-keep" "sleep 900"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; tmux kill-session -t "$SESSION-keep" 2>/dev/null; rm -rf "$E2E_CACHE"' EXIT

# start_latent with /usr/bin/time -v in front of latent.
COLS=160 ROWS=50
tmux new-session -d -x "$COLS" -y "$ROWS" -s "$SESSION" \
  "cd '$ROOT' && XDG_CACHE_HOME='$E2E_CACHE' /usr/bin/time -v -o '$TIME_LOG' '$LATENT_BIN' '$BUNDLE'; echo __EXIT__ \$?; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; echo; sleep 600"
start=$(date +%s%N)
wait_for "BROWSE" 300
first_frame_ms=$((($(date +%s%N) - start) / 1000000))
screen | head -1 | grep -q "70000 points" || fail "the title counts 70000 points"
total=$(screen | grep -oE '■ [0-9] [^│]*[0-9]+$' | awk '{ s += $NF } END { print s }')
[ "$total" = 70000 ] || fail "the legend counts add to $total, not 70000"

# Browse: the cursor moves; PCA: x puts PC3 on the x axis, y then PC4 on the y axis.
first=$(current_point)
keys l l l
[ "$(current_point)" != "$first" ] || fail "moving the cursor changes the point"
keys x
wait_for "PCA: PC3" 10
keys y
wait_for "× PC4" 10

# t-SNE on 70,000 points: progress shows, Esc cancels it within a few seconds and the PCA view returns.
keys t
wait_for "t-SNE nearest neighbours" 60
sleep 1
cancel=$(date +%s%N)
keys Escape
wait_for "t-SNE cancelled" 10
cancel_ms=$((($(date +%s%N) - cancel) / 1000000))
screen | head -1 | grep -q "PCA: PC3 .* × PC4" || fail "cancelling returns to the PCA view"

keys q
expect_clean_exit
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$TIME_LOG")
[ -n "$rss_kb" ] || fail "no peak RSS from /usr/bin/time: $(cat "$TIME_LOG")"
[ "$rss_kb" -lt 1048576 ] || fail "peak RSS $rss_kb kB is over 1 GB"
echo "  first frame ${first_frame_ms} ms (encoding included), t-SNE cancelled in ${cancel_ms} ms, peak RSS $((rss_kb / 1024)) MB"
echo "scale_full_fashion: ok"
