#!/usr/bin/env bash
# The bad-input matrix: every headless command and the explorer (in tmux) against missing, empty and wrongly typed
# files, inconsistent bundles (latent sizes, data shape, label count, class list), NaN/Inf in data, a decoder that
# produces NaN, an unreadable cache folder and a read-only home.
#
# Each cell states what a user should get:
#   2  exit status 2 and exactly one line on stderr, `latent: …` naming WORD (the file, field or flag at fault);
#   ok exit status 0 and at most one `latent: …` line on stderr (a warning, e.g. the cache cannot be written).
# Every command runs under `timeout 60` (a hang fails the cell). The explorer either exits 2 before its screen with
# that one line, or (ok cells) opens, shows WORD if one is given, and quits on `q`; in both cases the terminal must
# be back in canonical mode with echo. The broken bundles are built in a temporary folder from the shipped digits
# bundle, the Fashion-MNIST one, and the small files under Tests/Fixtures/bad_inputs/ (tools/make_bad_input_fixtures.py).
source "$(dirname "$0")/lib/tmux.bash"
FIX="$ROOT/Tests/Fixtures/bad_inputs"
DIGITS="$ROOT/models/digits-vae-2d"
FASHION="$ROOT/models/fashion-mnist-vae"
WORK="$(mktemp -d)"
chmod 755 "$WORK"
trap 'tmux kill-session -t "$SESSION" 2>/dev/null; rm -rf "$E2E_CACHE"; chmod -R u+rwx "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
CACHE="$WORK/cache"
BASE_SESSION="$SESSION"
EXPLORE_CELLS=0
OUT="$WORK/out"  # outputs, writable by the unprivileged user too
mkdir -m 777 "$OUT"
FAILURES=()
CELLS=0

# MARK: - Building the bad inputs

# bundle NAME: a copy of the digits bundle at $WORK/NAME (then broken by the caller).
bundle() {
  mkdir -p "$WORK/$1"
  cp "$DIGITS"/{bundle.json,encoder.onnx,decoder.onnx,data.npz} "$WORK/$1/"
}

bundle good
bundle missing-data;     rm "$WORK/missing-data/data.npz"
bundle empty-manifest;   : > "$WORK/empty-manifest/bundle.json"
bundle png-manifest;     cp "$FIX/image.png" "$WORK/png-manifest/bundle.json"
bundle empty-data;       : > "$WORK/empty-data/data.npz"
bundle png-data;         cp "$FIX/image.png" "$WORK/png-data/data.npz"
bundle dir-data;         rm "$WORK/dir-data/data.npz"; mkdir "$WORK/dir-data/data.npz"
bundle empty-encoder;    : > "$WORK/empty-encoder/encoder.onnx"
bundle text-decoder;     cp "$FIX/notes.txt" "$WORK/text-decoder/decoder.onnx"
bundle shape-mismatch;   cp "$FIX/data-4x4.npz" "$WORK/shape-mismatch/data.npz"
sed -i 's/"shape": \[1, 8, 8\]/"shape": [1, 4, 4]/' "$WORK/shape-mismatch/bundle.json"
bundle short-labels;     cp "$FIX/data-short-labels.npz" "$WORK/short-labels/data.npz"
bundle nan-data;         cp "$FIX/data-nan.npz" "$WORK/nan-data/data.npz"
bundle inf-data;         cp "$FIX/data-inf.npz" "$WORK/inf-data/data.npz"
bundle nan-decoder;      cp "$FIX/nan-decoder.onnx" "$WORK/nan-decoder/decoder.onnx"
bundle truncated-data;   head -c 20000 "$DIGITS/data.npz" > "$WORK/truncated-data/data.npz"
bundle truncated-encoder; head -c 100000 "$DIGITS/encoder.onnx" > "$WORK/truncated-encoder/encoder.onnx"
bundle short-classes
sed -i 's/"classes": \[.*\]/"classes": ["zero", "one", "two"]/' "$WORK/short-classes/bundle.json"
# The Fashion-MNIST VAE (16-d codes) with the digits decoder (2-d codes).
mkdir "$WORK/latent-mismatch"
cp "$FASHION"/{bundle.json,encoder.onnx,data.npz} "$WORK/latent-mismatch/"
cp "$DIGITS/decoder.onnx" "$WORK/latent-mismatch/"
: > "$WORK/empty.npy"
mkdir "$WORK/folder.npy"
grep -q '"shape": \[1, 4, 4\]' "$WORK/shape-mismatch/bundle.json" || { echo "FAIL: could not edit the manifest" >&2; exit 1; }
grep -q '"zero"' "$WORK/short-classes/bundle.json" || { echo "FAIL: could not edit the manifest" >&2; exit 1; }

