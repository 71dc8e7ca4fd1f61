#!/usr/bin/env python3
"""Train the shipped autoencoder bundles and export them to models/<name>/.

    .venv/bin/python tools/train/train.py --list
    .venv/bin/python tools/train/train.py fashion-mnist-vae [more names...]
    .venv/bin/python tools/train/train.py all

Each run is CPU-only, deterministic (fixed seeds, 2 threads), logs the per-epoch
train and test loss to stdout and to models/<name>/train_log.txt, exports the
encoder and decoder with the TorchScript ONNX exporter (opset 17, dynamic batch
axis), checks with onnxruntime that both ONNX files reproduce the torch outputs
(max abs error < 1e-4, otherwise it fails), and only then writes the bundle:
bundle.json, encoder.onnx, decoder.onnx, data.npz (plus train_log.txt).
The trained weights are also kept in tmp/checkpoints/NAME.pt (gitignored), so
`--export-only` can re-export without retraining.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# The machine is shared: with OpenMP's default busy-waiting, 2 torch threads
# slow down by an order of magnitude when the cores are busy. Must be set before
# torch (libgomp) is loaded.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

OPSET = 17
CHECKPOINTS = common.REPO / "tmp" / "checkpoints"   # gitignored; lets --export-only re-export
EXPORT_TOL = 1e-4


# --------------------------------------------------------------------------- models

class MLPEncoder(nn.Module):
    """x (N,C,H,W) in [0,1] -> (mu, logvar), each (N,latent)."""

    def __init__(self, d_in: int, hidden: list[int], latent: int):
        super().__init__()
        layers: list[nn.Module] = []
        d = d_in
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU()]
            d = h
        self.body = nn.Sequential(*layers)
        self.mu = nn.Linear(d, latent)
        self.logvar = nn.Linear(d, latent)

    def forward(self, x):
        h = self.body(x.view(x.size(0), -1))
        return self.mu(h), self.logvar(h)


class MLPDecoder(nn.Module):
    """z (N,latent) -> x_hat (N,C,H,W) as logits (no sigmoid in the graph)."""

    def __init__(self, latent: int, hidden: list[int], shape: tuple[int, int, int]):
        super().__init__()
        layers: list[nn.Module] = []
        d = latent
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU()]
            d = h
        layers.append(nn.Linear(d, int(np.prod(shape))))
        self.body = nn.Sequential(*layers)
        self.shape = shape

    def forward(self, z):
        c, h, w = self.shape
        return self.body(z).view(-1, c, h, w)


class ConvEncoder(nn.Module):
    """x (N,1,28,28) -> z (N,latent). Strided Conv2d + BatchNorm2d + LeakyReLU."""

    def __init__(self, latent: int, ch=(32, 64, 128)):
        super().__init__()
        c1, c2, c3 = ch
        self.body = nn.Sequential(
            nn.Conv2d(1, c1, 4, stride=2, padding=1), nn.BatchNorm2d(c1), nn.LeakyReLU(0.2),   # 14x14
            nn.Conv2d(c1, c2, 4, stride=2, padding=1), nn.BatchNorm2d(c2), nn.LeakyReLU(0.2),  # 7x7
            nn.Conv2d(c2, c3, 3, stride=2, padding=1), nn.BatchNorm2d(c3), nn.LeakyReLU(0.2),  # 4x4
            nn.Flatten(),
            nn.Linear(c3 * 16, latent),
        )

    def forward(self, x):
        return self.body(x)


class ConvDecoder(nn.Module):
    """z (N,latent) -> x_hat (N,1,28,28) in [0,1] (Sigmoid inside the graph)."""

    def __init__(self, latent: int, ch=(128, 64, 32)):
        super().__init__()
        c1, c2, c3 = ch
        self.c1 = c1
        self.fc = nn.Sequential(nn.Linear(latent, c1 * 16), nn.LeakyReLU(0.2))
        self.body = nn.Sequential(
            nn.ConvTranspose2d(c1, c2, 3, stride=2, padding=1), nn.BatchNorm2d(c2), nn.LeakyReLU(0.2),  # 7x7
            nn.ConvTranspose2d(c2, c3, 4, stride=2, padding=1), nn.BatchNorm2d(c3), nn.LeakyReLU(0.2),  # 14x14
            nn.ConvTranspose2d(c3, 1, 4, stride=2, padding=1),                                        # 28x28
            nn.Sigmoid(),
        )

    def forward(self, z):
        return self.body(self.fc(z).view(-1, self.c1, 4, 4))


class LSTMEncoder(nn.Module):
    """x (N,T,F) -> z (N,latent): an LSTM over the steps, its last hidden state through a Linear."""

    def __init__(self, features: int, hidden: int, latent: int):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, batch_first=True)
        self.to_z = nn.Linear(hidden, latent)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.to_z(h[-1])


class LSTMDecoder(nn.Module):
    """z (N,latent) -> x_hat (N,T,F): the code repeated at every step (RepeatVector) beside the step's position
    in [-1, 1], an LSTM, and a per-step Linear to the features (no output activation). The position lets the
    decoder know where it is in a long series without counting steps in its state."""

    def __init__(self, latent: int, hidden: int, steps: int, features: int):
        super().__init__()
        self.steps = steps
        self.lstm = nn.LSTM(latent + 1, hidden, batch_first=True)
        self.out = nn.Linear(hidden, features)
        self.register_buffer("position", torch.linspace(-1, 1, steps).view(1, steps, 1))

    def forward(self, z):
        n = z.size(0)
        y, _ = self.lstm(torch.cat([z.unsqueeze(1).expand(-1, self.steps, -1), self.position.expand(n, -1, -1)], 2))
        return self.out(y)


# --------------------------------------------------------------------------- specs

@dataclass
class Spec:
    name: str
    title: str
    kind: str                       # "vae" or "ae"
    latent: int
    shape: tuple[int, int, int]
    x_scale: int
    classes: list[str]
    activation: str                 # decoder output activation the app must apply
    load: Callable[[], dict]        # -> dict(train=(x,y), test=(x,y), bundle=(x,y))
    build: Callable[[], tuple[nn.Module, nn.Module]]
    epochs: int
    batch: int
    lr: float
    lr_final: float                 # cosine decay to this learning rate
    loss: str                       # "bce_logits" or "mse"
    beta: float = 1.0               # KL weight (vae)
    warmup: int = 0                 # KL warm-up epochs (beta ramps linearly from 0)
    weight_decay: float = 0.0
    seed: int = 0
    notes: list[str] = field(default_factory=list)
    sample_type: str = "image"      # "image" or "sequence" (shape T,F; data stored as float32)
    sample_range: tuple[float, float] = (0, 1)
    anomaly_classes: list[str] = field(default_factory=list)
    clip: float | None = None       # gradient-norm clipping (the LSTM)


def _fashion():
    tr = common.load_fashion("train")
    te = common.load_fashion("test")
    return {"train": tr, "test": te, "bundle": te}


def _digits():
    x, y = common.load_digits_all()
    tr, te = common.digits_split(len(x))
    return {"train": (x[tr], y[tr]), "test": (x[te], y[te]), "bundle": (x, y)}


OSULEAF_CLASSES = ["1", "2", "3", "4", "5", "6"]


def _osuleaf() -> dict:
    if common.ucr_classes() != OSULEAF_CLASSES:
        raise SystemExit(f"{common.UCR_SET}: classes {common.ucr_classes()}, expected {OSULEAF_CLASSES}")
    return common.ucr_anomaly_split()


SPECS: dict[str, Spec] = {}


def _add(s: Spec):
    SPECS[s.name] = s


_add(Spec(
    name="fashion-mnist-vae",
    title="Fashion-MNIST VAE, 16-d latent",
    kind="vae", latent=16, shape=(1, 28, 28), x_scale=255,
    classes=common.FASHION_CLASSES, activation="sigmoid",
    load=_fashion,
    build=lambda: (MLPEncoder(784, [512, 256], 16), MLPDecoder(16, [256, 512], (1, 28, 28))),
    epochs=30, batch=128, lr=1e-3, lr_final=1e-4, loss="bce_logits", beta=1.0, warmup=5,
))

_add(Spec(
    name="fashion-mnist-conv-ae",
    title="Fashion-MNIST convolutional autoencoder, 32-d latent",
    kind="ae", latent=32, shape=(1, 28, 28), x_scale=255,
    classes=common.FASHION_CLASSES, activation="none",
    load=_fashion,
    build=lambda: (ConvEncoder(32), ConvDecoder(32)),
    epochs=15, batch=128, lr=2e-3, lr_final=1e-4, loss="mse",
))

_add(Spec(
    name="digits-vae-2d",
    title="Digits 8x8 VAE, 2-d latent",
    kind="vae", latent=2, shape=(1, 8, 8), x_scale=16,
    classes=common.DIGITS_CLASSES, activation="sigmoid",
    load=_digits,
    build=lambda: (MLPEncoder(64, [256, 128], 2), MLPDecoder(2, [128, 256], (1, 8, 8))),
    epochs=400, batch=64, lr=1e-3, lr_final=1e-4, loss="bce_logits", beta=1.0, warmup=50,
))


_add(Spec(
    name="osuleaf-lstm-ae",
    title="OSULeaf LSTM sequence autoencoder, 8-d latent, class 6 held out as the anomaly",
    kind="ae", latent=8, shape=(427, 1), x_scale=1,
    classes=OSULEAF_CLASSES, activation="none",
    load=_osuleaf,
    build=lambda: (LSTMEncoder(1, 64, 8), LSTMDecoder(8, 64, 427, 1)),
    epochs=120, batch=16, lr=5e-3, lr_final=1e-4, loss="mse", clip=427.0,  # clip 427: 1 for the per-value mean loss
    sample_type="sequence", sample_range=(-4, 4), anomaly_classes=[common.UCR_ANOMALY],
))


# --------------------------------------------------------------------------- training

class Log:
    def __init__(self):
        self.lines: list[str] = []

    def __call__(self, msg: str):
        print(msg, flush=True)
        self.lines.append(msg)


def recon_loss(spec: Spec, out: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Per-sample reconstruction loss summed over pixels, averaged over the batch."""
    if spec.loss == "bce_logits":
        r = F.binary_cross_entropy_with_logits(out, x, reduction="sum")
    else:
        r = F.mse_loss(out, x, reduction="sum")
    return r / x.size(0)


