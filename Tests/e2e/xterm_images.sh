#!/usr/bin/env bash
# Sample images in a real sixel xterm (VT340 emulation, default resources, DejaVu Sans Mono at 10 and 14 pt,
# 120×40): present and whole after start, after a finished t-SNE, in the traversal grid and in sliders, with
# nothing touching the window's right edge; once more with 16 colour registers (images use at most 16 colours).
# xterm answers neither CSI 16 t nor CSI 14 t; the cell size must come from TIOCGWINSZ, and be read again when
# the font changes.
source "$(dirname "$0")/lib/xterm.bash"
for tool in Xvfb xterm xdotool import; do command -v "$tool" >/dev/null || xfail "$tool is not installed"; done

# At 120×40 the sample pane is columns 77–119, rows 1–27; its two images sit side by side from row 4, the
# input in columns 77–96 and the reconstruction in 99–118.
input=(77 3 98 28 1500)
recon=(99 3 120 28 1500)

explore_at() {
  FONT_SIZE=$1
  xterm_start
  xwait_check 120 "start-${FONT_SIZE}pt" --images "${input[@]}" --images "${recon[@]}" --edge-clear
  if [ "$FONT_SIZE" = 10 ]; then
    # A larger font (xterm's larger-vt-font): the window grows, the cell size is read again and the images follow.
    xkeys shift+KP_Add
    xwait_check 20 "larger-font" --images "${input[@]}" --images "${recon[@]}" --edge-clear
    xkeys shift+KP_Subtract
    xwait_check 20 "font-back" --images "${input[@]}" --images "${recon[@]}" --edge-clear
  fi
  local before
  before=$(DISPLAY=$XT_DISPLAY timeout 10 import -window "$XT_WIN" png:- | md5sum)
  xkeys t
  xwait_settled 120
  [ "$(DISPLAY=$XT_DISPLAY timeout 10 import -window "$XT_WIN" png:- | md5sum)" != "$before" ] || xfail "t did not change the plot"
  xcheck "tsne-${FONT_SIZE}pt" --images "${input[@]}" --images "${recon[@]}" --edge-clear || xfail "after t-SNE at ${FONT_SIZE} pt"
  xkeys d
  xwait_check 20 "traversal-${FONT_SIZE}pt" --images 0 2 76 39 5000 --images "${input[@]}" --images "${recon[@]}" --edge-clear
  xkeys Escape s
  xwait_check 20 "sliders-${FONT_SIZE}pt" --images "${input[@]}" --images "${recon[@]}" --edge-clear
  xkeys l l
  xwait_check 20 "slider-step-${FONT_SIZE}pt" --images "${input[@]}" --images "${recon[@]}" --edge-clear
  xkeys Escape q
  local status
  status=$(xwait_exit 10) || xfail "latent did not exit after q at ${FONT_SIZE} pt"
  [ "$status" = 0 ] || xfail "latent exited with status $status at ${FONT_SIZE} pt"
}

explore_at 10
explore_at 14

FONT_SIZE=10 XTERM_RESOURCES='XTerm*numColorRegisters: 16' xterm_start
xwait_check 120 "registers-16" --images "${input[@]}" --images "${recon[@]}" --max-levels 16 --edge-clear
xkeys q
[ "$(xwait_exit 10)" = 0 ] || xfail "latent did not exit 0 with 16 registers"
echo "xterm_images: ok (screenshots in $SHOTS)"