# Cache conditions, for a user who is not root (root ignores permissions).
mkdir -p "$WORK/locked-cache/latent" "$WORK/readonly-home"
chmod 000 "$WORK/locked-cache/latent"
chmod 555 "$WORK/locked-cache" "$WORK/readonly-home"
: > "$WORK/a-file"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  # The unprivileged user needs its own copy of the bundle (the checkout may not be readable to it).
  chmod -R a+rX "$WORK/good"
  AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  CACHE_WARNING="no permission to write in"
  LOCKED_ENV=(env HOME="$WORK/readonly-home" XDG_CACHE_HOME="$WORK/locked-cache")
  READONLY_ENV=(env -u XDG_CACHE_HOME HOME="$WORK/readonly-home")
else
  echo "bad_inputs: not root: the cache cells use paths under a regular file instead of permissions"
  AS_USER=()
  CACHE_WARNING="is not a folder"
  LOCKED_ENV=(env XDG_CACHE_HOME="$WORK/a-file/cache")
  READONLY_ENV=(env -u XDG_CACHE_HOME HOME="$WORK/a-file/home")
fi

# MARK: - Checking a cell

# w EXPECT WORD: the word an ok cell's output must name (none: an ok cell needs no warning), else WORD.
w() { if [ "$1" = ok ]; then echo ""; else echo "$2"; fi; }

# record LABEL PROBLEM: remembers a failed cell.
record() { FAILURES+=("$1: $2"); echo "  FAIL $1: $2"; }

# check LABEL EXPECT WORD RC ERRFILE: the exit status and stderr of a finished cell against its expectation.
check() {
  local label="$1" expect="$2" word="$3" rc="$4" err="$5"
  CELLS=$((CELLS + 1))
  local lines latent_lines
  lines=$(grep -c '' "$err")
  latent_lines=$(grep -c '^latent: ' "$err")
  if grep -qiE 'fatal error|stack dump|backtrace|sanitizer' "$err"; then
    record "$label" "crashed: $(head -3 "$err" | tr '\n' ' ')"; return
  fi
  case "$expect" in
    2)
      if [ "$rc" != 2 ]; then record "$label" "exit status $rc, expected 2 (stderr: $(head -3 "$err" | tr '\n' ' '))"; return; fi
      if [ "$lines" != 1 ] || [ "$latent_lines" != 1 ]; then
        record "$label" "expected one 'latent: ' line on stderr, got $lines: $(head -5 "$err" | tr '\n' '|')"; return
      fi
      grep -qF -- "$word" "$err" || record "$label" "the message does not name '$word': $(cat "$err")"
      ;;
    ok)
      if [ "$rc" != 0 ]; then record "$label" "exit status $rc, expected 0 (stderr: $(head -3 "$err" | tr '\n' ' '))"; return; fi
      [ "$latent_lines" -le 1 ] || record "$label" "more than one warning: $(grep '^latent: ' "$err" | tr '\n' '|')"
      [ -z "$word" ] || grep -qF -- "$word" "$err" || record "$label" "the warning does not name '$word': $(cat "$err")"
      ;;
  esac
}

# cell LABEL EXPECT WORD CMD...: runs a headless command (stdin closed to input, no terminal) and checks it.
cell() {
  local label="$1" expect="$2" word="$3"; shift 3
  (cd "$WORK" && XDG_CACHE_HOME="$CACHE" timeout 60 "$@" >"$WORK/stdout" 2>"$WORK/stderr" </dev/null)
  check "$label" "$expect" "$word" "$?" "$WORK/stderr"
}

