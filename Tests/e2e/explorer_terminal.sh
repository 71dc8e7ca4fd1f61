#!/usr/bin/env bash
# Terminal hygiene: a resize redraws at the new size, a too-small terminal gets a message, SIGTERM, SIGHUP, SIGINT
# and Ctrl-C leave the terminal restored.
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

# A resize while t-SNE runs: the frame is redrawn at the new size (status line at the bottom, title on top) and
# the run goes on to the end.
keys t
wait_for "t-SNE" 10
tmux resize-window -t "$SESSION" -x 100 -y 30; sleep 1
[ "$(screen | wc -l)" -eq 30 ] || fail "30 rows after a resize during t-SNE"
screen | head -1 | grep -q "t-SNE" || fail "the title does not show the running t-SNE after the resize"
[ "$(screen | tail -1 | cut -c1-7)" = " BROWSE" ] || fail "status line at the bottom after a resize during t-SNE"
wait_until_gone "Esc cancels" 120
screen | head -1 | grep -q "t-SNE" || fail "the finished t-SNE is not in the title after the resize"
[ "$(screen | wc -l)" -eq 30 ] || fail "30 rows after t-SNE finished"
tmux resize-window -t "$SESSION" -x 120 -y 40; sleep 1

# Ctrl-C quits cleanly.
keys C-c
expect_clean_exit
tmux kill-session -t "$SESSION"

# SIGTERM and SIGHUP end the program with the terminal restored and the usual status (128 + the signal).
for sig in TERM:143 HUP:129 INT:130; do
  start_latent
  wait_for "BROWSE" 60
  pid=$(pgrep -f "^$LATENT_BIN\$" | head -1)
  [ -n "$pid" ] || fail "no latent process to signal"
  kill -"${sig%:*}" "$pid"
  wait_for "__EXIT__" 10
  screen | grep -q "__EXIT__ ${sig#*:}" || fail "latent did not exit with status ${sig#*:} after SIG${sig%:*}"
  screen | grep -qE '(^| )icanon echo' || fail "the terminal was not restored after SIG${sig%:*}"
  tmux kill-session -t "$SESSION"
done
echo "explorer_terminal: ok"
