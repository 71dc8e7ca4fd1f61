#!/usr/bin/env bash
# Quitting while a background job runs: `q` or a signal during the t-SNE neighbour search on 1,000,000 codes and
# during the iterations on 20,000 stops the job and ends the program promptly, terminal restored, with status 0
# after q and 143 after SIGTERM. (A crash here used to end such a quit with SIGSEGV.)
source "$(dirname "$0")/lib/tmux.bash"
PYTHON="${PYTHON:-/usr/bin/python3}"
data="$(mktemp -d)"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$E2E_CACHE" "$data"' EXIT
"$PYTHON" - "$data" <<'PY' || fail "could not write the test codes"
import sys, numpy as np
rng = np.random.default_rng(0)
for n, name in [(1_000_000, "big"), (20_000, "small")]:
    y = rng.integers(0, 10, n)
    centres = rng.normal(0, 4, (10, 16)).astype(np.float32)
    z = (centres[y] + rng.normal(0, 1, (n, 16))).astype(np.float32)
    np.save(f"{sys.argv[1]}/{name}-z.npy", z)
    np.save(f"{sys.argv[1]}/{name}-y.npy", y.astype(np.int64))
PY

# Bound on key-to-exit, generous for a loaded machine; the explorer waits 100 ms for a job before leaving.
LIMIT_MS=${SHUTDOWN_LIMIT_MS:-600}

# start_job NAME: opens the explorer on NAME's codes, presses t; then the caller waits and stops it.
start_job() {
  tmux kill-session -t "$SESSION" 2>/dev/null
  tmux new-session -d -x "$COLS" -y "$ROWS" -s "$SESSION" \
    "env XDG_CACHE_HOME='$E2E_CACHE' '$LATENT_BIN' explore --latents '$data/$1-z.npy' --labels '$data/$1-y.npy'; echo __EXIT__ \$? \$(date +%s%N); echo __TTY__ \$(stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' ') __END__; sleep 600"
  wait_for "BROWSE" 120
  keys t
}

# stop_and_time HOW WANT: q or a signal; checks the status and prints the milliseconds from the stop to the exit.
stop_and_time() {
  local how=$1 want=$2 t0 t1 line
  t0=$(date +%s%N)
  if [ "$how" = q ]; then
    tmux send-keys -t "$SESSION" q
  else
    kill -"$how" "$(pgrep -f "^$LATENT_BIN explore --latents" | head -1)"
  fi
  # the terminal's modes are printed after the exit line: wait for them too (a loaded machine may take a moment)
  wait_for "__END__" 10
  line=$(screen | grep "__EXIT__")
  set -- $line
  [ "$2" = "$want" ] || fail "exit status $2 after $how during the job (want $want)"
  screen | grep "__TTY__" | grep -qE ' icanon echo ' || fail "the terminal was not restored after $how: $(screen | grep __TTY__)"
  t1=$3
  echo $(( (t1 - t0) / 1000000 ))
}

for delay in 0.5 2 4; do
  start_job big
  sleep "$delay"
  screen | head -1 | grep -q "t-SNE.*(Esc cancels)" || fail "t-SNE (its neighbour search) is not running after ${delay}s"
  ms=$(stop_and_time q 0) || exit 1
  echo "q during the neighbour search of 1,000,000 codes after ${delay}s: exit in ${ms} ms"
  [ "$ms" -le "$LIMIT_MS" ] || fail "q took ${ms} ms to end the program (limit ${LIMIT_MS})"
done

start_job big
sleep 1
ms=$(stop_and_time TERM 143) || exit 1
echo "SIGTERM during the neighbour search of 1,000,000 codes: exit in ${ms} ms"
[ "$ms" -le "$LIMIT_MS" ] || fail "SIGTERM took ${ms} ms (limit ${LIMIT_MS})"

start_job small
wait_for "t-SNE it" 60
ms=$(stop_and_time q 0) || exit 1
echo "q during the t-SNE iterations on 20,000 codes: exit in ${ms} ms"
[ "$ms" -le "$LIMIT_MS" ] || fail "q took ${ms} ms (limit ${LIMIT_MS})"
echo "job_shutdown: ok"
