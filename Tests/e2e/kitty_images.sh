#!/usr/bin/env bash
# Sample images through the kitty graphics protocol in a real kitty (Debian's 0.26.5, software OpenGL under
# Xvfb, DejaVu Sans Mono 10 pt, 120×40): `latent terminal` finds kitty and the cell size; the images are present
# and whole after start, deleted under the help overlay (kitty draws images above text) and back after it, and
# follow a slider step; q exits 0.
source "$(dirname "$0")/lib/xterm.bash"
for tool in Xvfb kitty xdotool import; do command -v "$tool" >/dev/null || xfail "$tool is not installed"; done
export TERMINAL=kitty
input=(77 3 98 28 1500)
recon=(99 3 120 28 1500)

report="$XT_STATE/terminal.txt"
XT_STDOUT="$report" xterm_start terminal
status=$(xwait_exit 20) || xfail "latent terminal did not finish"
[ "$status" = 0 ] || xfail "latent terminal exited with $status"
cat "$report"
grep -qx "terminal: kitty(0.26.5)" "$report" || grep -q "^terminal: kitty(" "$report" || xfail "XTVERSION not read"
grep -q "^images: kitty (" "$report" || xfail "the kitty graphics protocol was not chosen"
grep -qE "^cell: [0-9]+x[0-9]+ px from tiocgwinsz$" "$report" || xfail "the cell size did not come from TIOCGWINSZ"
grep -qx "colours: truecolor" "$report" || xfail "kitty's truecolor was not found"

xterm_start
xwait_check 120 start --images "${input[@]}" --images "${recon[@]}" --edge-clear
xkeys question
# The overlay covers the images' lower rows: both images are deleted (the right column above it stays clear).
xwait_check 10 help --no-images 77 3 120 11
xkeys Escape
xwait_check 10 after-help --images "${input[@]}" --images "${recon[@]}" --edge-clear
xkeys s l l
xwait_check 20 slider-step --images "${input[@]}" --images "${recon[@]}" --edge-clear
xkeys Escape q
[ "$(xwait_exit 10)" = 0 ] || xfail "latent did not exit 0 after q"
echo "kitty_images: ok (screenshots in $SHOTS)"