# explore_cell LABEL EXPECT WORD [PREFIX... --] ARGS...: the explorer in tmux; see the header.
explore_cell() {
  local label="$1" expect="$2" word="$3"; shift 3
  local prefix=(env XDG_CACHE_HOME="$CACHE")
  if [ "${1:-}" = "--as" ]; then
    shift; prefix=()
    while [ "$1" != "--" ]; do prefix+=("$1"); shift; done
    shift
  fi
  local subcommand=(explore)
  if [ "${1:-}" = "--default" ]; then subcommand=(); shift; fi
  local cmd="" a
  for a in "${prefix[@]}" timeout --foreground 60 "$LATENT_BIN" "${subcommand[@]}" "$@"; do cmd+=" $(printf '%q' "$a")"; done
  # A new session per cell, opened before the previous one is closed: the tmux server never runs out of
  # sessions between cells (it would exit, racing the next new-session).
  local previous="$SESSION" tries
  EXPLORE_CELLS=$((EXPLORE_CELLS + 1))
  SESSION="$BASE_SESSION-$EXPLORE_CELLS"
  for ((tries = 0; tries < 5; tries++)); do
    tmux new-session -d -x "$COLS" -y "$ROWS" -s "$SESSION" \
      "cd '$WORK' &&$cmd 2>'$WORK/stderr'; echo __EXIT__ \$?; stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; echo; sleep 600" \
      && break
    sleep 1
  done
  tmux kill-session -t "=$previous" 2>/dev/null
  local i state=""
  for ((i = 0; i < 600; i++)); do
    if screen | grep -q '__EXIT__'; then state=exited; break; fi
    if screen | tail -1 | grep -q 'BROWSE'; then state=running; break; fi
    sleep 0.2
  done
  CELLS=$((CELLS + 1))
  if [ -z "$state" ]; then record "$label" "neither exited nor showed its screen in 120 s"; screen | tail -5; return; fi
  if [ "$state" = running ]; then
    if [ "$expect" != ok ]; then record "$label" "the explorer opened; expected exit 2 naming '$word'"; keys q; return; fi
    if [ -n "$word" ]; then
      sleep 0.5
      screen | grep -qF -- "$word" || { record "$label" "the screen does not show '$word'"; screen | tail -3; }
    fi
    keys q
    for ((i = 0; i < 100; i++)); do screen | grep -q '__EXIT__' && break; sleep 0.2; done
    CELLS=$((CELLS - 1))
    local rc
    rc=$(screen | grep -oE '__EXIT__ [0-9]+' | awk '{print $2}')
    check "$label" ok "" "${rc:-none}" "$WORK/stderr"
  else
    local rc
    rc=$(screen | grep -oE '__EXIT__ [0-9]+' | awk '{print $2}')
    CELLS=$((CELLS - 1))
    check "$label" "$expect" "$word" "${rc:-none}" "$WORK/stderr"
  fi
  screen | grep -qE '(^| )icanon echo' || record "$label" "the terminal was left in raw mode"
}

# MARK: - Bundle commands

# Every command that takes a bundle, with the arguments it needs besides the bundle.
COMMANDS=(info encode project outliers decode interpolate)
declare -A EXTRA=(
  [info]=""
  [encode]="--out $OUT/z.npy"
  [project]="--method pca --out $OUT/coords.csv"
  [outliers]="--top 3"
  [decode]="--index 0 --format ascii"
  [interpolate]="--from 0 --to 1 --steps 3 --format ascii"
)

# row CASE BUNDLE WORD EXPECT... : one bad bundle against every command (info encode project outliers decode
# interpolate explore, in that order).
row() {
  local name="$1" path="$2" word="$3"; shift 3
  local c
  for c in "${COMMANDS[@]}"; do
    # shellcheck disable=SC2086
    cell "$c/$name" "$1" "$(w "$1" "$word")" "$LATENT_BIN" "$c" "$path" ${EXTRA[$c]}
    shift
  done
  explore_cell "explore/$name" "$1" "$(w "$1" "$word")" "$path"
}

