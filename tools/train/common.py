"""Shared helpers for the model tools: data loading and bundle reading.

Used by train.py, evaluate.py and tools/make_shipped_fixtures.py.
"""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
MODELS = REPO / "models"

FASHION_CLASSES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]
DIGITS_CLASSES = [str(i) for i in range(10)]

# Where the Fashion-MNIST IDX files are looked for, in order. The Debian package
# dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist.
FASHION_DIRS = [
    os.environ.get("FASHION_MNIST_DIR", ""),
    "/usr/share/datasets/fashion-mnist",
    str(REPO),
]


def _read_idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size mismatch")
    return data.reshape(dims)


def fashion_dir() -> Path:
    for d in FASHION_DIRS:
        if d and (Path(d) / "t10k-images-idx3-ubyte.gz").exists():
            return Path(d)
    raise SystemExit(
        "Fashion-MNIST not found. Install it with `apt-get install dataset-fashion-mnist` "
        "or set FASHION_MNIST_DIR to a folder holding the four *-ubyte.gz files.")


def load_fashion(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (x uint8 (N,1,28,28), y int64 (N,)) for split 'train' or 'test'."""
    d = fashion_dir()
    prefix = {"train": "train", "test": "t10k"}[split]
    x = _read_idx(d / f"{prefix}-images-idx3-ubyte.gz")
    y = _read_idx(d / f"{prefix}-labels-idx1-ubyte.gz")
    return x.reshape(-1, 1, 28, 28).copy(), y.astype(np.int64)


def load_digits_all() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 sklearn digits: (x uint8 0..16 (N,1,8,8), y int64 (N,))."""
    from sklearn.datasets import load_digits
    d = load_digits()
    x = d.images.astype(np.uint8).reshape(-1, 1, 8, 8)
    assert x.max() <= 16
    return x, d.target.astype(np.int64)


def digits_split(n: int = 1797, n_test: int = 360, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Fixed train/held-out index split of the digits used for training."""
    perm = np.random.default_rng(seed).permutation(n)
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def load_ucr(name: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """A univariate UCR time-series set as sktime's wheel carries it (sktime/datasets/data/NAME/NAME_{TRAIN,TEST}.ts):
    {"train": (x float32 (N,T), labels as strings (N,)), "test": ...}. Only equal-length univariate sets."""
    from importlib.resources import files
    folder = files("sktime") / "datasets" / "data" / name
    out = {}
    for split in ("train", "test"):
        xs, ys = [], []
        for line in (folder / f"{name}_{split.upper()}.ts").read_text().splitlines():
            line = line.strip()
            if not line or line.startswith(("@", "#")):
                continue
            values, label = line.rsplit(":", 1)
            if ":" in values:
                raise ValueError(f"{name}: not a univariate set")
            xs.append([float(v) for v in values.split(",")])
            ys.append(label)
        if len({len(x) for x in xs}) != 1:
            raise ValueError(f"{name}: series of different lengths")
        out[split] = (np.array(xs, dtype=np.float32), np.array(ys))
    return out


# The anomaly bundle's data: OSULeaf (leaf outlines as 427-step series, 6 classes), the largest equal-length set
# with more than two classes that sktime's wheel carries. Class 6, the rarest, is held out as the anomaly.
UCR_SET = "OSULeaf"
UCR_ANOMALY = "6"


def ucr_classes(name: str = UCR_SET) -> list[str]:
    """The class labels of a UCR set, in numeric order when they are numbers."""
    labels = set(load_ucr(name)["train"][1])
    numeric = all(c.lstrip("-").replace(".", "", 1).isdigit() for c in labels)
    return [str(c) for c in (sorted(labels, key=float) if numeric else sorted(labels))]


def ucr_anomaly_split(name: str = UCR_SET, anomaly: str = UCR_ANOMALY) -> dict:
    """train: the normal series of the UCR train split (the model and the PCA baseline are fitted on these);
    test: the normal series of the UCR test split (the logged test loss); bundle: the whole test split, anomalies
    included (the data the scores are measured on). x (N,T,1) float32, y class indices into ucr_classes."""
    d = load_ucr(name)
    classes = ucr_classes(name)
    (xtr, ltr), (xte, lte) = d["train"], d["test"]
    ytr = np.array([classes.index(c) for c in ltr], np.int64)
    yte = np.array([classes.index(c) for c in lte], np.int64)
    a = classes.index(anomaly)
    return {"train": (xtr[ytr != a, :, None], ytr[ytr != a]), "test": (xte[yte != a, :, None], yte[yte != a]),
            "bundle": (xte[:, :, None], yte)}


class Bundle:
    """A model bundle folder read through its bundle.json, run with onnxruntime."""

    def __init__(self, path: Path):
        import onnxruntime as ort
        self.path = Path(path)
        self.manifest = json.loads((self.path / "bundle.json").read_text())
        m = self.manifest
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.enc = ort.InferenceSession(str(self.path / m["encoder"]["file"]), opts,
                                        providers=["CPUExecutionProvider"])
        self.dec = ort.InferenceSession(str(self.path / m["decoder"]["file"]), opts,
                                        providers=["CPUExecutionProvider"])
        data = np.load(self.path / m["data"]["file"])
        self.x_raw = data[m["data"]["x"]]
        self.y = data[m["data"]["y"]]
        self.x_scale = float(m["data"]["x_scale"])

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    def scaled(self, x_raw: np.ndarray) -> np.ndarray:
        return (x_raw.astype(np.float32) / np.float32(self.x_scale)).astype(np.float32)

    def encode(self, x: np.ndarray, batch: int = 1000) -> dict[str, np.ndarray]:
        """Encoder outputs keyed by manifest role: 'mean'/'logvar' (vae) or 'output' (ae)."""
        e = self.manifest["encoder"]
        roles = ["mean", "logvar"] if self.kind == "vae" else ["output"]
        names = [e[r] for r in roles]
        outs: dict[str, list] = {r: [] for r in roles}
        for i in range(0, len(x), batch):
            res = self.enc.run(names, {e["input"]: x[i:i + batch]})
            for r, v in zip(roles, res):
                outs[r].append(v)
        return {r: np.concatenate(v) for r, v in outs.items()}

    def codes(self, x: np.ndarray) -> np.ndarray:
        """The code used to represent a sample: mu for a VAE, z for an AE."""
        out = self.encode(x)
        return out["mean"] if self.kind == "vae" else out["output"]

    def decode_raw(self, z: np.ndarray, batch: int = 1000) -> np.ndarray:
        d = self.manifest["decoder"]
        return np.concatenate([self.dec.run([d["output"]], {d["input"]: z[i:i + batch]})[0]
                               for i in range(0, len(z), batch)])

    def decode(self, z: np.ndarray) -> np.ndarray:
        """Decoder output with the manifest activation applied (pixels in [0,1])."""
        raw = self.decode_raw(z)
        if self.manifest["decoder"]["activation"] == "sigmoid":
            return (1.0 / (1.0 + np.exp(-raw.astype(np.float64)))).astype(np.float32)
        return raw


def bundle_dirs() -> list[Path]:
    return sorted(p.parent for p in MODELS.glob("*/bundle.json"))