def pixels(spec: Spec, out: torch.Tensor) -> torch.Tensor:
    return torch.sigmoid(out) if spec.activation == "sigmoid" else out


def forward(spec: Spec, enc, dec, x, sample: bool):
    """Returns (decoder raw output, kl per sample averaged over batch)."""
    if spec.kind == "vae":
        mu, logvar = enc(x)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if sample else mu
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / x.size(0)
        return dec(z), kl
    return dec(enc(x)), torch.zeros(())


@torch.no_grad()
def evaluate(spec: Spec, enc, dec, x: torch.Tensor, batch: int = 1000):
    """Test objective (full beta, sampled z for the VAE) and MSE per pixel on mu."""
    enc.eval(); dec.eval()
    g = torch.Generator().manual_seed(1234)
    tot = rec_t = kl_t = mse_t = 0.0
    for i in range(0, len(x), batch):
        xb = x[i:i + batch]
        if spec.kind == "vae":
            mu, logvar = enc(xb)
            eps = torch.randn(mu.shape, generator=g)
            out = dec(mu + eps * torch.exp(0.5 * logvar))
            kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp()) / xb.size(0)
            out_mu = dec(mu)
        else:
            out = out_mu = dec(enc(xb))
            kl = torch.zeros(())
        rec = recon_loss(spec, out, xb)
        n = xb.size(0)
        rec_t += rec.item() * n
        kl_t += kl.item() * n
        tot += (rec + spec.beta * kl).item() * n
        mse_t += F.mse_loss(pixels(spec, out_mu), xb, reduction="sum").item()
    n = len(x)
    return tot / n, rec_t / n, kl_t / n, mse_t / (n * x[0].numel())