echo "bad_inputs: bundles"
# Decisions where a cell is not a plain failure: `info` reads the models but does not run them, so a decoder that
# gives NaN passes it (every command that decodes fails); with precomputed latents the explorer has nothing to check
# up front and names the failing decoder in its status line instead (below).
#   case             bundle                         names           info enc proj outl dec intp explore
row good             "$WORK/good"                   ""              ok   ok  ok   ok   ok  ok   ok
row missing-folder   "$WORK/nowhere"                nowhere         2    2   2    2    2   2    2
row missing-data     "$WORK/missing-data"           data.file       2    2   2    2    2   2    2
row not-a-bundle     "$WORK"                        bundle.json     2    2   2    2    2   2    2
row empty-manifest   "$WORK/empty-manifest"         bundle.json     2    2   2    2    2   2    2
row png-manifest     "$WORK/png-manifest"           bundle.json     2    2   2    2    2   2    2
row png-as-bundle    "$FIX/image.png"               image.png       2    2   2    2    2   2    2
row empty-data       "$WORK/empty-data"             data.npz        2    2   2    2    2   2    2
row png-data         "$WORK/png-data"               data.npz        2    2   2    2    2   2    2
row dir-data         "$WORK/dir-data"               data.npz        2    2   2    2    2   2    2
row empty-encoder    "$WORK/empty-encoder"          encoder.onnx    2    2   2    2    2   2    2
row text-decoder     "$WORK/text-decoder"           decoder.onnx    2    2   2    2    2   2    2
row latent-mismatch  "$WORK/latent-mismatch"        decoder.onnx    2    2   2    2    2   2    2
row shape-mismatch   "$WORK/shape-mismatch"         encoder.onnx    2    2   2    2    2   2    2
row short-labels     "$WORK/short-labels"           labels          2    2   2    2    2   2    2
row nan-data         "$WORK/nan-data"               NaN             2    2   2    2    2   2    2
row inf-data         "$WORK/inf-data"               infinite        2    2   2    2    2   2    2
row nan-decoder      "$WORK/nan-decoder"            decoder.onnx    ok   2   2    2    2   2    2
row short-classes    "$WORK/short-classes"          classes         2    2   2    2    2   2    2
row truncated-data   "$WORK/truncated-data"         data.npz        2    2   2    2    2   2    2
row truncated-encoder "$WORK/truncated-encoder"     encoder.onnx    2    2   2    2    2   2    2

# `latent BUNDLE` (the explorer as the default command) behaves like `latent explore BUNDLE`.
explore_cell "default/good" ok "" --default "$WORK/good"
explore_cell "default/missing-folder" 2 "nowhere" --default "$WORK/nowhere"
explore_cell "default/nan-data" 2 "NaN" --default "$WORK/nan-data"

