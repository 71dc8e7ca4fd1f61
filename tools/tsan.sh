#!/usr/bin/env bash
# tsan.sh: every unit test under ThreadSanitizer, then the explorer's tmux scripts (live t-SNE thread, signal
# sources, the run loop) with a ThreadSanitizer build of `latent`. Optimised builds in .build-tsan/ (an
# unoptimised one makes the t-SNE scripts crawl). Fails on the first report.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-tsan
swift build -c release --scratch-path "$scratch" --sanitize=thread -Xswiftc -enable-testing --build-tests
TSAN_OPTIONS="halt_on_error=1" \
  swift test -c release --scratch-path "$scratch" --sanitize=thread -Xswiftc -enable-testing --skip-build

# In tmux a report would go to the pane, which the scripts do not read: send reports to files instead.
reports="$PWD/$scratch/tsan-reports"
rm -rf "$reports" && mkdir -p "$reports"
for script in explorer_basics explorer_tools explorer_terminal; do
  LATENT_ENV="TSAN_OPTIONS=log_path=$reports/report" LATENT_BIN="$PWD/$scratch/release/latent" \
    bash "Tests/e2e/$script.sh"
done
if compgen -G "$reports/report*" >/dev/null; then
  cat "$reports"/report*
  echo "tsan: ThreadSanitizer reported the problems above"
  exit 1
fi
echo "tsan: no ThreadSanitizer reports"
