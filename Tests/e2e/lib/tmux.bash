# Shared helpers for the tmux-driven end-to-end scripts. Source it; it defines:
#   start_latent ARGS...   run latent in a new tmux session (120×40 unless COLS/ROWS are set), isolated cache,
#                          with the environment assignments in LATENT_ENV (e.g. LATENT_ENV="TERM=dumb") if set
#   screen                 print the pane's text
#   wait_for TEXT [SECS]   wait until the pane shows TEXT (fails the script after SECS, default 60)
#   keys KEY...            send keys (tmux send-keys syntax)
#   fail MESSAGE           print the screen and the message, and exit 1
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
LATENT_BIN="${LATENT_BIN:-$ROOT/.build/debug/latent}"
SESSION="latent-e2e-$$-$RANDOM"
E2E_CACHE="$(mktemp -d)"
COLS="${COLS:-120}"
ROWS="${ROWS:-40}"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$E2E_CACHE"' EXIT

start_latent() {
  local args=""
  for a in "$@"; do args+=" $(printf '%q' "$a")"; done
  tmux new-session -d -x "$COLS" -y "$ROWS" -s "$SESSION" \
    "cd '$ROOT' && env ${LATENT_ENV:-} XDG_CACHE_HOME='$E2E_CACHE' '$LATENT_BIN'$args; echo __EXIT__ \$?; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; echo; sleep 600"
}

screen() { tmux capture-pane -p -t "$SESSION"; }

fail() {
  echo "--- screen:"; screen; echo "---"
  echo "FAIL: $*" >&2
  exit 1
}

wait_for() {
  local text="$1" secs="${2:-60}" i
  for ((i = 0; i < secs * 5; i++)); do
    screen | grep -qF -- "$text" && return 0
    sleep 0.2
  done
  fail "waited ${secs}s for '$text'"
}

# wait_until_gone TEXT SECONDS: until the screen no longer shows TEXT.
wait_until_gone() {
  local text=$1 seconds=$2 start=$SECONDS
  while screen | grep -qF -- "$text"; do
    (( SECONDS - start < seconds )) || fail "waited ${seconds}s for '$text' to go"
    sleep 0.5
  done
}

keys() { tmux send-keys -t "$SESSION" "$@"; sleep 0.3; }

# The status line's current point, e.g. "#1234".
current_point() { screen | tail -1 | grep -oE '#[0-9]+' | head -1; }

# After `q`: the program exited 0 and the terminal is back in canonical mode with echo.
expect_clean_exit() {
  wait_for "__EXIT__" 10
  screen | grep -q "__EXIT__ 0" || fail "latent did not exit with status 0"
  screen | grep -qE '(^| )icanon echo' || fail "the terminal was not restored (icanon/echo)"
}