echo "bad_inputs: bring your own"
E="$DIGITS/encoder.onnx"; D="$DIGITS/decoder.onnx"
byo() { # byo CASE WORD EXPECT-encode EXPECT-outliers EXPECT-explore FLAGS...
  local name="$1" word="$2" e1="$3" e2="$4" e3="$5"; shift 5
  cell "encode/byo-$name" "$e1" "$(w "$e1" "$word")" "$LATENT_BIN" encode "$@" --out "$OUT/z.npy"
  cell "outliers/byo-$name" "$e2" "$(w "$e2" "$word")" "$LATENT_BIN" outliers "$@" --top 3
  explore_cell "explore/byo-$name" "$e3" "$(w "$e3" "$word")" "$@"
}
#   case             names           enc outl explore  flags
byo good             ""              ok  ok   ok       --encoder "$E" --decoder "$D" --data "$FIX/x.npy" --labels "$FIX/labels.npy"
byo missing-data     nothere.npy     2   2    2        --encoder "$E" --decoder "$D" --data "$WORK/nothere.npy"
byo empty-data       empty.npy       2   2    2        --encoder "$E" --decoder "$D" --data "$WORK/empty.npy"
byo png-data         image.png       2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/image.png"
byo dir-data         folder.npy      2   2    2        --encoder "$E" --decoder "$D" --data "$WORK/folder.npy"
byo text-encoder     notes.txt       2   2    2        --encoder "$FIX/notes.txt" --decoder "$D" --data "$FIX/x.npy"
byo latent-mismatch  decoder.onnx    2   2    2        --encoder "$E" --decoder "$FASHION/decoder.onnx" --data "$FIX/x.npy"
byo shape-mismatch   encoder.onnx    2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/x-4x4.npy"
byo short-labels     labels-short    2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/x.npy" --labels "$FIX/labels-short.npy"
byo nan-data         x-nan.npy       2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/x-nan.npy"
byo inf-data         x-inf.npy       2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/x-inf.npy"
byo empty-labels     empty.npy       2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/x.npy" --labels "$WORK/empty.npy"
byo png-labels       image.png       2   2    2        --encoder "$E" --decoder "$D" --data "$FIX/x.npy" --labels "$FIX/image.png"
byo dir-decoder      folder.npy      2   2    2        --encoder "$E" --decoder "$WORK/folder.npy" --data "$FIX/x.npy"
byo nan-decoder      nan-decoder     2   2    2        --encoder "$E" --decoder "$FIX/nan-decoder.onnx" --data "$FIX/x.npy"
# Image folders (class sub-folders of Fashion-MNIST PNGs, Tests/Fixtures/images/) and named arrays, with the
# Fashion-MNIST models: one line naming the image, file or folder at fault; skipped files, resized images and images
# left out by --skip-bad are one note each.
FE="$FASHION/encoder.onnx"; FD="$FASHION/decoder.onnx"; IMAGES="$ROOT/Tests/Fixtures/images"
images() { cp -r "$IMAGES/fashion" "$WORK/$1"; }
images images-good
images images-truncated
TRUNCATED=$(ls "$IMAGES/fashion/3-dress" | head -1)
head -c 60 "$IMAGES/fashion/3-dress/$TRUNCATED" > "$WORK/images-truncated/3-dress/$TRUNCATED"
images images-other;     echo notes > "$WORK/images-other/readme.txt"
images images-mixed;     cp "$IMAGES/formats/rgb8.png" "$WORK/images-mixed/4-coat/99999.png"
images images-empty-class; mkdir "$WORK/images-empty-class/9-more"
mkdir "$WORK/images-empty"
imagecell() { # imagecell CASE EXPECT WORD FLAGS...: encode, with the Fashion-MNIST models
  local name="$1" expect="$2" word="$3"; shift 3
  cell "encode/$name" "$expect" "$word" "$LATENT_BIN" encode --encoder "$FE" --decoder "$FD" --kind vae "$@" --out "$OUT/z.npy"
}
imagecell images-good          ok ""                      --data "$WORK/images-good"
imagecell images-truncated     2  "$TRUNCATED"            --data "$WORK/images-truncated"
imagecell images-skip-bad      ok "left out 1 image"      --data "$WORK/images-truncated" --skip-bad
imagecell images-other         ok "skipped 1 file"        --data "$WORK/images-other"
imagecell images-mixed         ok "were not 28×28"        --data "$WORK/images-mixed"
imagecell images-empty         2  "images-empty"          --data "$WORK/images-empty"
imagecell images-empty-class   2  "9-more"                --data "$WORK/images-empty-class"
imagecell images-with-labels   2  "--labels"              --data "$WORK/images-good" --labels "$FIX/labels.npy"
imagecell images-mean-count    2  "mean"                  --data "$WORK/images-good" --mean 0.5,0.5,0.5 --std 0.25
imagecell named-arrays         ok ""                      --data "$FASHION/data.npz:x" --labels "$FASHION/data.npz:y"
imagecell named-array-missing  2  "nope"                  --data "$FASHION/data.npz:nope"
explore_cell "explore/images-good" ok "" --encoder "$FE" --decoder "$FD" --kind vae --data "$WORK/images-good"
explore_cell "explore/images-truncated" 2 "$TRUNCATED" --encoder "$FE" --decoder "$FD" --kind vae --data "$WORK/images-truncated"

# Precomputed latents with a decoder that gives NaN: the explorer opens and says so when it draws a sample.
explore_cell "explore/latents-nan-decoder" ok "NaN" --latents "$FIX/z.npy" --decoder "$FIX/nan-decoder.onnx"

