#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + AddressSanitizer) and runs each for a bounded time, one after another.
#
#   tools/fuzz/run.sh [TARGET...]          every target when none is named
#   FUZZ_SECONDS=60                        seconds per target
#   FUZZ_JOBS_DIR=tools/fuzz/.build/runs   where the logs, the grown corpora and any crash inputs go
#
# Each target starts from its committed seeds (tools/fuzz/corpus/<target>/, read only) plus the corpus grown by
# earlier runs (.build/runs/corpus/<target>/). Fails if any target crashes, leaks, times out on one input or
# exceeds the memory limits; prints the executions run per target.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
seconds=${FUZZ_SECONDS:-60}
runs=${FUZZ_JOBS_DIR:-$here/.build/runs}
all=(npy npz onnx bundle png jpeg terminal-replies input-decoder)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

# Longest input per target: a little above the largest seed.
max_len() {
    case $1 in
        npy) echo 8192 ;; npz) echo 8192 ;; onnx) echo 16384 ;; bundle) echo 4096 ;; png) echo 4096 ;; jpeg) echo 8192 ;; terminal-replies) echo 256 ;; input-decoder) echo 1024 ;;
        *) echo "unknown fuzz target '$1' (targets: ${all[*]})" >&2; exit 2 ;;
    esac
}
for t in "${targets[@]}"; do max_len "$t" >/dev/null; done

# The package refers to the repository through this link (see Package.swift).
ln -sfn ../.. latent-root
mkdir -p "$here/.build"
build=(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)
if ! "${build[@]}" >"$here/.build/fuzz-build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$here/.build/fuzz-build.log" | grep -E "error" | head -20 >&2
    echo "fuzz: building the fuzz targets failed (log: $here/.build/fuzz-build.log)" >&2
    exit 1
fi
bin=$("${build[@]}" --show-bin-path)

failed=()
summary=()
for t in "${targets[@]}"; do
    mkdir -p "$runs/corpus/$t" "$runs/crashes/$t"
    log="$runs/$t.log"
    echo "== fuzz $t for ${seconds}s (log: $log)"
    status=0
    before=$(ls "$runs/crashes/$t")
    # A single input must not take 10 s, grow the process past 2 GB, or ask for 512 MB at once.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$bin/$t" "$runs/corpus/$t" "corpus/$t" \
        -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -artifact_prefix="$runs/crashes/$t/" -print_final_stats=1 \
        $([ -f "dict/$t.dict" ] && echo "-dict=dict/$t.dict") >"$log" 2>&1 || status=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -oE '(DONE|INITED) +cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || echo "?")
    units=$(find "$runs/corpus/$t" -type f | wc -l)
    line="$t: $execs executions in ${seconds}s, coverage $cov, corpus $units grown + $(find "corpus/$t" -type f | wc -l) seeds"
    if [ "$status" -ne 0 ]; then
        found=$(comm -13 <(echo "$before") <(ls "$runs/crashes/$t") | sed "s|^|$runs/crashes/$t/|" | tr '\n' ' ')
        line="$line, FAILED (exit $status): $found"
        grep -m1 -E "ERROR: |Fatal error|SUMMARY" "$log" || true
        failed+=("$t")
    fi
    echo "$line"
    summary+=("$line")
done
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: ${failed[*]} failed; reproduce with $bin/<target> FILE, minimise with" \
        "$bin/<target> -minimize_crash=1 -max_total_time=60 -exact_artifact_path=MIN FILE" >&2
    exit 1
fi
