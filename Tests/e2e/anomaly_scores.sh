#!/usr/bin/env bash
# The shipped anomaly bundle loads, and the ROC AUC and average precision that `latent outliers` prints on stderr
# (recon and knn) equal scikit-learn's roc_auc_score and average_precision_score on the same scores within 1e-6:
# Tests/Fixtures/anomaly/BUNDLE.json holds onnxruntime's scores and scikit-learn's metrics on them
# (tools/make_anomaly_fixtures.py); the scores `latent outliers` lists for every point must match those first.
# Then: --anomaly-class replaces the manifest's classes, and an unknown class is a typed error (exit 2).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
LATENT_BIN="${LATENT_BIN:-$ROOT/.build/debug/latent}"
BUNDLE="osuleaf-lstm-ae"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
export XDG_CACHE_HOME="$OUT/cache"
cd "$ROOT"
fail() { echo "FAIL: $*" >&2; exit 1; }

for by in recon knn; do
  "$LATENT_BIN" outliers "models/$BUNDLE" --by "$by" --knn exact --top 100000 >"$OUT/$by.csv" 2>"$OUT/$by.err" \
    || { cat "$OUT/$by.err"; fail "latent outliers --by $by exited with status $?"; }
  grep -E "^ROC AUC 0\.[0-9]{6}, average precision 0\.[0-9]{6} \($by\)$" "$OUT/$by.err" >/dev/null \
    || { cat "$OUT/$by.err"; fail "the ROC AUC line of --by $by"; }
  python3 - "$OUT/$by.csv" "$OUT/$by.err" "Tests/Fixtures/anomaly/$BUNDLE.json" "$by" <<'PY' || fail "--by $by against scikit-learn"
import csv, json, re, sys
rows, err, fixture, by = list(csv.DictReader(open(sys.argv[1]))), open(sys.argv[2]).read(), json.load(open(sys.argv[3])), sys.argv[4]
ref = fixture[by]
n = len(fixture["anomaly"])
assert len(rows) == n, f"{len(rows)} points listed, the fixture has {n}"
scores = {int(r["index"]): float(r["score"]) for r in rows}
worst = max(abs(scores[i] - s) / (1e-5 + abs(s)) for i, s in enumerate(ref["scores"]))
assert worst < 1e-3, f"scores differ from onnxruntime's by up to {worst:.2e} (relative)"
auc, ap = map(float, re.search(r"ROC AUC ([0-9.]+), average precision ([0-9.]+)", err).groups())
assert abs(auc - ref["roc_auc"]) <= 1e-6, f"ROC AUC {auc} but scikit-learn gives {ref['roc_auc']}"
assert abs(ap - ref["average_precision"]) <= 1e-6, f"average precision {ap} but scikit-learn gives {ref['average_precision']}"
print(f"anomaly_scores: {by}: ROC AUC {auc} (scikit-learn {ref['roc_auc']:.8f}), AP {ap} (scikit-learn {ref['average_precision']:.8f})")
PY
done

# --anomaly-class replaces the manifest's anomaly classes: naming every class leaves no normal point, so no AUC.
classes=$(python3 -c "import json; print(' '.join('--anomaly-class ' + c for c in json.load(open('models/$BUNDLE/bundle.json'))['classes']))")
# shellcheck disable=SC2086
"$LATENT_BIN" outliers "models/$BUNDLE" $classes >/dev/null 2>"$OUT/all.err" || fail "every class as anomalies exited with $?"
grep -q "no ROC AUC" "$OUT/all.err" || { cat "$OUT/all.err"; fail "no ROC AUC without normal points"; }

"$LATENT_BIN" outliers "models/$BUNDLE" --anomaly-class nosuchclass >/dev/null 2>"$OUT/bad.err"
status=$?
[ "$status" = 2 ] || fail "an unknown --anomaly-class exits with 2 (got $status)"
grep -q "\-\-anomaly-class names 'nosuchclass', which is not a class" "$OUT/bad.err" || { cat "$OUT/bad.err"; fail "the error names the option and the class"; }
echo "anomaly_scores: ok"