def train(spec: Spec, data: dict, log: Log, epochs: int):
    torch.manual_seed(spec.seed)
    np.random.seed(spec.seed)
    enc, dec = spec.build()
    params = list(enc.parameters()) + list(dec.parameters())
    n_params = sum(p.numel() for p in params)
    log(f"# {spec.name}: {spec.kind}, latent {spec.latent}, {n_params} parameters")
    log(f"# encoder: {enc}".replace("\n", "\n# "))
    log(f"# decoder: {dec}".replace("\n", "\n# "))
    opt = torch.optim.Adam(params, lr=spec.lr, weight_decay=spec.weight_decay)
    xtr = torch.from_numpy(data["train"][0]).float().div_(spec.x_scale)
    xte = torch.from_numpy(data["test"][0]).float().div_(spec.x_scale)
    log(f"# train {tuple(xtr.shape)}, test {tuple(xte.shape)}, epochs {epochs}, batch {spec.batch}, "
        f"Adam lr {spec.lr} -> {spec.lr_final} (cosine), loss {spec.loss}"
        + (f", beta {spec.beta}, KL warm-up {spec.warmup} epochs" if spec.kind == "vae" else ""))
    g = torch.Generator().manual_seed(spec.seed)
    log("epoch  beta   lr        train_loss  train_rec   train_kl  test_loss   test_rec    test_kl   test_mse   sec")
    t_start, c_start = time.time(), time.process_time()
    for ep in range(1, epochs + 1):
        t0 = time.time()
        lr = spec.lr_final + 0.5 * (spec.lr - spec.lr_final) * (1 + math.cos(math.pi * (ep - 1) / max(1, epochs - 1)))
        for group in opt.param_groups:
            group["lr"] = lr
        beta = spec.beta * min(1.0, ep / spec.warmup) if spec.warmup else spec.beta
        enc.train(); dec.train()
        perm = torch.randperm(len(xtr), generator=g)
        s_tot = s_rec = s_kl = 0.0
        for i in range(0, len(xtr), spec.batch):
            xb = xtr[perm[i:i + spec.batch]]
            out, kl = forward(spec, enc, dec, xb, sample=True)
            rec = recon_loss(spec, out, xb)
            loss = rec + beta * kl
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if spec.clip:
                nn.utils.clip_grad_norm_(params, spec.clip)
            opt.step()
            n = xb.size(0)
            s_tot += loss.item() * n; s_rec += rec.item() * n; s_kl += kl.item() * n
        n = len(xtr)
        te_tot, te_rec, te_kl, te_mse = evaluate(spec, enc, dec, xte)
        log(f"{ep:5d}  {beta:5.3f}  {lr:.2e}  {s_tot / n:10.4f}  {s_rec / n:10.4f} {s_kl / n:10.4f}"
            f"  {te_tot:10.4f}  {te_rec:10.4f} {te_kl:10.4f}  {te_mse:9.6f}  {time.time() - t0:5.1f}")
    train_sec = time.time() - t_start
    cpu_sec = time.process_time() - c_start
    log(f"# training time: {train_sec:.1f} s wall ({train_sec / 60:.1f} min), {cpu_sec:.1f} s CPU, for {epochs} epochs")
    enc.eval(); dec.eval()
    return enc, dec, train_sec


