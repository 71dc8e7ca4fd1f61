#!/usr/bin/env bash
# Terminal robustness: a storm of resizes, the smallest and a very large screen, TERM=dumb and unknown
# terminals, 8 colours, no UTF-8, a terminal that never answers the DA1 query, and stdin closed or not a
# terminal. Every case ends with the program alive and working, or a one-line message and status 2; never a
# hang or a terminal left in raw mode.
source "$(dirname "$0")/lib/tmux.bash"

# A session that lives as long as the script: killing a scenario's session then never stops the tmux server,
# which would race with the next scenario's new session.
tmux new-session -d -s "$SESSION-keep" "sleep 900"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; tmux kill-session -t "$SESSION-keep" 2>/dev/null; rm -rf "$E2E_CACHE"' EXIT

CLASSES=("T-shirt/top" "Trouser" "Pullover" "Dress" "Coat" "Sandal" "Shirt" "Sneaker" "Bag" "Ankle boot")

# The pane with wrapped lines joined (a message longer than the pane is still one line).
joined_screen() { tmux capture-pane -p -J -t "$SESSION"; }

# A full frame of ROWS×COLS: title, every legend row with its count, a plotted point, the status line last.
expect_full_frame() {
  local cols="$1" rows="$2" swatch="${3:-■}" count="${4:-1000}" text
  text="$(screen)"
  [ "$(wc -l <<<"$text")" -eq "$rows" ] || fail "$rows rows at ${cols}×$rows"
  head -1 <<<"$text" | grep -q "Fashion-MNIST VAE" || fail "title line at ${cols}×$rows"
  tail -1 <<<"$text" | grep -q "^ BROWSE" || fail "status line last at ${cols}×$rows"
  for c in "${!CLASSES[@]}"; do
    grep -qE "$swatch $c ${CLASSES[$c]:0:4}.* $count\$" <<<"$text" || fail "legend row for class $c at ${cols}×$rows"
  done
  while IFS= read -r line; do
    [ "${#line}" -le "$cols" ] || fail "a line wider than $cols columns: '$line'"
  done <<<"$text"
}

# Moves the cursor right until the selected point changes.
expect_keys_work() {
  local first now i
  first=$(current_point)
  for i in $(seq 1 20); do
    keys l
    now=$(current_point)
    [ -n "$now" ] && [ "$now" != "$first" ] && return 0
  done
  fail "keys no longer move the cursor ($first)"
}

# Whether the text holds braille (U+2800–U+28FF: UTF-8 bytes E2 A0 80 to E2 A3 BF), whatever the locale.
has_braille() { LC_ALL=C grep -q $'\xe2[\xa0-\xa3]' <<<"$1"; }

latent_pid() { pgrep -f "^$LATENT_BIN( |\$)" | head -1; }

# MARK: - Resize storm: 20 sizes in 2 s, then the frame of the final size, identical to a fresh start at it.
start_latent
wait_for "BROWSE" 120
sizes=(80x24 150x50 60x20 200x60 90x30 61x21 300x90 70x25 130x45 100x35 64x22 170x55 110x33 75x28 250x70
       66x20 140x44 95x31 180x60 100x30)
start=$(date +%s%N)
for s in "${sizes[@]}"; do
  tmux resize-window -t "$SESSION" -x "${s%x*}" -y "${s#*x}"
  sleep 0.08
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$elapsed_ms" -le 2500 ] || echo "note: the 20 resizes took ${elapsed_ms} ms (loaded machine)"
[ -n "$(latent_pid)" ] || fail "latent died in the resize storm"
settled=""
for i in $(seq 1 50); do
  sleep 0.2
  text="$(screen)"
  if [ "$(wc -l <<<"$text")" -eq 30 ] && tail -1 <<<"$text" | grep -q "^ BROWSE" \
    && grep -qE "■ 9 Ankle boot +1000" <<<"$text"; then settled=1; break; fi
done
[ -n "$settled" ] || fail "no settled 100×30 frame after the resize storm"
sleep 0.5
expect_full_frame 100 30
after_storm="$(screen)"
tmux kill-session -t "$SESSION"
COLS=100 ROWS=30 start_latent
wait_for "BROWSE" 60
sleep 0.5
[ "$(screen)" = "$after_storm" ] || { diff <(echo "$after_storm") <(screen) | head -20; fail "the frame after the storm differs from a fresh 100×30 start"; }
tmux kill-session -t "$SESSION"
echo "  resize storm: 20 resizes in ${elapsed_ms} ms, frame identical to a fresh 100×30 start"

