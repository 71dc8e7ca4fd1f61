#!/usr/bin/env python3
"""Writes bundles of autoencoders shaped the way people export them (Tests/Fixtures/exported/<family>/).

Four families, each with seeded random weights, small enough for the tests, exported from torch (TorchScript
exporter, opset 17, batch dimension dynamic):

    kl-vae      an AutoencoderKL-style conv VAE: RGB 3×32×32 samples in [-1, 1], GroupNorm and SiLU, the encoder
                returning mean and log-variance stacked along channels in one tensor (8×8×8 'moments', as
                diffusers' DiagonalGaussianDistribution takes them), a spatial 4×8×8 latent
    vq          a VQ-style model: the encoder's pre-quantisation output (4×4×4), the decoder quantising it against a
                codebook (nearest code by ArgMin and Gather) before its convolutions
    keras       a channels-last Keras-style conv VAE: NHWC input 16×16×3, Transposes around the convolutions as
                tf2onnx writes them, two outputs (z_mean, z_log_var), NHWC output through a sigmoid
    lstm        an LSTM sequence autoencoder: 32 steps of 2 features, an 8-d code, an LSTM decoder

Each folder holds encoder.onnx, decoder.onnx, bundle.json (a manifest), data.npz (x, y), y.npy (the labels
again, for bring-your-own) and expected.npz: onnxruntime's encoder outputs on the first samples of x and decoder
outputs on their codes, which LatentSpaceTests compare with the interpreter's.

Usage: .venv/bin/python tools/make_exported_fixtures.py [family ...]
"""
import contextlib
import io
import json
import os
import shutil
import sys
import warnings

import numpy as np
import onnx
import onnxruntime as ort
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "exported")
COUNT = 60
CHECKED = 8
CLASSES = ["disc", "square", "bar"]

# MARK: - Data


def shapes(count, size, channels, seed):
    """Images of three classes (a disc, a square, a bar) in random colours and places, values in [0, 1], HWC."""
    rng = np.random.default_rng(seed)
    labels = np.arange(count) % 3
    yy, xx = np.mgrid[0:size, 0:size] / (size - 1)
    images = np.zeros((count, size, size, channels), np.float32)
    for i, label in enumerate(labels):
        cx, cy = rng.uniform(0.3, 0.7, 2)
        r = rng.uniform(0.15, 0.3)
        if label == 0:
            mask = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
        elif label == 1:
            mask = (abs(xx - cx) < r) & (abs(yy - cy) < r)
        else:
            mask = abs(xx - cx) < r / 3
        colour = rng.uniform(0.3, 1.0, channels)
        images[i] = 0.1 + mask[..., None] * colour * 0.85
    return images, labels.astype(np.int64)


def waves(count, steps, seed):
    """Sequences of two features (a sine and a cosine at three frequencies, with noise), T × F."""
    rng = np.random.default_rng(seed)
    labels = np.arange(count) % 3
    t = np.linspace(0, 1, steps)
    x = np.zeros((count, steps, 2), np.float32)
    for i, label in enumerate(labels):
        f = (1, 2, 4)[label] * 2 * np.pi
        phase = rng.uniform(0, 2 * np.pi)
        x[i, :, 0] = np.sin(f * t + phase)
        x[i, :, 1] = 0.5 * np.cos(f * t + phase)
    x += rng.normal(0, 0.05, x.shape).astype(np.float32)
    return np.clip(x, -1, 1).astype(np.float32), labels.astype(np.int64)

# MARK: - Modules


class KLEncoder(nn.Module):
    """Conv, GroupNorm, SiLU down to 8×8, then a 1×1 'quant_conv' to 2 × 4 channels: mean and logvar stacked."""

    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(3, 16, 3, padding=1)
        self.down1 = nn.Conv2d(16, 16, 3, stride=2, padding=1)
        self.norm1 = nn.GroupNorm(4, 16)
        self.down2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
        self.norm2 = nn.GroupNorm(4, 32)
        self.conv_out = nn.Conv2d(32, 8, 3, padding=1)
        self.quant_conv = nn.Conv2d(8, 8, 1)

    def forward(self, x):
        h = self.conv_in(x)
        h = F.silu(self.norm1(self.down1(h)))
        h = F.silu(self.norm2(self.down2(h)))
        return self.quant_conv(self.conv_out(h))


class KLDecoder(nn.Module):
    """A 1×1 'post_quant_conv', then convolutions and nearest upsampling back to 3×32×32 (no output activation)."""

    def __init__(self):
        super().__init__()
        self.post_quant_conv = nn.Conv2d(4, 4, 1)
        self.conv_in = nn.Conv2d(4, 32, 3, padding=1)
        self.norm1 = nn.GroupNorm(4, 32)
        self.up1 = nn.Conv2d(32, 16, 3, padding=1)
        self.norm2 = nn.GroupNorm(4, 16)
        self.up2 = nn.Conv2d(16, 16, 3, padding=1)
        self.conv_out = nn.Conv2d(16, 3, 3, padding=1)

    def forward(self, z):
        h = F.silu(self.norm1(self.conv_in(self.post_quant_conv(z))))
        h = F.silu(self.norm2(self.up1(F.interpolate(h, scale_factor=2.0, mode="nearest"))))
        h = F.silu(self.up2(F.interpolate(h, scale_factor=2.0, mode="nearest")))
        return self.conv_out(h)


