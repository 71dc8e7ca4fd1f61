#!/usr/bin/env python3
"""Measure the shipped bundles through their ONNX files (onnxruntime), as the app sees them.

    .venv/bin/python tools/train/evaluate.py [models/NAME ...]   (default: every models/*/)

For each bundle, on the samples of its data.npz (Fashion-MNIST: the 10,000 test
images; digits: all 1,797):
  * mse      reconstruction MSE per pixel, x = data / x_scale in [0,1], x_hat =
             decoder(code) after the manifest activation (sigmoid or none), where
             code = mu for a VAE and z for an AE (no sampling).
  * knn_loo  leave-one-out 5-NN accuracy on the codes of the data.npz samples:
             each sample is classified by the majority label of its 5 nearest
             other samples (Euclidean, uniform weights, ties to the lowest class
             index as in scikit-learn's KNeighborsClassifier).
  * knn_tt   (Fashion-MNIST only) 5-NN fitted on the codes of the 60,000 training
             images, predicting the 10,000 test images.
  * mse_heldout (digits only) MSE on the 360 digits held out from training.
  * anomaly  (bundles naming anomaly_classes) ROC AUC and average precision of the reconstruction error against
             the anomaly classes, and of the PCA baseline (tools/train/pca_baseline.py).
It also prints file sizes and, with --json FILE, writes the numbers as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # shared cores: no OpenMP busy-waiting

import numpy as np
from sklearn.neighbors import KNeighborsClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def knn_loo(z: np.ndarray, y: np.ndarray, k: int = 5) -> float:
    clf = KNeighborsClassifier(n_neighbors=k).fit(z, y)
    idx = clf.kneighbors(return_distance=False)          # excludes each point itself
    votes = np.zeros((len(y), int(y.max()) + 1), dtype=np.int64)
    np.add.at(votes, (np.repeat(np.arange(len(y)), k), y[idx].ravel()), 1)
    return float((votes.argmax(1) == y).mean())


def knn_train_test(ztr, ytr, zte, yte, k: int = 5) -> float:
    return float(KNeighborsClassifier(n_neighbors=k).fit(ztr, ytr).score(zte, yte))


def onnx_summary(path: Path) -> dict:
    """Op types (with counts), opset, IR version and input/output signatures of an ONNX file."""
    import onnx
    m = onnx.load(str(path))
    ops: dict[str, int] = {}
    for n in m.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1

    def sig(vs):
        return {v.name: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim] for v in vs}
    return {"ops": ops, "opset": [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")][0],
            "ir_version": m.ir_version, "inputs": sig(m.graph.input), "outputs": sig(m.graph.output),
            "initializers": len(m.graph.initializer)}


def evaluate(path: Path) -> dict:
    b = common.Bundle(path)
    x = b.scaled(b.x_raw)
    z = b.codes(x)
    xh = b.decode(z)
    res = {
        "name": path.name,
        "title": b.manifest["name"],
        "n": int(len(x)),
        "mse": float(np.mean((xh.astype(np.float64) - x) ** 2)),
        "knn_loo": knn_loo(z, b.y),
    }
    if path.name.startswith("fashion-mnist"):
        xtr, ytr = common.load_fashion("train")
        res["knn_tt"] = knn_train_test(b.codes(b.scaled(xtr)), ytr, z, b.y)
    if path.name.startswith("digits"):
        _, te = common.digits_split(len(x))
        res["mse_heldout"] = float(np.mean((xh[te].astype(np.float64) - x[te]) ** 2))
    if b.manifest.get("anomaly_classes"):
        import pca_baseline
        res["anomaly"] = pca_baseline.baseline(path)
    res["onnx"] = {role: onnx_summary(path / b.manifest[role]["file"]) for role in ("encoder", "decoder")}
    res["sizes"] = {f.name: f.stat().st_size for f in sorted(path.iterdir()) if f.is_file()}
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bundles", nargs="*", type=Path)
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    a = ap.parse_args(argv)
    paths = a.bundles or common.bundle_dirs()
    results = []
    for p in paths:
        r = evaluate(p)
        results.append(r)
        extra = "".join(f"  {k} {r[k]:.4f}" for k in ("knn_tt", "mse_heldout") if k in r)
        print(f"{r['name']:24s} n {r['n']:6d}  mse {r['mse']:.5f}  knn_loo {r['knn_loo']:.4f}{extra}")
        print("    " + ", ".join(f"{k} {v / 1e6:.2f} MB" for k, v in r["sizes"].items()))
        if "anomaly" in r:
            for key in ("bundle_recon", "pca_recon"):
                q = r["anomaly"][key]
                print(f"    {key}: ROC AUC {q['roc_auc']:.4f}, average precision {q['average_precision']:.4f}")
        for role, o in r["onnx"].items():
            print(f"    {role}: opset {o['opset']}, IR {o['ir_version']}, in {o['inputs']}, out {o['outputs']}, "
                  f"ops {o['ops']}")
    if a.json:
        a.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
