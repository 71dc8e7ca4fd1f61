# Helpers for the end-to-end scripts that drive the explorer in a real xterm (VT340 emulation, sixel), or in kitty
# with TERMINAL=kitty, under Xvfb, type with xdotool (XTEST, like a keyboard) and read screenshots with Pillow
# (lib/shot_check.py). Source it; it defines:
#   xterm_start ARGS...     run latent ARGS in a new xterm (120×40 unless COLS/ROWS are set, DejaVu Sans Mono at
#                           FONT_SIZE pt, default 10; XTERM_RESOURCES adds -xrm lines; XT_STDOUT sends its
#                           standard output to a file; XT_COMMAND runs that shell command instead of latent),
#                           isolated cache
#   xkeys KEY...            press keys (xdotool key names: l, q, shift+t, Escape, ...)
#   xshot NAME              screenshot of the xterm window into $SHOTS/NAME.png; prints the path
#   xcheck NAME ARGS...     shot_check.py on a new screenshot; returns 1 when a check fails
#   xwait_check SECS NAME ARGS...  xcheck until it passes; fails the script after SECS
#   xwait_settled SECS      wait until the screen stops changing (a background job finished)
#   xwait_exit [SECS]       wait until latent has exited; prints its exit status
#   xfail MESSAGE           print the message and exit 1 (screenshots stay in $SHOTS)
# Screenshots go to $SHOTS (default: a folder under ${TMPDIR:-/tmp} named after the script, kept for a look).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
LATENT_BIN="${LATENT_BIN:-$ROOT/.build/debug/latent}"
COLS="${COLS:-120}"
ROWS="${ROWS:-40}"
FONT_SIZE="${FONT_SIZE:-10}"
SHOTS="${SHOTS:-${TMPDIR:-/tmp}/latent-e2e-shots/$(basename "$0" .sh)}"
PYTHON="${PYTHON:-/usr/bin/python3}"
mkdir -p "$SHOTS"
XT_STATE="$(mktemp -d)"
XT_DISPLAY=""
XT_XVFB=""
XT_PID=""
XT_WIN=""

xterm_cleanup() {
  xterm_stop_server
  rm -rf "$XT_STATE"
}
trap xterm_cleanup EXIT

xfail() {
  [ -s "$XT_STATE/xterm.log" ] && { echo "the terminal said:"; tail -12 "$XT_STATE/xterm.log"; } >&2
  echo "FAIL: $* (screenshots in $SHOTS)" >&2
  # The terminal program itself gone while latent ran (the emulator or its software OpenGL under Xvfb crashed;
  # the terminal's shell keeps it open after latent exits): the whole script runs once more, and a second time
  # fails. Only the script's own shell decides this (xshot runs in a command substitution).
  if [ "$BASHPID" = "$$" ] && [ -z "${XT_RETRIED:-}" ] && [ -n "$XT_PID" ] && ! kill -0 "$XT_PID" 2>/dev/null; then
    local status=0
    wait "$XT_PID" 2>/dev/null || status=$?
    echo "the terminal exited with status $status while latent ran: running $(basename "$0") once more" >&2
    xterm_cleanup
    trap - EXIT
    XT_RETRIED=1 exec bash "$0"
  fi
  exit 1
}

# A display number no X server uses.
free_display() {
  local n
  for ((n = 90 + RANDOM % 50; n < 400; n++)); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { echo "$n"; return; }
  done
  return 1
}

xterm_start() {
  local args="" a
  for a in "$@"; do args+=" $(printf '%q' "$a")"; done
  xterm_stop_server
  # A display no other server uses; a server that does not come up (a race for the display) is tried again on
  # another one.
  local i attempt
  for ((attempt = 0; attempt < 4; attempt++)); do
    XT_DISPLAY=":$(free_display)" || xfail "no free X display"
    Xvfb "$XT_DISPLAY" -screen 0 1920x1200x24 -nolisten tcp >"$XT_STATE/xvfb.log" 2>&1 &
    XT_XVFB=$!
    for ((i = 0; i < 100; i++)); do
      DISPLAY=$XT_DISPLAY xdpyinfo >/dev/null 2>&1 && break 2
      kill -0 "$XT_XVFB" 2>/dev/null || break
      sleep 0.1
    done
    kill "$XT_XVFB" 2>/dev/null; wait "$XT_XVFB" 2>/dev/null
  done
  DISPLAY=$XT_DISPLAY xdpyinfo >/dev/null 2>&1 || { cat "$XT_STATE/xvfb.log" >&2; xfail "Xvfb did not start"; }
  local resources=()
  local r
  while IFS= read -r r; do [ -n "$r" ] && resources+=(-xrm "$r"); done <<< "${XTERM_RESOURCES:-}"
  rm -f "$XT_STATE/status"
  mkdir -p "$XT_STATE/cache"
  local out=""
  [ -n "${XT_STDOUT:-}" ] && out=" > '$XT_STDOUT'"
  local program="'$LATENT_BIN'$args$out"
  [ -n "${XT_COMMAND:-}" ] && program="$XT_COMMAND"
  local run="cd '$ROOT'; export XDG_CACHE_HOME='$XT_STATE/cache' ${LATENT_ENV:-}; $program; echo \$? > '$XT_STATE/status'; sleep 600"
  if [ "${TERMINAL:-xterm}" = kitty ]; then
    # kitty draws with OpenGL: software rendering under Xvfb; its first frame takes a moment, hence the sleep.
    DISPLAY=$XT_DISPLAY LIBGL_ALWAYS_SOFTWARE=1 kitty --config NONE -o font_family='DejaVu Sans Mono' \
      -o font_size="$FONT_SIZE" -o remember_window_size=no -o initial_window_width="${COLS}c" \
      -o initial_window_height="${ROWS}c" -o window_padding_width=0 -o background=black -o foreground=white \
      bash -c "sleep 1; $run" >"$XT_STATE/xterm.log" 2>&1 &
  else
    DISPLAY=$XT_DISPLAY xterm -ti vt340 "${resources[@]}" -fa 'DejaVu Sans Mono' -fs "$FONT_SIZE" \
      -geometry "${COLS}x${ROWS}+0+0" -bg black -fg white \
      -e bash -c "export TERM=xterm-256color; $run" >"$XT_STATE/xterm.log" 2>&1 &
  fi
  XT_PID=$!
  for ((i = 0; i < 300; i++)); do
    xfind_window && break
    sleep 0.1
  done
  [ -n "$XT_WIN" ] || xfail "the terminal did not open a window on $XT_DISPLAY"
  DISPLAY=$XT_DISPLAY xdotool windowfocus --sync "$XT_WIN" 2>/dev/null
}

