#!/usr/bin/env bash
# Retrain and re-export every shipped model bundle under models/, measure them,
# and regenerate the Swift conformance fixtures in Tests/Fixtures/shipped/ and the anomaly
# score fixtures in Tests/Fixtures/anomaly/.
# Run from anywhere (usually via `make models` at the repository root).
#   tools/train/make_models.sh              all bundles
#   tools/train/make_models.sh NAME [...]   only these bundles (fixtures are
#                                           regenerated for every bundle)
# Needs Fashion-MNIST (Debian package dataset-fashion-mnist, or FASHION_MNIST_DIR); the OSULeaf series come
# inside sktime's wheel (tools/requirements.txt).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
"$repo/tools/venv.sh"
py="${VENV:-$repo/.venv}/bin/python"

if [[ -z "${FASHION_MNIST_DIR:-}" && ! -e /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ]]; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "make_models: installing dataset-fashion-mnist" >&2
        apt-get install -y -q dataset-fashion-mnist >&2 || { apt-get update -q >&2 && apt-get install -y -q dataset-fashion-mnist >&2; }
    fi
fi

export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
if [[ $# -eq 0 ]]; then set -- all; fi
"$py" tools/train/train.py "$@"
"$py" tools/train/evaluate.py --json models/metrics.json
"$py" tools/make_shipped_fixtures.py
"$py" tools/make_anomaly_fixtures.py
du -sh models