# --------------------------------------------------------------------------- export

def manifest(spec: Spec) -> dict:
    if spec.kind == "vae":
        encoder = {"file": "encoder.onnx", "input": "x", "mean": "mu", "logvar": "logvar"}
    else:
        encoder = {"file": "encoder.onnx", "input": "x", "output": "z"}
    m = {
        "format": 1,
        "name": spec.title,
        "kind": spec.kind,
        "latent_dim": spec.latent,
        "sample": {"type": spec.sample_type, "shape": list(spec.shape), "range": list(spec.sample_range)},
        "encoder": encoder,
        "decoder": {"file": "decoder.onnx", "input": "z", "output": "x_hat", "activation": spec.activation},
        "data": {"file": "data.npz", "x": "x", "y": "y", "x_scale": spec.x_scale},
        "classes": spec.classes,
    }
    if spec.anomaly_classes:
        m["anomaly_classes"] = spec.anomaly_classes
    return m


def manifest_text(m: dict) -> str:
    """bundle.json text: one top-level key per line, nested values inline."""
    body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in m.items())
    text = "{\n" + body + "\n}\n"
    assert json.loads(text) == m
    return text


def export_onnx(module: nn.Module, example: torch.Tensor, path: Path, in_name: str, out_names: list[str]):
    dyn = {n: {0: "N"} for n in [in_name] + out_names}
    warnings.filterwarnings("ignore", message=".*legacy TorchScript-based ONNX export.*")
    torch.onnx.export(
        module, (example,), str(path),
        dynamo=False, opset_version=OPSET, export_params=True, do_constant_folding=True,
        input_names=[in_name], output_names=out_names, dynamic_axes=dyn,
    )
    import onnx
    model = onnx.load(str(path))
    # The exporter leaves the non-batch dims of a Reshape output symbolic; declare
    # the real (static) shapes, with only the batch axis named "N".
    with torch.no_grad():
        ref = module(example)
    ref = ref if isinstance(ref, tuple) else (ref,)
    for out, r in zip(model.graph.output, ref):
        dims = out.type.tensor_type.shape.dim
        assert len(dims) == r.dim(), (out.name, len(dims), r.shape)
        for i, d in enumerate(dims):
            if i == 0:
                d.Clear(); d.dim_param = "N"
            elif d.dim_param or d.dim_value != r.shape[i]:
                d.Clear(); d.dim_value = int(r.shape[i])
    onnx.save(model, str(path))
    onnx.checker.check_model(model, full_check=True)
    for t in list(model.graph.input) + list(model.graph.output):
        if t.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
            raise SystemExit(f"{path}: {t.name} is not float32")
    for init in model.graph.initializer:
        if init.data_type not in (onnx.TensorProto.FLOAT, onnx.TensorProto.INT64):
            raise SystemExit(f"{path}: initializer {init.name} has data type {init.data_type}")
    return model