# The storm again, then keys still work and q leaves the terminal restored.
start_latent
wait_for "BROWSE" 60
for s in "${sizes[@]}"; do tmux resize-window -t "$SESSION" -x "${s%x*}" -y "${s#*x}"; sleep 0.08; done
wait_for "■ 9 Ankle boot" 10
expect_keys_work
keys q
expect_clean_exit
tmux kill-session -t "$SESSION"

# MARK: - The smallest and a very large screen.
for size in 60x20 300x90; do
  COLS=${size%x*} ROWS=${size#*x} start_latent
  wait_for "BROWSE" 60
  sleep 0.5
  expect_full_frame "${size%x*}" "${size#*x}"
  has_braille "$(screen)" || fail "no braille points at $size"
  expect_keys_work
  keys q
  expect_clean_exit
  tmux kill-session -t "$SESSION"
done
echo "  60×20 and 300×90: full frames"

# MARK: - TERM=dumb and no TERM: one line, status 2, terminal untouched.
for term in dumb ""; do
  LATENT_ENV="TERM=$term" start_latent
  wait_for "__EXIT__" 20
  screen | grep -q "__EXIT__ 2" || fail "TERM='$term': exit status 2"
  [ "$(joined_screen | grep -c '^latent: ')" -eq 1 ] || fail "TERM='$term': one message line"
  [ "$(joined_screen | grep -B1 '__EXIT__' | head -1 | grep -c '^latent: .*TERM')" -eq 1 ] \
    || fail "TERM='$term': the message is the only output and names TERM"
  screen | grep -qE '(^| )icanon echo' || fail "TERM='$term': the terminal was not left as it was"
  tmux kill-session -t "$SESSION"
done
echo "  TERM=dumb and unset: refused with one line, status 2"

# MARK: - An unknown TERM (xterm-kitty over SSH on a host without its terminfo): drawn as xterm-256color, one note.
LATENT_ENV="TERM=no-such-terminal" start_latent
wait_for "BROWSE" 60
keys q
expect_clean_exit
[ "$(joined_screen | grep -c '^latent: TERM=no-such-terminal has no terminfo entry on this host; drawing as TERM=xterm-256color')" -eq 1 ] \
  || fail "unknown TERM: one note naming it and the fallback"
tmux kill-session -t "$SESSION"
echo "  unknown TERM: drawn as xterm-256color with a note"

# MARK: - TERM=xterm (8 colours): ten classes keep ten different legend swatches, and no 256-colour codes.
LATENT_ENV="TERM=xterm" start_latent
wait_for "BROWSE" 60
sleep 0.5
coloured="$(tmux capture-pane -e -p -t "$SESSION")"
grep -q $'\e\\[38;5;' <<<"$coloured" && fail "256-colour codes on an 8-colour terminal"
swatches=$(grep -oE $'(\e\\[[0-9;]*m)+■(\e\\[[0-9;]*m)* [0-9] ' <<<"$coloured" | sed -E $'s/\e\\[0m//g; s/(\e\\[(39|49)m)+ / /' | sort -u)
[ "$(wc -l <<<"$swatches")" -eq 10 ] || fail "expected 10 legend swatches, got: $(cat -v <<<"$swatches")"
[ "$(sed -E 's/ [0-9] $//' <<<"$swatches" | sort -u | wc -l)" -eq 10 ] \
  || fail "8 colours: classes share a swatch style: $(cat -v <<<"$swatches")"
keys q
expect_clean_exit
tmux kill-session -t "$SESSION"
echo "  TERM=xterm: 10 distinct class swatches in 8 colours"

# MARK: - No UTF-8 (LANG=C, LC_ALL=C): an ASCII canvas and ASCII chrome, no braille.
LATENT_ENV="LANG=C LC_ALL=C" start_latent
wait_for "BROWSE" 60
sleep 0.5
has_braille "$(screen)" && fail "braille on a terminal without UTF-8"
LC_ALL=C grep -q $'[\x80-\xff]' <<<"$(screen)" && fail "non-ASCII characters on a terminal without UTF-8"
screen | tail -1 | grep -q '^ BROWSE | x ' || fail "status line separators in ASCII"
screen | grep -qE '# 9 Ankle boot +1000' || fail "legend swatches in ASCII"
screen | grep -qE '[*#@]{3}' || fail "points plotted with ASCII density characters"
expect_keys_work
keys q
expect_clean_exit
tmux kill-session -t "$SESSION"
# Progress bars on stderr (here latent tsne's) are ASCII too.
(cd "$ROOT" && XDG_CACHE_HOME="$E2E_CACHE" "$LATENT_BIN" encode models/fashion-mnist-vae --out "$E2E_CACHE/z.npy" 2>/dev/null) \
  || fail "latent encode for the progress bar check"
LATENT_ENV="LANG=C LC_ALL=C" start_latent tsne "$E2E_CACHE/z.npy" --out "$E2E_CACHE/t.npy" --iterations 400
bar=""
for i in $(seq 1 600); do
  text="$(screen)"
  if grep -q "t-SNE.*%" <<<"$text"; then bar="$(grep "t-SNE.*%" <<<"$text")"; break; fi
  grep -q "__EXIT__" <<<"$text" && break
  sleep 0.05
done
[ -n "$bar" ] || fail "never saw latent tsne's progress bar"
LC_ALL=C grep -q $'[\x80-\xff]' <<<"$bar" && fail "non-ASCII progress bar without UTF-8: $bar"
grep -qE '#|\.\.' <<<"$bar" || fail "the ASCII bar: $bar"
wait_for "__EXIT__" 120
screen | grep -q "__EXIT__ 0" || fail "latent tsne exit status"
tmux kill-session -t "$SESSION"
echo "  LANG=C: ASCII screen and progress bar"

# MARK: - A terminal that never answers DA1 (tmux would answer itself, so `script` on a fifo that never does).
log="$E2E_CACHE/script.log"
fifo="$E2E_CACHE/keys"
mkfifo "$fifo"
exec 7<>"$fifo"
started=$(date +%s%N)
env -u TMUX -u STY TERM=xterm-256color XDG_CACHE_HOME="$E2E_CACHE" LATENT_BIN="$LATENT_BIN" script -qfec \
  'stty cols 100 rows 30; cd "'"$ROOT"'" && "$LATENT_BIN"; rc=$?; stty -a | tr " " "\n" | grep -E "^-?(icanon|echo)$" | tr "\n" " "; exit $rc' \
  "$log" <&7 >/dev/null 2>&1 &
script_pid=$!
for i in $(seq 1 300); do grep -qa "BROWSE" "$log" 2>/dev/null && break; sleep 0.2; done
grep -qa "BROWSE" "$log" || { kill "$script_pid"; fail "no frame without a DA1 answer (log: $(tail -c 300 "$log" | cat -v))"; }
first_frame_ms=$((($(date +%s%N) - started) / 1000000))
grep -qa $'\e\\[c' "$log" || fail "the DA1 query was never sent"
grep -qa $'\eP[0-9;]*q' "$log" && fail "sixel output although the terminal never said it could"
printf 'l' >&7; sleep 0.5
printf 'q' >&7
for i in $(seq 1 50); do kill -0 "$script_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$script_pid" 2>/dev/null && { kill "$script_pid"; fail "q did not end latent without a DA1 answer"; }
wait "$script_pid"; status=$?
exec 7>&-
[ "$status" -eq 0 ] || fail "exit status $status after q (no DA1 answer)"
grep -qaE '(^|[^-])icanon echo ' "$log" || fail "terminal modes not restored after q (no DA1 answer): $(tail -c 400 "$log" | cat -v)"
echo "  no DA1 answer: first frame after ${first_frame_ms} ms, no sixel, q exits 0"

# MARK: - stdin closed or not a terminal (stdout is one): one line, status 2, no hang.
for redirect in '<&-' '</dev/null'; do
  out="$E2E_CACHE/stdin.log"
  timeout 30 script -qec "cd '$ROOT' && XDG_CACHE_HOME='$E2E_CACHE' '$LATENT_BIN' models/fashion-mnist-vae $redirect" \
    "$out" </dev/null >/dev/null 2>&1
  status=$?
  [ "$status" -ne 124 ] || fail "latent hung with stdin $redirect"
  [ "$status" -eq 2 ] || fail "exit status $status with stdin $redirect"
  lines=$(tr -d '\r' <"$out" | grep -v '^Script ' | grep -c .)
  [ "$lines" -eq 1 ] || fail "one line with stdin $redirect, got: $(cat -v "$out")"
  grep -q "latent: the explorer needs a terminal (standard input is" "$out" || fail "message for stdin $redirect: $(cat "$out")"
done
echo "  stdin closed or /dev/null: one line, status 2"
echo "terminal_robustness: ok"