class VQEncoder(nn.Module):
    """Grey 1×16×16 down to a 4×4×4 pre-quantisation code."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Conv2d(1, 8, 3, stride=2, padding=1), nn.ReLU(),
                                 nn.Conv2d(8, 8, 3, stride=2, padding=1), nn.ReLU(), nn.Conv2d(8, 4, 1))

    def forward(self, x):
        return self.net(x)


class VQDecoder(nn.Module):
    """Quantises each position's 4-vector to the nearest of 16 codebook entries, then upsamples to 1×16×16."""

    def __init__(self):
        super().__init__()
        self.codebook = nn.Parameter(torch.randn(16, 4))
        self.net = nn.Sequential(nn.ConvTranspose2d(4, 8, 4, stride=2, padding=1), nn.ReLU(),
                                 nn.ConvTranspose2d(8, 1, 4, stride=2, padding=1))

    def forward(self, z):
        n, c, h, w = z.shape
        flat = z.permute(0, 2, 3, 1).reshape(-1, c)
        distances = (flat * flat).sum(1, keepdim=True) - 2 * flat @ self.codebook.t() + (self.codebook ** 2).sum(1)
        quantised = self.codebook[distances.argmin(1)].reshape(n, h, w, c).permute(0, 3, 1, 2)
        return torch.sigmoid(self.net(quantised))


class KerasEncoder(nn.Module):
    """NHWC in: a Transpose to NCHW (as tf2onnx inserts), convolutions, a Transpose back before Flatten (Keras
    flattens channels-last), Dense layers to z_mean and z_log_var."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.dense = nn.Linear(4 * 4 * 16, 32)
        self.z_mean = nn.Linear(32, 8)
        self.z_log_var = nn.Linear(32, 8)

    def forward(self, x):
        h = x.permute(0, 3, 1, 2)
        h = F.relu(self.conv2(F.relu(self.conv1(h))))
        h = F.relu(self.dense(h.permute(0, 2, 3, 1).flatten(1)))
        return self.z_mean(h), self.z_log_var(h)


class KerasDecoder(nn.Module):
    """Dense to a channels-last 4×4×16 map, Transposes around transposed convolutions, NHWC sigmoid output."""

    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(8, 4 * 4 * 16)
        self.up1 = nn.ConvTranspose2d(16, 8, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(8, 3, 4, stride=2, padding=1)

    def forward(self, z):
        h = F.relu(self.dense(z)).reshape(-1, 4, 4, 16).permute(0, 3, 1, 2)
        h = self.up2(F.relu(self.up1(h)))
        return torch.sigmoid(h.permute(0, 2, 3, 1))


class LSTMEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(2, 16, batch_first=True)
        self.to_z = nn.Linear(16, 8)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.to_z(h[-1])


class LSTMDecoder(nn.Module):
    """Repeats the code over 32 steps (RepeatVector), an LSTM, a per-step Dense to 2 features."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.out = nn.Linear(16, 2)

    def forward(self, z):
        y, _ = self.lstm(z.unsqueeze(1).expand(-1, 32, -1))
        return torch.tanh(self.out(y))

# MARK: - Families


def kl_vae():
    x, y = shapes(COUNT, 32, 3, seed=1)
    x = (x * 2 - 1).transpose(0, 3, 1, 2)  # [-1, 1], NCHW
    manifest = {
        "name": "AutoencoderKL-style VAE, 4×8×8 latent", "kind": "vae", "latent_shape": [4, 8, 8],
        "sample": {"type": "image", "shape": [3, 32, 32], "range": [-1, 1]},
        "encoder": {"file": "encoder.onnx", "output": "moments", "moments": "channels"},
        "decoder": {"file": "decoder.onnx"},
    }
    return KLEncoder(), KLDecoder(), x.astype(np.float32), y, ["moments"], manifest


def vq():
    x, y = shapes(COUNT, 16, 1, seed=2)
    x = (x.transpose(0, 3, 1, 2) * 255).round().astype(np.uint8)
    manifest = {
        "name": "VQ-style model, 4×4×4 latent", "kind": "ae", "latent_shape": [4, 4, 4],
        "sample": {"type": "image", "shape": [1, 16, 16]},
        "encoder": {"file": "encoder.onnx"}, "decoder": {"file": "decoder.onnx"},
        "data_scale": 255,
    }
    return VQEncoder(), VQDecoder(), x, y, ["z_e"], manifest


