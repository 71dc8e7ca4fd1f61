#!/usr/bin/env python3
"""The PCA baseline of the anomaly bundle: PCA reconstruction error as the outlier score, with as many components
as the bundle's latent has, fitted on the same normal training series, scored on the same data (the bundle's).

    .venv/bin/python tools/train/pca_baseline.py [models/NAME]   (default: models/osuleaf-lstm-ae)

Prints the ROC AUC and average precision (scikit-learn's roc_auc_score and average_precision_score) of the PCA
score and of the bundle's own reconstruction error (through its ONNX files with onnxruntime, mean squared error
per value, as `latent outliers` computes it). evaluate.py stores both in models/metrics.json.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
from sklearn.decomposition import PCA
from sklearn.metrics import average_precision_score, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

DEFAULT = common.MODELS / "osuleaf-lstm-ae"


def scores_quality(flags: np.ndarray, scores: np.ndarray) -> dict:
    return {"roc_auc": float(roc_auc_score(flags, scores)), "average_precision": float(average_precision_score(flags, scores))}


def anomaly_flags(b: common.Bundle) -> np.ndarray:
    classes = b.manifest["classes"]
    return np.isin(b.y, [classes.index(c) for c in b.manifest["anomaly_classes"]])


def bundle_recon(b: common.Bundle) -> np.ndarray:
    x = b.scaled(b.x_raw)
    xh = b.decode(b.codes(x))
    return ((xh.astype(np.float64) - x) ** 2).reshape(len(x), -1).mean(1)


def pca_recon(b: common.Bundle) -> np.ndarray:
    """PCA (latent_dim components, fitted on the normal training series) reconstruction error of the bundle's data."""
    split = common.ucr_anomaly_split()
    x_bundle = b.scaled(b.x_raw)
    if not np.array_equal(split["bundle"][0], x_bundle) or not np.array_equal(split["bundle"][1], b.y):
        raise SystemExit(f"{b.path}: the bundle's data is not the {common.UCR_SET} test split")
    train = split["train"][0].reshape(len(split["train"][0]), -1).astype(np.float64)
    x = x_bundle.reshape(len(x_bundle), -1).astype(np.float64)
    pca = PCA(n_components=int(b.manifest["latent_dim"]), svd_solver="full").fit(train)
    return ((pca.inverse_transform(pca.transform(x)) - x) ** 2).mean(1)


def baseline(path: Path) -> dict:
    b = common.Bundle(path)
    flags = anomaly_flags(b)
    return {"anomaly_classes": b.manifest["anomaly_classes"], "n": int(len(flags)), "anomalies": int(flags.sum()),
            "components": int(b.manifest["latent_dim"]),
            "bundle_recon": scores_quality(flags, bundle_recon(b)), "pca_recon": scores_quality(flags, pca_recon(b))}


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    r = baseline(Path(args[0]) if args else DEFAULT)
    print(f"{r['n']} series, {r['anomalies']} anomalies (class {', '.join(r['anomaly_classes'])})")
    for key, what in (("bundle_recon", "bundle reconstruction error"), ("pca_recon", f"PCA ({r['components']} components) reconstruction error")):
        q = r[key]
        print(f"  {what:45s} ROC AUC {q['roc_auc']:.4f}, average precision {q['average_precision']:.4f}")


if __name__ == "__main__":
    main()
