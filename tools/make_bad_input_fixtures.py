#!/usr/bin/env python3
"""Writes the small files the bad-input matrix (Tests/e2e/bad_inputs.sh) builds its broken bundles from.

Run with the tool virtualenv: `.venv/bin/python tools/make_bad_input_fixtures.py`. Needs numpy and onnx. The
outputs (Tests/Fixtures/bad_inputs/) are committed, so the tests never need Python. The samples are the first
64 of the shipped digits bundle (models/digits-vae-2d), so each file fits that bundle's encoder except where it
is broken on purpose. Deterministic: rerunning writes the same bytes (zip timestamps aside).
"""
import os
import struct
import zlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "Fixtures", "bad_inputs")
DIGITS = os.path.join(HERE, "..", "models", "digits-vae-2d", "data.npz")
N = 64


def png_bytes(width, height):
    """A valid grey-scale PNG (a file of the wrong type wherever an .npy, .npz, .onnx or bundle.json is expected)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes((x * 255 // max(width - 1, 1)) for x in range(width)) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def nan_decoder(path):
    """A decoder with the digits bundle's interface (z [N,2] → x_hat [N,1,8,8]) whose every output is NaN."""
    rng = np.random.default_rng(1)
    w = rng.normal(0, 0.3, (2, 64)).astype(np.float32)
    b = np.zeros(64, np.float32)
    b[::5] = np.nan
    nodes = [
        helper.make_node("MatMul", ["z", "w"], ["zw"], name="project"),
        helper.make_node("Add", ["zw", "b"], ["flat"], name="bias"),
        helper.make_node("Reshape", ["flat", "shape"], ["x_hat"], name="unflatten"),
    ]
    inits = [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b"),
             numpy_helper.from_array(np.array([-1, 1, 8, 8], np.int64), "shape")]
    graph = helper.make_graph(nodes, "nan_decoder",
                              [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", 2])],
                              [helper.make_tensor_value_info("x_hat", TensorProto.FLOAT, ["N", 1, 8, 8])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_bad_input_fixtures")
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    os.makedirs(OUT, exist_ok=True)
    digits = np.load(DIGITS)
    x = digits["x"][:N]
    y = digits["y"][:N].astype(np.int64)
    xf = (x.astype(np.float32) / 16).astype(np.float32)

    def out(name):
        return os.path.join(OUT, name)

    # Bundle data files (each replaces the digits bundle's data.npz).
    nan_x = xf.copy()
    nan_x[5, 0, 3, 4] = np.nan
    np.savez_compressed(out("data-nan.npz"), x=nan_x, y=y)
    inf_x = xf.copy()
    inf_x[7, 0, 2, 2] = np.inf
    np.savez_compressed(out("data-inf.npz"), x=inf_x, y=y)
    np.savez_compressed(out("data-short-labels.npz"), x=x, y=y[:N - 1])
    small = np.random.default_rng(2).integers(0, 17, (N, 1, 4, 4), dtype=np.uint8)
    np.savez_compressed(out("data-4x4.npz"), x=small, y=y)

    # Bring-your-own and matrix-command arrays.
    np.save(out("x.npy"), xf)
    np.save(out("x-nan.npy"), nan_x)
    np.save(out("x-inf.npy"), inf_x)
    np.save(out("x-4x4.npy"), (small.astype(np.float32) / 16).astype(np.float32))
    np.save(out("labels.npy"), y)
    z = np.random.default_rng(3).normal(0, 1, (N, 2)).astype(np.float32)
    np.save(out("z.npy"), z)
    z[9, 1] = np.nan
    np.save(out("z-nan.npy"), z)
    np.save(out("labels-short.npy"), y[:N - 1])

    np.save(out("image.npy"), xf[0, 0] / 1.0)
    nan_image = xf[0, 0].copy()
    nan_image[4, 4] = np.nan
    np.save(out("image-nan.npy"), nan_image)

    nan_decoder(out("nan-decoder.onnx"))
    with open(out("image.png"), "wb") as f:
        f.write(png_bytes(8, 8))
    with open(out("notes.txt"), "w") as f:
        f.write("These are notes, not an array, a model or a manifest.\n")
    print("fixtures written under", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
