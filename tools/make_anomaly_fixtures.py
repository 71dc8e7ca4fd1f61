#!/usr/bin/env python3
"""Write the fixtures that hold the outlier ranking metrics to scikit-learn's (Tests/Fixtures/anomaly/).

    .venv/bin/python tools/make_anomaly_fixtures.py

ranking.json   seeded scores with many ties and anomaly flags, with scikit-learn's roc_auc_score and
               average_precision_score on them (RankingQualityTests compares the Swift metrics with these).
NAME.json      for every models/NAME bundle whose manifest names anomaly_classes: the anomaly flag of each point,
               its scores as onnxruntime gives them (recon: mean squared error per value between the scaled input
               and the decoder output after the manifest activation; knn: Euclidean distance from the code to its
               10th nearest other code), and scikit-learn's metrics on each (Tests/e2e/anomaly_scores.sh compares
               what `latent outliers` prints with these).
Run by tools/train/make_models.sh after the bundles are written.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.neighbors import NearestNeighbors

sys.path.insert(0, str(Path(__file__).resolve().parent / "train"))
import common  # noqa: E402

OUT = common.REPO / "Tests" / "Fixtures" / "anomaly"
KNN_K = 10  # OutlierScores.defaultK


def metrics(flags: np.ndarray, scores: np.ndarray) -> dict:
    return {"roc_auc": float(roc_auc_score(flags, scores)),
            "average_precision": float(average_precision_score(flags, scores))}


def ranking_cases() -> list[dict]:
    """Scores stored as float32 values (exact in Swift's Float); few distinct levels in some cases, so ties abound."""
    rng = np.random.default_rng(21)
    cases = []
    for n, levels, rate in [(10, 3, 0.3), (50, 0, 0.1), (200, 8, 0.25), (500, 40, 0.05), (1000, 0, 0.5), (64, 2, 0.5)]:
        flags = rng.random(n) < rate
        flags[0], flags[1] = True, False
        raw = rng.normal(size=n) + 0.8 * flags
        scores = np.round(raw * levels / 4) / max(levels, 1) if levels else raw
        scores = scores.astype(np.float32)
        cases.append({"scores": [float(s) for s in scores], "anomaly": [int(f) for f in flags],
                      **metrics(flags, scores)})
    return cases


def bundle_scores(path: Path) -> dict | None:
    b = common.Bundle(path)
    names = b.manifest.get("anomaly_classes")
    if not names:
        return None
    classes = b.manifest["classes"]
    flags = np.isin(b.y, [classes.index(c) for c in names])
    x = b.scaled(b.x_raw)
    z = b.codes(x)
    xh = b.decode(z)
    recon = ((xh.astype(np.float64) - x) ** 2).reshape(len(x), -1).mean(1).astype(np.float32)
    dist, _ = NearestNeighbors(n_neighbors=KNN_K + 1).fit(z).kneighbors(z)
    knn = dist[:, KNN_K].astype(np.float32)   # column 0 is the point itself
    return {"bundle": path.name, "anomaly_classes": names, "anomaly": [int(f) for f in flags],
            "recon": {"scores": [float(s) for s in recon], **metrics(flags, recon)},
            "knn": {"scores": [float(s) for s in knn], **metrics(flags, knn)}}


def write(name: str, value: dict):
    path = OUT / name
    path.write_text(json.dumps(value, separators=(",", ":")) + "\n")
    print(f"{path.relative_to(common.REPO)}: {path.stat().st_size} bytes")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write("ranking.json", {"cases": ranking_cases()})
    for d in common.bundle_dirs():
        scores = bundle_scores(d)
        if scores is not None:
            write(f"{d.name}.json", scores)
            print(f"  recon: ROC AUC {scores['recon']['roc_auc']:.6f}, AP {scores['recon']['average_precision']:.6f}; "
                  f"knn: ROC AUC {scores['knn']['roc_auc']:.6f}, AP {scores['knn']['average_precision']:.6f}")


if __name__ == "__main__":
    main()
