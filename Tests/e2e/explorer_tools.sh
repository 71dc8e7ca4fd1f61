#!/usr/bin/env bash
# The explorer's tools on the default bundle in tmux: interpolation, sliders, traversal, outliers, search,
# saving a session and opening it again; then direction and channel sliders on a spatial latent, and a sequence
# autoencoder brought without a manifest.
source "$(dirname "$0")/lib/tmux.bash"

start_latent
wait_for "BROWSE" 120

# Interpolation: mark A, move away, mark B, interpolate; step frames and change the step count.
keys a
screen | tail -1 | grep -q "A = #0" || fail "a marks A"
keys L L L L K K b i
wait_for "INTERPOLATION" 10
screen | grep -q "frame 1/8 · linear" || fail "interpolation starts at frame 1 of 8, linear"
screen | grep -q "frames (h/l)" || fail "the strip of frames"
keys Right Right
screen | grep -q "frame 3/8" || fail "right steps to frame 3"
keys ']' m
screen | grep -q "frame 3/9 · spherical" || fail "] adds a step, m switches to spherical"
keys l
screen | grep -q "frame 4/9" || fail "l steps to the next frame"
keys Escape
wait_for "BROWSE" 5

# Sliders: the panel lists every dimension; moving one changes its value.
keys s
wait_for "SLIDERS" 10
screen | grep -q "editing #" || fail "sliders name the point being edited"
for d in 1 8 16; do screen | grep -qE "z$d +[─┼●]" || fail "slider row z$d"; done
before=$(screen | grep -E "z1 +[─┼●]" | grep -oE -- '[-+][0-9.]+σ')
keys S-Right
after=$(screen | grep -E "z1 +[─┼●]" | grep -oE -- '[-+][0-9.]+σ')
[ "$before" != "$after" ] || fail "shift-right moves z1 by 1σ ($before → $after)"
keys Escape

# Traversal grid.
keys d
wait_for "traversal around #" 20
screen | grep -q -- "-3σ" || fail "traversal columns"
keys Escape

# Outliers: the ranked list; stepping moves the selection; m switches to the kNN score.
keys o
wait_for "by reconstruction error" 10
first=$(current_point)
keys Down
[ "$(current_point)" != "$first" ] || fail "down steps to the next outlier"
keys m
wait_for "by latent 10-NN distance" 60
keys Escape

# Search: an index, then a class name prefix.
keys / '#' 1 2 3 4 Enter
screen | tail -1 | grep -q "#1234" || fail "search #1234 selects point 1234"
keys / t r o u Enter
screen | tail -1 | grep -q "1000 matches for 'trou'" || fail "class name search"

# Save the session and open it again.
keys a S
wait_for "session saved to" 5
file=$(screen | tail -1 | grep -oE 'latent-session-[0-9]+\.json' | head -1)
[ -n "$file" ] || fail "session file named in the status line"
keys q
expect_clean_exit
tmux kill-session -t "$SESSION"
mv "$ROOT/$file" "$E2E_CACHE/session.json"
start_latent --session "$E2E_CACHE/session.json"
wait_for "BROWSE" 60
keys i
screen | grep -q "INTERPOLATION" || fail "the restored session keeps the marks (i interpolates)"
keys Escape q
expect_clean_exit
tmux kill-session -t "$SESSION"

# A diffusers-style VAE (4×8×8 latent, RGB samples in [-1, 1]): the title shows the latent shape, the sliders move
# along principal directions, c gives one slider per channel, and the traversal rows are directions too.
start_latent "$ROOT/Tests/Fixtures/exported/kl-vae"
wait_for "BROWSE" 120
screen | head -1 | grep -q "4×8×8 (256 values) latent" || fail "the title shows the latent shape"
keys s
wait_for "principal directions" 20
screen | grep -qE "PC1 +[0-9.]+% +[─┼●]" || fail "slider row PC1 with its share of the variance"
before=$(screen | grep -E "PC1 " | grep -oE -- '[-+][0-9.]+σ')
keys S-Right
after=$(screen | grep -E "PC1 " | grep -oE -- '[-+][0-9.]+σ')
[ "$before" != "$after" ] || fail "shift-right moves PC1 by 1σ ($before → $after)"
keys c
wait_for "channels, each shifted uniformly" 10
for c in 1 4; do screen | grep -qE "c$c +[─┼●]" || fail "channel slider c$c"; done
keys Escape d
wait_for "rows: principal directions" 20
keys Escape q
expect_clean_exit
tmux kill-session -t "$SESSION"

# An LSTM sequence autoencoder brought without a manifest: sequences drawn as charts, input and reconstruction.
F="$ROOT/Tests/Fixtures/exported/lstm"
start_latent --encoder "$F/encoder.onnx" --decoder "$F/decoder.onnx" --data "$F/data.npz" --labels "$F/y.npy"
wait_for "BROWSE" 120
screen | grep -q "input · reconstruction" || fail "sequence input and reconstruction overlaid in one chart"
keys q
expect_clean_exit
echo "explorer_tools: ok"
