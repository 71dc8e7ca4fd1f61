#!/usr/bin/env bash
# Rebuilds the committed seed corpora under tools/fuzz/corpus/<target>/ from the repository's test fixtures and
# shipped bundles (small files only, named after their source), plus real terminal answers written out here.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus="$here/corpus"
rm -rf "$corpus"
mkdir -p "$corpus"/{npy,npz,onnx,bundle,png,jpeg,terminal-replies,input-decoder}

# Copies a file to the target's corpus as <parent>-<name>.
seed() {
    local target=$1 file=$2
    cp "$file" "$corpus/$target/$(basename "$(dirname "$file")")-$(basename "$file")"
}

cd "$root"
for f in Tests/Fixtures/tensors/*.npy; do seed npy "$f"; done
find Tests/Fixtures -name '*.npy' -size -2k -not -path 'Tests/Fixtures/tensors/*' -not -path '*/fuzz/*' | sort | head -40 |
    while read -r f; do seed npy "$f"; done
for f in Tests/Fixtures/tensors/*.npz; do seed npz "$f"; done
for f in Tests/Fixtures/bundles/{tiny,unlabelled,nan-data}/data.npz; do seed npz "$f"; done
# Every single-operator model (a few kB each: one seed per operator) and the smallest exported networks.
find Tests/Fixtures/onnx-node -name '*.onnx' -size -8k | sort | while read -r f; do seed onnx "$f"; done
find Tests/Fixtures/onnx -name '*.onnx' -size -8k | sort | while read -r f; do seed onnx "$f"; done
find Tests/Fixtures/bundles models -name bundle.json | sort | while read -r f; do seed bundle "$f"; done
# Every PNG colour type and bit depth, and grey and colour JPEGs (tools/make_image_fixtures.py), and a few
# Fashion-MNIST PNGs.
for f in Tests/Fixtures/images/formats/*.png Tests/Fixtures/images/fashion/0-tshirt/0001*.png; do seed png "$f"; done
for f in Tests/Fixtures/images/formats/*.jpg; do seed jpeg "$f"; done
# Earlier findings (Tests/Fixtures/fuzz/<target>/) seed their targets too.
for target in npy npz onnx bundle png jpeg terminal-replies; do
    [ -d "Tests/Fixtures/fuzz/$target" ] || continue
    find "Tests/Fixtures/fuzz/$target" -type f | sort | while read -r f; do seed "$target" "$f"; done
done

# Answers as terminals send them: xterm with sixel, xterm without, tmux, VT220, the 8-bit CSI, cell sizes, and
# answers mixed with key presses or cut off.
t="$corpus/terminal-replies"
printf '\033[?63;1;2;4;6;9;15;16;22;28c\033[6;20;10t' >"$t/xterm-sixel"
printf '\033[?64;1;2;6;9;15;16;17;18;21;22;28c' >"$t/xterm-da1"
printf '\033[?1;2c' >"$t/tmux-da1"
printf '\033[?62;1;6;9;15;22c' >"$t/vt220-da1"
printf '\233?65;4;22c\2336;16;8t' >"$t/csi8bit"
printf '\033[6;17;9t' >"$t/cellsize"
printf 'jk\033[A\033[?62;4c\033[6;;9tq' >"$t/mixed-keys"
printf '\033[?62;4' >"$t/cut-off"
printf '\033[6;1000000;9t\033[?c' >"$t/oversized"
printf '\033[?1;0;1024S\033[4;680;960t\033[?63;4c' >"$t/xtsmgraphics-textarea"
printf '\033[?1;3;0S\033[4;;t' >"$t/xtsmgraphics-failed"
printf '\033P>|kitty(0.26.5)\033\\\033_Gi=31;OK\033\\\033[6;19;8t\033[?62;c' >"$t/kitty"

# Input as the explorer reads it (bursts split at 0xFF): keys with late replies among them, replies cut across
# bursts, strings (XTVERSION, kitty), a lone Escape, Escape and a key, 8-bit introducers.
t="$corpus/input-decoder"
printf 'jkl\033[?62;4;22cq' >"$t/late-da1"
printf '\033[6;1\3777;8th' >"$t/split-reply"
printf '\033P>|XTerm(379)\033\\\033_Gi=31;OK\033\\' >"$t/strings"
printf '\033\377\033q\377\033\033' >"$t/escapes"
printf '\302\233?64;4c\302\220x\302\234' >"$t/c1"
printf '\033]11;rgb:0/0/0\007\033[12\r' >"$t/osc-broken-csi"
du -sh "$corpus"/*
