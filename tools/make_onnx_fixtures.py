#!/usr/bin/env python3
"""Exports autoencoder-shaped PyTorch modules to ONNX and records onnxruntime's outputs as conformance fixtures.

Every module gets seeded random weights and goes through both exporters: the TorchScript exporter
(dynamo=False) at opsets 13 and 17, and the dynamo exporter at opset 18 and at its default opset. Each export is
written to Tests/Fixtures/onnx/<case>/ as

    model.onnx      the exported model (batch dimension dynamic)
    input.npy       a seeded random batch (a different batch size than the export used)
    expected.npz    onnxruntime's outputs, keyed by output name

ONNXTests/TorchFixtureTests runs every case through the interpreter and requires agreement within 1e-4 absolute
or 1e-3 relative. Usage: .venv/bin/python tools/make_onnx_fixtures.py [case-name-prefix ...]
"""
import contextlib
import io
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
OUT = os.path.join(ROOT, "Tests", "Fixtures", "onnx")

# MARK: - Modules


class MLPEncoder(nn.Module):
    """Flatten → Linear → ReLU → Linear → ReLU → Linear (a plain autoencoder's encoder)."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 4))

    def forward(self, x):
        return self.net(x)


class MLPDecoder(nn.Module):
    """Linear → ReLU → Linear → Sigmoid → view(N, 1, 8, 8)."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 32)
        self.fc2 = nn.Linear(32, 64)

    def forward(self, z):
        h = torch.sigmoid(self.fc2(F.relu(self.fc1(z))))
        return h.view(z.size(0), 1, 8, 8)


class VAETwoHeads(nn.Module):
    """A shared trunk with separate mean and log-variance heads."""

    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.Tanh())
        self.mu = nn.Linear(32, 6)
        self.logvar = nn.Linear(32, 6)

    def forward(self, x):
        h = self.trunk(x)
        return self.mu(h), self.logvar(h)


class VAEChunk(nn.Module):
    """One head of twice the latent size, split with chunk (Slice arithmetic or Split in the exports)."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 24)
        self.head = nn.Linear(24, 12)

    def forward(self, x):
        h = F.elu(self.fc(x.view(x.size(0), -1)))
        mu, logvar = self.head(h).chunk(2, dim=1)
        return mu, logvar


class ConvEncoderBN(nn.Module):
    """Conv → BatchNorm → LeakyReLU twice, then x.view(x.size(0), -1) → Linear (mean and log-variance)."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 4, 3, stride=1, padding=1)
        self.b1 = nn.BatchNorm2d(4)
        self.c2 = nn.Conv2d(4, 8, 3, stride=2, padding=1)
        self.b2 = nn.BatchNorm2d(8)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        h = F.leaky_relu(self.b1(self.c1(x)), 0.2)
        h = F.leaky_relu(self.b2(self.c2(h)), 0.2)
        mu, logvar = self.fc(h.view(h.size(0), -1)).chunk(2, dim=1)
        return mu, logvar


class ConvDecoder(nn.Module):
    """Linear → Unflatten → ConvTranspose (stride 2, output_padding) → ReLU → interpolate (nearest) → Conv → Sigmoid."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 8 * 2 * 2)
        self.unflatten = nn.Unflatten(1, (8, 2, 2))
        self.up = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.conv = nn.Conv2d(4, 1, 3, padding=1)

    def forward(self, z):
        h = self.unflatten(self.fc(z))
        h = F.relu(self.up(h))
        h = F.interpolate(h, scale_factor=2, mode="nearest")
        return torch.sigmoid(self.conv(h))


class ConvDecoderBilinear(nn.Module):
    """view → grouped, dilated ConvTranspose → bilinear interpolate → Conv with groups → Tanh."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 8 * 3 * 3)
        self.up = nn.ConvTranspose2d(8, 8, 4, stride=2, padding=1, groups=2)
        self.conv = nn.Conv2d(8, 2, 3, padding=2, dilation=2, groups=2)

    def forward(self, z):
        h = self.fc(z).view(-1, 8, 3, 3)
        h = F.gelu(self.up(h))
        h = F.interpolate(h, size=(9, 9), mode="bilinear", align_corners=False)
        return torch.tanh(self.conv(h))