# xfind_window: sets XT_WIN to the terminal's largest mapped window. Only mapped windows count: a terminal may
# create (and destroy) windows of its own before the one it draws in, and a screenshot of any other fails.
xfind_window() {
  local w size best="" best_size=0
  for w in $(DISPLAY=$XT_DISPLAY xdotool search --onlyvisible --pid "$XT_PID" 2>/dev/null); do
    size=$(DISPLAY=$XT_DISPLAY xwininfo -id "$w" 2>/dev/null \
      | awk '/Map State: IsViewable/ {v = 1} /^ *Width:/ {w = $2} /^ *Height:/ {h = $2} END {print v ? w * h : 0}')
    ((size > best_size)) && { best=$w; best_size=$size; }
  done
  [ -n "$best" ] && XT_WIN=$best
}

# xterm_diagnose: what the X server and the terminal look like, for a failure message.
xterm_diagnose() {
  if kill -0 "$XT_PID" 2>/dev/null; then echo "the terminal (pid $XT_PID) is running"
  else echo "the terminal (pid $XT_PID) has exited"; fi
  kill -0 "$XT_XVFB" 2>/dev/null || echo "Xvfb has exited"
  echo "windows on $XT_DISPLAY:"
  DISPLAY=$XT_DISPLAY timeout 5 xwininfo -root -children 2>&1 | sed -n '/children:/,$p' | head -8
}

xterm_stop_server() {
  [ -n "$XT_PID" ] && { kill "$XT_PID" 2>/dev/null; wait "$XT_PID" 2>/dev/null; }
  [ -n "$XT_XVFB" ] && { kill "$XT_XVFB" 2>/dev/null; wait "$XT_XVFB" 2>/dev/null; }
  XT_PID=""; XT_XVFB=""; XT_WIN=""
}

xkeys() {
  local k
  for k in "$@"; do
    DISPLAY=$XT_DISPLAY xdotool key "$k" 2>/dev/null
    sleep 0.25
  done
}

xshot() {
  local file="$SHOTS/$1.png"
  # ImageMagick's import can stall on a loaded machine: give it 20 s, and one more try on the window found anew
  DISPLAY=$XT_DISPLAY timeout 20 import -window "$XT_WIN" "$file" 2>"$XT_STATE/import.log" \
    || { xfind_window; DISPLAY=$XT_DISPLAY timeout 20 import -window "$XT_WIN" "$file" 2>"$XT_STATE/import.log"; } \
    || { { head -3 "$XT_STATE/import.log"; xterm_diagnose; } >&2; xfail "could not take screenshot $1"; }
  echo "$file"
}

# xcheck NAME ARGS...: takes screenshot NAME and checks it (see lib/shot_check.py for ARGS).
xcheck() {
  local name=$1; shift
  local file
  file=$(xshot "$name") || return 1
  "$PYTHON" "$ROOT/Tests/e2e/lib/shot_check.py" "$file" --cols "$COLS" --rows "$ROWS" \
    --border "$([ "${TERMINAL:-xterm}" = kitty ] && echo 0 || echo 2)" "$@" \
    || { echo "check failed: screenshot $name: $*" >&2; return 1; }
}

xwait_exit() {
  local secs="${1:-10}" i
  for ((i = 0; i < secs * 20; i++)); do
    [ -s "$XT_STATE/status" ] && { cat "$XT_STATE/status"; return 0; }
    sleep 0.05
  done
  echo "still running"
  return 1
}

# xwait_settled SECS: waits until two screenshots a second apart are the same (a background job has finished
# and nothing moves); fails after SECS.
xwait_settled() {
  local secs="${1:-60}" previous="" current deadline=$((SECONDS + ${1:-60}))
  while ((SECONDS < deadline)); do
    sleep 1
    current=$(DISPLAY=$XT_DISPLAY timeout 10 import -window "$XT_WIN" png:- 2>/dev/null | md5sum)
    [ -n "$previous" ] && [ "$current" = "$previous" ] && return 0
    previous=$current
  done
  xfail "the screen was still changing after ${secs}s"
}

# xwait_check SECS NAME ARGS...: repeats xcheck until it passes (the program is still starting); fails after SECS.
xwait_check() {
  local secs=$1 name=$2 deadline=$((SECONDS + $1))
  shift 2
  while ((SECONDS < deadline)); do
    xcheck "$name" "$@" >/dev/null 2>&1 && { xcheck "$name" "$@"; return 0; }
    sleep 0.5
  done
  xcheck "$name" "$@" || xfail "screenshot $name: $*"
}
