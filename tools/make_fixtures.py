#!/usr/bin/env python3
"""Writes the .npy/.npz/bundle fixtures the Swift tests read (Tests/Fixtures/tensors, Tests/Fixtures/bundles).

Run with the tool virtualenv: `.venv/bin/python tools/make_fixtures.py`. Needs numpy and onnx. The outputs are
committed, so the tests never need Python. Deterministic: rerunning writes the same bytes (zip timestamps aside).
"""
import json
import os
import shutil
import struct
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
TENSORS = os.path.join(ROOT, "tensors")
BUNDLES = os.path.join(ROOT, "bundles")

DTYPES = {"f4": np.float32, "f8": np.float64, "i8": np.int64, "i4": np.int32, "u1": np.uint8, "b1": np.bool_}


def reference_values(code, shape):
    """The values every dtype fixture holds: a fixed pattern the Swift test recomputes."""
    n = int(np.prod(shape))
    k = np.arange(n)
    if code in ("f4", "f8"):
        v = (k * 0.25 - 1.5).astype(DTYPES[code])
        if n > 3:
            v[3] = -0.0
    elif code == "b1":
        v = (k % 3 == 0)
    elif code == "u1":
        v = (k * 37 % 256).astype(np.uint8)
    else:
        v = (k * 1000003 - 7).astype(DTYPES[code])
    return v.reshape(shape)


def write_npy_with_version(path, array, version):
    """np.save writes version 1.0; versions 2.0 and 3.0 are written through numpy.lib.format directly."""
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version)