class DeconvBNDecoder(nn.Module):
    """Linear → Unflatten → ConvTranspose → BatchNorm → LeakyReLU → grouped ConvTranspose → BatchNorm → Sigmoid."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 8 * 2 * 2)
        self.body = nn.Sequential(
            nn.Unflatten(1, (8, 2, 2)),
            nn.ConvTranspose2d(8, 6, 4, stride=2, padding=1), nn.BatchNorm2d(6), nn.LeakyReLU(0.1),
            nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2), nn.BatchNorm2d(4), nn.Sigmoid())

    def forward(self, z):
        return self.body(self.fc(z))


class GeluSiluMLP(nn.Module):
    """GELU (exact and tanh), SiLU, Softplus and LayerNorm between Linear layers."""

    def __init__(self):
        super().__init__()
        self.a = nn.Linear(64, 32)
        self.norm = nn.LayerNorm(32)
        self.b = nn.Linear(32, 32)
        self.c = nn.Linear(32, 16)
        self.d = nn.Linear(16, 8)

    def forward(self, x):
        h = F.gelu(self.norm(self.a(x.flatten(1))))
        h = F.silu(self.b(h))
        h = F.gelu(self.c(h), approximate="tanh")
        return F.softplus(self.d(h)) - 1.0


class PoolEncoder(nn.Module):
    """Conv → InstanceNorm → MaxPool → Conv → AvgPool → global average pool → SELU → Linear, with reflection padding."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 6, 3)
        self.norm = nn.InstanceNorm2d(6, affine=True)
        self.c2 = nn.Conv2d(6, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        h = F.pad(x, (1, 1, 1, 1), mode="reflect")
        h = F.max_pool2d(self.norm(self.c1(h)), 2)
        h = F.avg_pool2d(F.hardswish(self.c2(h)), 2)
        h = F.adaptive_avg_pool2d(h, 1).flatten(1)
        return self.fc(F.selu(h))


class SequenceAE(nn.Module):
    """An LSTM encoder and a GRU decoder over a sequence, batch first."""

    def __init__(self):
        super().__init__()
        self.enc = nn.LSTM(3, 8, batch_first=True)
        self.to_z = nn.Linear(8, 4)
        self.dec = nn.GRU(4, 6, batch_first=True)
        self.out = nn.Linear(6, 3)

    def forward(self, x):
        _, (h, _) = self.enc(x)
        z = self.to_z(h[-1])
        steps = z.unsqueeze(1).expand(-1, x.size(1), -1)
        y, _ = self.dec(steps)
        return self.out(y), z


CASES = [
    ("mlp_encoder", MLPEncoder, (1, 8, 8)),
    ("mlp_decoder", MLPDecoder, (4,)),
    ("vae_two_heads", VAETwoHeads, (1, 8, 8)),
    ("vae_chunk", VAEChunk, (1, 8, 8)),
    ("conv_encoder_bn", ConvEncoderBN, (1, 8, 8)),
    ("conv_decoder", ConvDecoder, (4,)),
    ("conv_decoder_bilinear", ConvDecoderBilinear, (4,)),
    ("deconv_bn_decoder", DeconvBNDecoder, (4,)),
    ("gelu_silu_mlp", GeluSiluMLP, (1, 8, 8)),
    ("pool_encoder", PoolEncoder, (1, 10, 10)),
    ("sequence_ae", SequenceAE, (5, 3)),
]

EXPORTS = [("ts13", False, 13), ("ts17", False, 17), ("dynamo18", True, 18), ("dynamo", True, None)]

# MARK: - Export


def init_weights(module, seed):
    """Seeded random weights (and BatchNorm statistics, so the normalisation does something)."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.4)
        for m in module.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.2)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)


def export(module, example, path, dynamo, opset, output_names):
    quiet = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        warnings.simplefilter("ignore")
        if dynamo:
            kwargs = {} if opset is None else {"opset_version": opset}
            torch.onnx.export(module, (example,), path, dynamo=True, external_data=False, input_names=["x"],
                              output_names=output_names,
                              dynamic_shapes=({0: torch.export.Dim("batch", min=1, max=4096)},), **kwargs)
        else:
            torch.onnx.export(module, (example,), path, dynamo=False, opset_version=opset, input_names=["x"],
                              output_names=output_names, dynamic_axes={"x": {0: "batch"}})


def main(prefixes):
    os.makedirs(OUT, exist_ok=True)
    for index, (name, cls, shape) in enumerate(CASES):
        for tag, dynamo, opset in EXPORTS:
            case = f"{name}_{tag}"
            if prefixes and not any(case.startswith(p) for p in prefixes):
                continue
            torch.manual_seed(index)
            module = cls().eval()
            init_weights(module, seed=100 + index)
            example = torch.randn((2,) + shape, generator=torch.Generator().manual_seed(index))
            x = torch.randn((3,) + shape, generator=torch.Generator().manual_seed(1000 + index)).numpy()
            with torch.no_grad():
                reference = module(torch.from_numpy(x))
            count = len(reference) if isinstance(reference, tuple) else 1
            output_names = ["y"] if count == 1 else [f"y{i}" for i in range(count)]
            folder = os.path.join(OUT, case)
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            path = os.path.join(folder, "model.onnx")
            export(module, example, path, dynamo, opset, output_names)
            model = onnx.load(path)
            session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            names = [o.name for o in session.get_outputs()]
            outputs = session.run(None, {session.get_inputs()[0].name: x})
            np.save(os.path.join(folder, "input.npy"), x)
            np.savez(os.path.join(folder, "expected.npz"), **dict(zip(names, outputs)))
            ops = sorted({n.op_type for n in model.graph.node})
            opset_used = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
            print(f"{case}: opset {opset_used}, {len(model.graph.node)} nodes: {' '.join(ops)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