# Precomputed latents and saved sessions: explorer-only inputs.
explore_cell "explore/latents-missing" 2 "nothere.npy" --latents "$WORK/nothere.npy"
explore_cell "explore/latents-empty" 2 "empty.npy" --latents "$WORK/empty.npy"
explore_cell "explore/latents-png" 2 "image.png" --latents "$FIX/image.png"
explore_cell "explore/latents-rank4" 2 "x.npy" --latents "$FIX/x.npy"
explore_cell "explore/latents-nan" 2 "z-nan.npy" --latents "$FIX/z-nan.npy"
explore_cell "explore/latents-short-labels" 2 "labels-short.npy" --latents "$FIX/z.npy" --labels "$FIX/labels-short.npy"
explore_cell "explore/session-missing" 2 "nothere.json" --session "$WORK/nothere.json" "$WORK/good"
explore_cell "explore/session-empty" 2 "empty.npy" --session "$WORK/empty.npy" "$WORK/good"
explore_cell "explore/session-png" 2 "image.png" --session "$FIX/image.png" "$WORK/good"

echo "bad_inputs: matrix commands"
matrix() { # matrix CASE FILE WORD EXPECT-pca EXPECT-tsne EXPECT-onnx-run-input
  cell "pca/$1" "$4" "$(w "$4" "$3")" "$LATENT_BIN" pca "$2" --out "$OUT/y.npy"
  cell "tsne/$1" "$5" "$(w "$5" "$3")" "$LATENT_BIN" tsne "$2" --out "$OUT/y.npy" --iterations 50 --perplexity 5
  cell "onnx-run/$1" "$6" "$(w "$6" "$3")" "$LATENT_BIN" onnx-run "$E" --input "$2" --output "$OUT/y.npy"
}
# Decisions: pca and tsne take any array with rows (higher ranks are flattened), so a shape that does not fit the
# encoder is fine for them; onnx-run feeds NaN and infinity to the model like any ONNX runtime (the model decides).
#      case          file                   names          pca tsne onnx-run
matrix good          "$FIX/x.npy"           ""             ok  ok   ok
matrix missing       "$WORK/nothere.npy"    nothere.npy    2   2    2
matrix empty         "$WORK/empty.npy"      empty.npy      2   2    2
matrix png           "$FIX/image.png"       image.png      2   2    2
matrix text          "$FIX/notes.txt"       notes.txt      2   2    2
matrix directory     "$WORK/folder.npy"     folder.npy     2   2    2
matrix shape         "$FIX/x-4x4.npy"       x-4x4.npy      ok  ok   2
matrix nan           "$FIX/x-nan.npy"       x-nan.npy      2   2    ok
matrix inf           "$FIX/x-inf.npy"       x-inf.npy      2   2    ok
model() { cell "onnx-run/model-$1" 2 "$3" "$LATENT_BIN" onnx-run "$2" --input "$FIX/x.npy" --output "$OUT/y.npy"; }
model missing        "$WORK/nothere.onnx"   nothere.onnx
model empty          "$WORK/empty-encoder/encoder.onnx"  encoder.onnx
model png            "$FIX/image.png"       image.png
model text           "$FIX/notes.txt"       notes.txt
model directory      "$WORK/folder.npy"     folder.npy

# sixel-encode takes one image (H×W, H×W×3 or C×H×W).
sixel() { cell "sixel-encode/$1" "$3" "$(w "$3" "${4:-}")" "$LATENT_BIN" sixel-encode "$2" --out "$OUT/image.six"; }
sixel good           "$FIX/image.npy"       ok
sixel missing        "$WORK/nothere.npy"    2   nothere.npy
sixel empty          "$WORK/empty.npy"      2   empty.npy
sixel png            "$FIX/image.png"       2   image.png
sixel text           "$FIX/notes.txt"       2   notes.txt
sixel directory      "$WORK/folder.npy"     2   folder.npy
sixel rank4          "$FIX/x.npy"           2   x.npy
sixel nan            "$FIX/image-nan.npy"   2   image-nan.npy

