#!/usr/bin/env bash
# Terminal hygiene: a resize redraws at the new size, a too-small terminal gets a message, SIGTERM and Ctrl-C
# leave the terminal restored.
source "$(dirname "$0")/lib/tmux.bash"

start_latent
wait_for "BROWSE" 120
tmux resize-window -t "$SESSION" -x 80 -y 24; sleep 1
[ "$(screen | tail -1 | cut -c1-7)" = " BROWSE" ] || fail "status line at the bottom after resizing to 80×24"
[ "$(screen | wc -l)" -eq 24 ] || fail "24 rows after the resize"
tmux resize-window -t "$SESSION" -x 50 -y 15; sleep 1
wait_for "terminal too small (needs 60×20)" 5
tmux resize-window -t "$SESSION" -x 120 -y 40; sleep 1
wait_for "BROWSE" 5

# Ctrl-C quits cleanly.
keys C-c
expect_clean_exit
tmux kill-session -t "$SESSION"

# SIGTERM ends the program with the terminal restored.
start_latent
wait_for "BROWSE" 60
pid=$(pgrep -f "^$LATENT_BIN\$" | head -1)
[ -n "$pid" ] || fail "no latent process to signal"
kill -TERM "$pid"
expect_clean_exit
echo "explorer_terminal: ok"
