#!/usr/bin/env bash
# The explorer on the default bundle in a 120×40 tmux pane: first frame, legend, cursor, class toggle,
# t-SNE, quit with the terminal restored.
source "$(dirname "$0")/lib/tmux.bash"

start_latent
wait_for "BROWSE" 120

# The legend lists the 10 Fashion-MNIST classes with 1000 points each.
for name in "T-shirt/top" "Trouser" "Pullover" "Dress" "Coat" "Sandal" "Shirt" "Sneaker" "Bag" "Ankle boot"; do
  screen | grep -E "■ [0-9] $name +1000" >/dev/null || fail "legend row for $name with count 1000"
done
screen | head -1 | grep -q "Fashion-MNIST VAE, 16-d latent" || fail "title names the bundle"

# Moving the cursor changes the selected point.
first=$(current_point)
[ -n "$first" ] || fail "no current point in the status line"
moved=""
for i in $(seq 1 20); do
  keys l
  now=$(current_point)
  if [ -n "$now" ] && [ "$now" != "$first" ]; then moved=$now; break; fi
done
[ -n "$moved" ] || fail "moving the cursor never changed the point ($first)"
screen | sed -n 2p | grep -qF "$moved" || fail "the sample pane shows the new point $moved"

# 3 hides class 3 (Dress).
keys 3
screen | grep -E "■ 3 Dress +1000 hidden" >/dev/null || fail "class 3 marked hidden"
keys 3
screen | grep -E "■ 3 Dress +1000 hidden" >/dev/null && fail "class 3 shown again"

# t runs t-SNE in the background and ends with a t-SNE title; the screen stays responsive meanwhile.
keys t
wait_for "t-SNE iteration" 60
keys '?'
wait_for "dimension traversal grid around the point" 10
keys j
wait_for "t-SNE KL" 600
screen | head -1 | grep -q "t-SNE KL" || fail "t-SNE title"

# u runs UMAP the same way: animated epochs, then the finished embedding.
keys u
wait_for "UMAP epoch" 60
wait_until_gone "Esc cancels" 120
screen | head -1 | grep -q "│ UMAP *$" || fail "UMAP title once finished"

keys q
expect_clean_exit
echo "explorer_basics: ok"