def make_tensor_fixtures():
    os.makedirs(TENSORS, exist_ok=True)
    for code in DTYPES:
        np.save(os.path.join(TENSORS, f"dtype_{code}.npy"), reference_values(code, (3, 4)))
    write_npy_with_version(os.path.join(TENSORS, "v2_f4.npy"), reference_values("f4", (2, 3)), (2, 0))
    write_npy_with_version(os.path.join(TENSORS, "v3_f4.npy"), reference_values("f4", (2, 3)), (3, 0))
    np.save(os.path.join(TENSORS, "scalar_f8.npy"), np.float64(2.5))
    np.save(os.path.join(TENSORS, "empty_f4.npy"), np.zeros((0, 5), np.float32))
    np.save(os.path.join(TENSORS, "rank3_i4.npy"), reference_values("i4", (2, 3, 4)))
    # Fortran order: the same logical array as rank3_i4, stored column-major.
    np.save(os.path.join(TENSORS, "fortran_i4.npy"), np.asfortranarray(reference_values("i4", (2, 3, 4))))
    np.save(os.path.join(TENSORS, "bigendian_f4.npy"), reference_values("f4", (3, 4)).astype(">f4"))
    arrays = {"x": reference_values("u1", (5, 1, 2, 2)), "y": np.arange(5, dtype=np.int64)}
    np.savez(os.path.join(TENSORS, "stored.npz"), **arrays)
    np.savez_compressed(os.path.join(TENSORS, "deflated.npz"), **arrays)

    # Broken files: each must give a clear error, never a crash.
    good = open(os.path.join(TENSORS, "dtype_f4.npy"), "rb").read()
    broken = {
        "bad_magic.npy": b"\x93NUMPX" + good[6:],
        "truncated_header.npy": good[:20],
        "truncated_data.npy": good[:-4],
        "extra_data.npy": good + b"\0\0\0\0",
        "empty.npy": b"",
        "unsupported_dtype.npy": good.replace(b"'<f4'", b"'<c8'"),
        "absurd_shape.npy": good.replace(b"(3, 4)", b"(9223372036854775807, 4)".ljust(6)),
        "not_a_tuple_shape.npy": good.replace(b"(3, 4)", b"[3, 4]"),
    }
    # Keep the header length: the absurd shape text is longer, so rebuild that header properly.
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }"
    padded = header + " " * (118 - len(header) - 1) + "\n"
    broken["absurd_shape.npy"] = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(padded)) + padded.encode() + b"\0" * 16
    for name, data in broken.items():
        with open(os.path.join(TENSORS, name), "wb") as f:
            f.write(data)
    npz = open(os.path.join(TENSORS, "deflated.npz"), "rb").read()
    with open(os.path.join(TENSORS, "corrupt.npz"), "wb") as f:
        f.write(npz[: len(npz) // 2])
    with open(os.path.join(TENSORS, "not_zip.npz"), "wb") as f:
        f.write(b"this is not a zip archive\n")
    with open(os.path.join(TENSORS, "matrix_header.csv"), "w") as f:
        f.write("a,b,c\n1,2,3\n4.5,-6,7e-1\n\n")
    with open(os.path.join(TENSORS, "matrix_plain.csv"), "w") as f:
        f.write("1,2\n3,4\n5,6\n")
    with open(os.path.join(TENSORS, "matrix_ragged.csv"), "w") as f:
        f.write("1,2\n3\n")


def linear(name, inp, out, w, b, nodes, inits):
    inits += [numpy_helper.from_array(w, f"{name}.weight"), numpy_helper.from_array(b, f"{name}.bias")]
    nodes.append(helper.make_node("Gemm", [inp, f"{name}.weight", f"{name}.bias"], [out], name=name, transB=1))


def make_tiny_models(folder, latent, side, rng):
    """A 2-head linear VAE encoder (x [N,1,side,side] → mu, logvar) and a linear decoder (z → x_hat)."""
    d = side * side
    nodes, inits = [], []
    nodes.append(helper.make_node("Flatten", ["x"], ["flat"], name="flatten", axis=1))
    linear("mu_head", "flat", "mu", rng.normal(0, 0.3, (latent, d)).astype(np.float32), np.zeros(latent, np.float32), nodes, inits)
    linear("logvar_head", "flat", "logvar", rng.normal(0, 0.1, (latent, d)).astype(np.float32), np.full(latent, -1, np.float32), nodes, inits)
    graph = helper.make_graph(nodes, "encoder",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 1, side, side])],
                              [helper.make_tensor_value_info("mu", TensorProto.FLOAT, ["N", latent]),
                               helper.make_tensor_value_info("logvar", TensorProto.FLOAT, ["N", latent])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_fixtures"),
              os.path.join(folder, "encoder.onnx"))
    nodes, inits = [], []
    linear("out", "z", "flat", rng.normal(0, 0.3, (d, latent)).astype(np.float32), np.zeros(d, np.float32), nodes, inits)
    inits.append(numpy_helper.from_array(np.array([-1, 1, side, side], np.int64), "shape"))
    nodes.append(helper.make_node("Reshape", ["flat", "shape"], ["x_hat"], name="unflatten"))
    graph = helper.make_graph(nodes, "decoder",
                              [helper.make_tensor_value_info("z", TensorProto.FLOAT, ["N", latent])],
                              [helper.make_tensor_value_info("x_hat", TensorProto.FLOAT, ["N", 1, side, side])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_fixtures"),
              os.path.join(folder, "decoder.onnx"))


def make_bundle_fixtures():
    if os.path.isdir(BUNDLES):
        shutil.rmtree(BUNDLES)
    rng = np.random.default_rng(0)
    tiny = os.path.join(BUNDLES, "tiny")
    os.makedirs(tiny)
    make_tiny_models(tiny, 2, 4, rng)
    x = rng.integers(0, 256, (12, 1, 4, 4), dtype=np.uint8)
    y = np.array([0, 1, 2] * 4, dtype=np.int64)
    np.savez_compressed(os.path.join(tiny, "data.npz"), x=x, y=y)
    manifest = {
        "format": 1, "name": "Tiny VAE fixture", "kind": "vae", "latent_dim": 2,
        "sample": {"type": "image", "shape": [1, 4, 4], "range": [0, 1]},
        "encoder": {"file": "encoder.onnx", "input": "x", "mean": "mu", "logvar": "logvar"},
        "decoder": {"file": "decoder.onnx", "input": "z", "output": "x_hat", "activation": "sigmoid"},
        "data": {"file": "data.npz", "x": "x", "y": "y", "x_scale": 255},
        "classes": ["circle", "square", "triangle"],
    }
    with open(os.path.join(tiny, "bundle.json"), "w") as f:
        json.dump(manifest, f, indent=2)

    def variant(name, edit=None, raw=None, data=None):
        folder = os.path.join(BUNDLES, name)
        shutil.copytree(tiny, folder)
        if raw is not None:
            with open(os.path.join(folder, "bundle.json"), "w") as f:
                f.write(raw)
        elif edit is not None:
            m = json.loads(json.dumps(manifest))
            edit(m)
            with open(os.path.join(folder, "bundle.json"), "w") as f:
                json.dump(m, f, indent=2)
        if data is not None:
            np.savez_compressed(os.path.join(folder, "data.npz"), **data)

    variant("malformed-json", raw='{"format": 1, "name": "broken",\n')
    variant("wrong-format", edit=lambda m: m.update(format=2))
    variant("missing-fields", edit=lambda m: [m.pop("latent_dim"), m["encoder"].pop("mean")])
    variant("wrong-kind", edit=lambda m: m.update(kind="gan"))
    variant("missing-encoder-file", edit=lambda m: m["encoder"].update(file="nowhere.onnx"))
    variant("bad-types", edit=lambda m: m.update(latent_dim="two", classes=[1, 2]))
    variant("missing-array", edit=lambda m: m["data"].update(x="pixels"))
    variant("wrong-sample-shape", edit=lambda m: m["sample"].update(shape=[1, 5, 5]))
    variant("short-class-list", edit=lambda m: m.update(classes=["circle", "square"]))
    variant("label-count", data={"x": x, "y": y[:10]})
    nan_x = x.astype(np.float32)
    nan_x[3, 0, 1, 1] = np.nan
    variant("nan-data", data={"x": nan_x, "y": y})
    unlabelled = os.path.join(BUNDLES, "unlabelled")
    variant("unlabelled", edit=lambda m: [m["data"].pop("y"), m.pop("classes")], data={"x": x})


if __name__ == "__main__":
    make_tensor_fixtures()
    make_bundle_fixtures()
    print("fixtures written under", os.path.normpath(ROOT))