# Outputs that cannot be written: a folder that does not exist, a folder without write permission.
cell "encode/out-missing-folder" 2 "$WORK/nowhere" "$LATENT_BIN" encode "$WORK/good" --out "$WORK/nowhere/z.npy"
cell "project/out-missing-folder" 2 "$WORK/nowhere" "$LATENT_BIN" project "$WORK/good" --method pca --out "$WORK/nowhere/c.csv"
cell "pca/out-missing-folder" 2 "$WORK/nowhere" "$LATENT_BIN" pca "$FIX/x.npy" --out "$WORK/nowhere/y.npy"
cell "tsne/out-missing-folder" 2 "$WORK/nowhere" "$LATENT_BIN" tsne "$FIX/x.npy" --out "$WORK/nowhere/y.npy" --iterations 50 --perplexity 5
cell "onnx-run/out-missing-folder" 2 "$WORK/nowhere" "$LATENT_BIN" onnx-run "$E" --input "$FIX/x.npy" --output "$WORK/nowhere/y.npy"
cell "sixel-encode/out-missing-folder" 2 "$WORK/nowhere" "$LATENT_BIN" sixel-encode "$FIX/image.npy" --out "$WORK/nowhere/i.six"
if [ ${#AS_USER[@]} -gt 0 ]; then
  cell "encode/out-readonly-folder" 2 "no permission to write in $WORK/readonly-home" "${AS_USER[@]}" "${READONLY_ENV[@]}" \
    "$LATENT_BIN" encode "$WORK/good" --no-cache --out "$WORK/readonly-home/z.npy"
  cell "pca/out-readonly-folder" 2 "no permission to write in $WORK/readonly-home" "${AS_USER[@]}" \
    "$LATENT_BIN" pca "$FIX/x.npy" --out "$WORK/readonly-home/y.npy"
fi

echo "bad_inputs: cache and home"
# Without a usable cache every command still works (at most one warning line); the cache is never required.
for c in "${COMMANDS[@]}"; do
  # shellcheck disable=SC2086
  cell "$c/unreadable-cache" ok "" "${AS_USER[@]}" "${LOCKED_ENV[@]}" "$LATENT_BIN" "$c" "$WORK/good" ${EXTRA[$c]}
  # shellcheck disable=SC2086
  cell "$c/readonly-home" ok "" "${AS_USER[@]}" "${READONLY_ENV[@]}" "$LATENT_BIN" "$c" "$WORK/good" ${EXTRA[$c]}
done
# The warning says why the cache cannot be used.
cell "encode/unreadable-cache-warning" ok "$CACHE_WARNING" "${AS_USER[@]}" "${LOCKED_ENV[@]}" "$LATENT_BIN" encode "$WORK/good" --out "$OUT/z2.npy"
cell "encode/readonly-home-warning" ok "$CACHE_WARNING" "${AS_USER[@]}" "${READONLY_ENV[@]}" "$LATENT_BIN" encode "$WORK/good" --out "$OUT/z3.npy"
explore_cell "explore/unreadable-cache" ok "" --as "${AS_USER[@]}" "${LOCKED_ENV[@]}" -- "$WORK/good"
explore_cell "explore/readonly-home" ok "" --as "${AS_USER[@]}" "${READONLY_ENV[@]}" -- "$WORK/good"

# A damaged cache (every entry cut short) is ignored and rebuilt, without a word.
cp -r "$CACHE" "$WORK/damaged-cache"
for f in "$WORK/damaged-cache/latent"/*; do head -c 100 "$f" > "$f.cut" && mv "$f.cut" "$f"; done
[ -n "$(ls "$WORK/damaged-cache/latent")" ] || record "damaged-cache" "the good cells left no cache entries to damage"
for c in "${COMMANDS[@]}"; do
  # shellcheck disable=SC2086
  cell "$c/damaged-cache" ok "" env XDG_CACHE_HOME="$WORK/damaged-cache" "$LATENT_BIN" "$c" "$WORK/good" ${EXTRA[$c]}
done
explore_cell "explore/damaged-cache" ok "" --as env XDG_CACHE_HOME="$WORK/damaged-cache" -- "$WORK/good"

echo "bad_inputs: $CELLS cells, ${#FAILURES[@]} failed"
if [ ${#FAILURES[@]} -gt 0 ]; then
  printf '  %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
echo "bad_inputs: ok"