def check_onnx(path: Path, module: nn.Module, in_name: str, out_names: list[str], inputs: list[torch.Tensor], log: Log):
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    worst = 0.0
    for x in inputs:
        with torch.no_grad():
            ref = module(x)
        ref = ref if isinstance(ref, tuple) else (ref,)
        got = sess.run(out_names, {in_name: x.numpy()})
        for name, r, o in zip(out_names, ref, got):
            r = r.numpy()
            if r.shape != o.shape:
                raise SystemExit(f"ONNX CHECK FAILED: {path.name} {name}: shape {o.shape} != torch {r.shape}")
            err = float(np.abs(r - o).max())
            worst = max(worst, err)
            if not err < EXPORT_TOL:
                raise SystemExit(f"ONNX CHECK FAILED: {path.name} {name}: max abs error {err:.3g} >= {EXPORT_TOL}")
    log(f"# onnx check {path.name}: outputs {out_names} match torch on batches "
        f"{[len(x) for x in inputs]}, max abs error {worst:.2e}")


def write_bundle(spec: Spec, enc, dec, data: dict, log: Log, out_root: Path):
    out_root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{spec.name}.", dir=out_root))
    try:
        xb, yb = data["bundle"]
        xs = torch.from_numpy(xb).float().div_(spec.x_scale)
        enc_outs = ["mu", "logvar"] if spec.kind == "vae" else ["z"]
        export_onnx(enc, xs[:2], tmp / "encoder.onnx", "x", enc_outs)
        with torch.no_grad():
            codes = enc(xs[:512])
            codes = codes[0] if isinstance(codes, tuple) else codes
        export_onnx(dec, codes[:2], tmp / "decoder.onnx", "z", ["x_hat"])
        # Batch sizes 1, 7 and 512 exercise the dynamic batch axis; random z probes
        # the decoder away from the data too.
        x_checks = [xs[:1], xs[1:8], xs[:512]]
        z_checks = [codes[:1], codes[1:8], codes, torch.randn(64, spec.latent, generator=torch.Generator().manual_seed(7)) * 2]
        check_onnx(tmp / "encoder.onnx", enc, "x", enc_outs, x_checks, log)
        check_onnx(tmp / "decoder.onnx", dec, "z", ["x_hat"], z_checks, log)
        # Images are stored as bytes, sequences as the float32 values.
        x_stored = xb.astype(np.float32 if spec.sample_type == "sequence" else np.uint8)
        np.savez_compressed(tmp / "data.npz", x=x_stored, y=yb.astype(np.int64))
        (tmp / "bundle.json").write_text(manifest_text(manifest(spec)))
        (tmp / "train_log.txt").write_text("\n".join(log.lines) + "\n")
        dest = out_root / spec.name
        if dest.exists():
            shutil.rmtree(dest)
        tmp.rename(dest)
        tmp = None
        for f in sorted(dest.iterdir()):
            print(f"  {f.relative_to(common.REPO) if f.is_relative_to(common.REPO) else f}  {f.stat().st_size:>10d} bytes")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def run(name: str, epochs: int | None, out_root: Path, export_only: bool = False):
    spec = SPECS[name]
    torch.set_num_threads(2)
    log = Log()
    import onnx
    import onnxruntime
    log(f"# {spec.title}")
    log(f"# torch {torch.__version__}, onnx {onnx.__version__}, onnxruntime {onnxruntime.__version__}, "
        f"numpy {np.__version__}, python {platform.python_version()}, {torch.get_num_threads()} threads")
    data = spec.load()
    ckpt = CHECKPOINTS / f"{spec.name}.pt"
    if export_only:
        if not ckpt.exists():
            raise SystemExit(f"{ckpt} not found: train {spec.name} first")
        state = torch.load(ckpt, weights_only=True)
        enc, dec = spec.build()
        enc.load_state_dict(state["encoder"]); dec.load_state_dict(state["decoder"])
        enc.eval(); dec.eval()
        log.lines = [line for line in state["log"] if not line.startswith("# onnx check")]
        print(f"# re-exporting {spec.name} from {ckpt}")
    else:
        enc, dec, sec = train(spec, data, log, epochs or spec.epochs)
        CHECKPOINTS.mkdir(parents=True, exist_ok=True)
        torch.save({"encoder": enc.state_dict(), "decoder": dec.state_dict(), "log": list(log.lines)}, ckpt)
    write_bundle(spec, enc, dec, data, log, out_root)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="bundle names, or 'all'")
    ap.add_argument("--list", action="store_true", help="list the bundle names and exit")
    ap.add_argument("--epochs", type=int, help="override the number of epochs (for quick trials)")
    ap.add_argument("--export-only", action="store_true",
                    help="skip training: re-export from the last checkpoint in tmp/checkpoints/")
    ap.add_argument("--out", type=Path, default=common.MODELS, help="output folder (default: models/)")
    a = ap.parse_args(argv)
    if a.list or not a.names:
        for s in SPECS.values():
            print(f"{s.name:24s} {s.title}  ({s.epochs} epochs)")
        return
    names = list(SPECS) if a.names == ["all"] else a.names
    for n in names:
        if n not in SPECS:
            raise SystemExit(f"unknown bundle {n!r}; known: {', '.join(SPECS)}")
    for n in names:
        run(n, a.epochs, a.out, a.export_only)


if __name__ == "__main__":
    main()
