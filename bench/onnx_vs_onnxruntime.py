#!/usr/bin/env python3
"""Times our ONNX interpreter against onnxruntime on the same models, with the same thread count, under both
OpenBLAS settings.

Runs `latent bench --json --only onnx --threads T` (in-process timings, no file I/O) twice per round: once with
OPENBLAS_CORETYPE=Haswell (what these machines set; OPENBLAS_L2_SIZE is left as it is) and once with both variables
unset (OpenBLAS detecting the CPU, as on users' machines). The bench writes the synthetic models it used to a
temporary folder (LATENT_BENCH_MODEL_DIR) and reads the shipped bundles' models from models/; onnxruntime is timed
on those files the same way: warmed up at the batch size first (its first runs at a new batch size are 2-3x
slower), median of the same number of repeats. Ours and onnxruntime alternate for several rounds and each keeps its
best median, so a busy machine (other processes taking a core for a while) disturbs the ratios less. Prints one row
per measurement with both ratios ours / onnxruntime and the targets (≤ 1.0× detecting the CPU, ≤ 1.3× Haswell; the
default bundle's single decode under 20 µs). Then the GEMM ceiling: `latent bench --only gemm` (our BLAS on one
thread) against onnxruntime's MatMul/Gemm on the same shapes, the products the conv encoders reduce to.

Usage: .venv/bin/python bench/onnx_vs_onnxruntime.py [--threads T] [--rounds R]   (LATENT_BIN: the latent binary)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnxruntime as ort

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BATCH = 10_000
DECODE_CALLS = 2000
SETTINGS = ("auto", "Haswell")

# name → (model file: synthetic name or path under the repository, batch (1: single calls), repeats,
#         absolute target in seconds)
CASES = {
    "onnx.encode_mlp_10000": ("mlp_encoder", BATCH, 5, None),
    "onnx.encode_conv_10000": ("conv_encoder", BATCH, 3, None),
    "onnx.shipped.vae_encoder_10000": ("models/fashion-mnist-vae/encoder.onnx", BATCH, 3, None),
    "onnx.shipped.conv_ae_encoder_10000": ("models/fashion-mnist-conv-ae/encoder.onnx", BATCH, 3, None),
    "onnx.shipped.conv_ae_decoder_10000": ("models/fashion-mnist-conv-ae/decoder.onnx", BATCH, 3, None),
    "onnx.shipped.lstm_ae_encoder_1000": ("models/osuleaf-lstm-ae/encoder.onnx", 1000, 3, None),
    "onnx.shipped.lstm_ae_decoder_1000": ("models/osuleaf-lstm-ae/decoder.onnx", 1000, 3, None),
    "onnx.fixture.kl_vae_encoder_1000": ("Tests/Fixtures/exported/kl-vae/encoder.onnx", 1000, 3, None),
    "onnx.fixture.kl_vae_decoder_1000": ("Tests/Fixtures/exported/kl-vae/decoder.onnx", 1000, 3, None),
    "onnx.decode_mlp_single": ("mlp_decoder", 1, 5, None),
    "onnx.decode_mlp224_single": ("mlp224_decoder", 1, 5, None),
    "onnx.shipped.vae_decoder_single": ("models/fashion-mnist-vae/decoder.onnx", 1, 5, 20e-6),
    "onnx.shipped.conv_ae_decoder_single": ("models/fashion-mnist-conv-ae/decoder.onnx", 1, 5, None),
    "onnx.fixture.kl_vae_decoder_single": ("Tests/Fixtures/exported/kl-vae/decoder.onnx", 1, 5, None),
}
TARGETS = {"auto": 1.0, "Haswell": 1.3}


def median_seconds(fn, repeats, warmup):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def onnxruntime_time(path, batch, repeats, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    inp = session.get_inputs()[0]
    shape = [d if isinstance(d, int) else batch for d in inp.shape]
    x = np.random.default_rng(0).random(shape, dtype=np.float32)
    if batch == 1:
        calls = DECODE_CALLS if "224" not in path else 100

        def many():
            for _ in range(calls):
                session.run(None, {inp.name: x})
        return median_seconds(many, repeats, warmup=1) / calls
    return median_seconds(lambda: session.run(None, {inp.name: x}), repeats, warmup=3)


def latent_env(setting, models=None):
    env = dict(os.environ)
    if models is not None:
        env["LATENT_BENCH_MODEL_DIR"] = models
    if setting == "Haswell":
        env["OPENBLAS_CORETYPE"] = "Haswell"
    else:
        env.pop("OPENBLAS_CORETYPE", None)
        env.pop("OPENBLAS_L2_SIZE", None)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    latent = os.environ.get("LATENT_BIN", os.path.join(ROOT, ".build", "release", "latent"))
    ours = {s: {} for s in SETTINGS}
    theirs = {}
    with tempfile.TemporaryDirectory() as models:
        for _ in range(max(1, args.rounds)):
            for setting in SETTINGS:
                out = subprocess.run([latent, "bench", "--json", "--only", "onnx", "--threads", str(args.threads)],
                                     env=latent_env(setting, models), cwd=ROOT, check=True, capture_output=True,
                                     text=True).stdout
                for m in json.loads(out):
                    ours[setting][m["name"]] = min(ours[setting].get(m["name"], float("inf")), m["seconds"])
            for name, (model, batch, repeats, _) in CASES.items():
                path = os.path.join(ROOT, model) if model.endswith(".onnx") else os.path.join(models, model + ".onnx")
                if name not in ours[SETTINGS[0]] or not os.path.exists(path):
                    continue
                t = onnxruntime_time(path, batch, repeats, args.threads)
                theirs[name] = min(theirs.get(name, float("inf")), t)
    load = os.getloadavg()[0]
    print(f"ONNX interpreter vs onnxruntime {ort.__version__}, {args.threads} threads, best of {args.rounds} rounds "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs); ratio ours / onnxruntime with OpenBLAS detecting "
          f"the CPU (target ≤ 1.0×) and with OPENBLAS_CORETYPE=Haswell (target ≤ 1.3×)")
    print(f"{'measurement':<36} {'onnxruntime':>12} {'latent auto':>12} {'ratio':>7} {'Haswell':>12} {'ratio':>7}")
    unit = lambda s: f"{s * 1e3:9.3f} ms" if s >= 1e-3 else f"{s * 1e6:9.1f} µs"
    for name, (_, _, _, absolute) in CASES.items():
        if name not in theirs:
            continue
        row = f"{name:<36} {unit(theirs[name]):>12}"
        notes = []
        for setting in SETTINGS:
            mine = ours[setting][name]
            ratio = mine / theirs[name]
            row += f" {unit(mine):>12} {ratio:6.2f}×"
            if ratio > TARGETS[setting]:
                notes.append(f"{setting} MISSED")
            if absolute is not None and mine > absolute:
                notes.append(f"{setting} over {absolute * 1e6:.0f} µs")
        print(row + "  " + (", ".join(notes) if notes else "ok"))
    gemm_ceiling(latent, args.rounds)
    # A comparison, not a timed test: missing a target is reported, not an error.
    return 0


def onnxruntime_matmul_time(m, n, k, trans_b, repeats):
    """onnxruntime's own GEMM on one thread: a MatMul node (Gemm with transB when B is stored n×k)."""
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(7)
    w = rng.random((n, k) if trans_b else (k, n), dtype=np.float32)
    node = (helper.make_node("Gemm", ["a", "w"], ["c"], transB=1) if trans_b
            else helper.make_node("MatMul", ["a", "w"], ["c"]))
    graph = helper.make_graph([node], "gemm", [helper.make_tensor_value_info("a", TensorProto.FLOAT, [m, k])],
                              [helper.make_tensor_value_info("c", TensorProto.FLOAT, [m, n])],
                              [numpy_helper.from_array(w, "w")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    a = rng.random((m, k), dtype=np.float32)
    calls = max(1, int(2e9 / (m * n * k)))

    def many():
        for _ in range(calls):
            session.run(None, {"a": a})
    return median_seconds(many, repeats, warmup=1) / calls


def gemm_ceiling(latent, rounds):
    """The BLAS we link against onnxruntime's GEMM, one thread each, on the products the conv encoders reduce to:
    an im2col convolution cannot run faster than its multiply-adds at our BLAS's rate."""
    ours = {s: {} for s in SETTINGS}
    theirs = {}
    shapes = {}  # name → (m, n, k, B stored n×k), as `latent bench` reports them
    for _ in range(max(1, rounds)):
        for setting in SETTINGS:
            out = subprocess.run([latent, "bench", "--json", "--only", "gemm"], env=latent_env(setting), cwd=ROOT,
                                 check=True, capture_output=True, text=True).stdout
            for m in json.loads(out):
                ours[setting][m["name"]] = min(ours[setting].get(m["name"], float("inf")), m["seconds"])
                shapes[m["name"]] = tuple(m["product"])
        for name, (m, n, k, trans_b) in shapes.items():
            theirs[name] = min(theirs.get(name, float("inf")), onnxruntime_matmul_time(m, n, k, bool(trans_b), 5))
    print(f"\nGEMM on one thread, GFLOP/s (higher is faster): OpenBLAS as linked, detecting the CPU and Haswell, "
          f"against onnxruntime's MatMul/Gemm")
    print(f"{'shape':<28} {'m×n×k':>16} {'onnxruntime':>12} {'OpenBLAS auto':>14} {'Haswell':>9}")
    for name, (m, n, k, _) in shapes.items():
        rate = lambda seconds: 2 * m * n * k / seconds / 1e9
        print(f"{name:<28} {f'{m}×{n}×{k}':>16} {rate(theirs[name]):12.1f} {rate(ours['auto'][name]):14.1f} "
              f"{rate(ours['Haswell'][name]):9.1f}")


if __name__ == "__main__":
    sys.exit(main())