def keras():
    x, y = shapes(COUNT, 16, 3, seed=3)
    x = (x * 255).round().astype(np.uint8)
    manifest = {
        "name": "Keras-style conv VAE (channels last)", "kind": "vae", "latent_dim": 8,
        "sample": {"type": "image", "shape": [16, 16, 3], "layout": "nhwc"},
        "encoder": {"file": "encoder.onnx", "mean": "z_mean", "logvar": "z_log_var"},
        "decoder": {"file": "decoder.onnx"},
        "data_scale": 255,
    }
    return KerasEncoder(), KerasDecoder(), x, y, ["z_mean", "z_log_var"], manifest


def lstm():
    x, y = waves(COUNT, 32, seed=4)
    manifest = {
        "name": "LSTM sequence autoencoder", "kind": "ae", "latent_dim": 8,
        "sample": {"type": "sequence", "shape": [32, 2], "range": [-1, 1]},
        "encoder": {"file": "encoder.onnx"}, "decoder": {"file": "decoder.onnx"},
    }
    return LSTMEncoder(), LSTMDecoder(), x, y, ["z"], manifest


FAMILIES = {"kl-vae": kl_vae, "vq": vq, "keras": keras, "lstm": lstm}

# MARK: - Export


def init_weights(module, seed):
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            fan_in = p[0].numel() if p.dim() > 1 else 1
            scale = 1.0 if "codebook" in name else (0.9 / np.sqrt(fan_in) if p.dim() > 1 else 0.05)
            p.copy_(torch.randn(p.shape, generator=gen) * scale)
            if "norm" in name and name.endswith("weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=gen))


def export(module, example, path, input_name, output_names):
    quiet = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        warnings.simplefilter("ignore")
        torch.onnx.export(module, (example,), path, dynamo=False, opset_version=17, input_names=[input_name],
                          output_names=output_names,
                          dynamic_axes={input_name: {0: "batch"}, **{o: {0: "batch"} for o in output_names}})


def make(name, seed):
    encoder, decoder, x, y, encoder_outputs, manifest = FAMILIES[name]()
    torch.manual_seed(seed)
    init_weights(encoder, 10 + seed)
    init_weights(decoder, 20 + seed)
    encoder.eval()
    decoder.eval()
    folder = os.path.join(OUT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    scale = manifest.pop("data_scale", 1)
    xf = torch.from_numpy(x.astype(np.float32) / scale)
    export(encoder, xf[:2], os.path.join(folder, "encoder.onnx"), "x", encoder_outputs)
    with torch.no_grad():
        code = encoder(xf[:2])
        code = code[0] if isinstance(code, tuple) else code
        if manifest.get("encoder", {}).get("moments") == "channels":
            code = code[:, : code.shape[1] // 2]
    decoder_output = "x_hat"
    export(decoder, code, os.path.join(folder, "decoder.onnx"), "z", [decoder_output])

    np.savez_compressed(os.path.join(folder, "data.npz"), x=x, y=y)
    np.save(os.path.join(folder, "y.npy"), y)
    manifest = {"format": 1, **manifest,
                "data": {"file": "data.npz", "x": "x", "y": "y", **({"x_scale": scale} if scale != 1 else {})},
                "classes": CLASSES}
    with open(os.path.join(folder, "bundle.json"), "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # onnxruntime's outputs: the encoder on every sample, the decoder on the codes.
    enc = ort.InferenceSession(os.path.join(folder, "encoder.onnx"), providers=["CPUExecutionProvider"])
    dec = ort.InferenceSession(os.path.join(folder, "decoder.onnx"), providers=["CPUExecutionProvider"])
    outputs = dict(zip(encoder_outputs, enc.run(None, {"x": xf.numpy()})))
    code = outputs[encoder_outputs[0]]
    if manifest["encoder"].get("moments") == "channels":
        code = code[:, : code.shape[1] // 2]
    with torch.no_grad():
        reference = encoder(xf)
        reference = reference[0] if isinstance(reference, tuple) else reference
    assert np.allclose(reference.numpy(), outputs[encoder_outputs[0]], atol=1e-4), f"{name}: torch and onnxruntime differ"
    decoded = dec.run(None, {"z": np.ascontiguousarray(code)})[0]
    # The first few samples are enough to compare (and keep the files small).
    kept = {k: v[:CHECKED] for k, v in outputs.items()}
    np.savez_compressed(os.path.join(folder, "expected.npz"), codes=code.reshape(len(x), -1)[:CHECKED],
                        decoded=decoded[:CHECKED], **kept)
    sizes = {f: os.path.getsize(os.path.join(folder, f)) for f in sorted(os.listdir(folder))}
    ops = sorted({n.op_type for f in ("encoder.onnx", "decoder.onnx") for n in onnx.load(os.path.join(folder, f)).graph.node})
    print(f"{name}: code {list(code.shape[1:])}, output {list(decoded.shape[1:])}, ops {' '.join(ops)}, "
          f"{sum(sizes.values())} bytes", file=sys.stderr)


def main(names):
    os.makedirs(OUT, exist_ok=True)
    for seed, name in enumerate(FAMILIES):
        if names and name not in names:
            continue
        make(name, seed)


if __name__ == "__main__":
    main(sys.argv[1:])
