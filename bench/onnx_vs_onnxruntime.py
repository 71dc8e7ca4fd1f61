#!/usr/bin/env python3
"""Times our ONNX interpreter against onnxruntime on the same models, with the same thread count.

Runs `latent bench --json --only onnx --threads T` (in-process timings, no file I/O), which also writes the benchmark
models it used to a temporary folder (LATENT_BENCH_MODEL_DIR); then times onnxruntime on those files the same way:
warmed up at the batch size first (its first runs at a new batch size are 2-3x slower), median of the same number
of repeats. The two alternate for several rounds and each keeps its best median, so a busy machine (other
processes taking a core for a while) disturbs the ratio less. Prints one row per measurement with the ratio
ours / onnxruntime and the target.

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

# name → (model file, input shape, repeats, target ratio or absolute target in seconds)
CASES = {
    "onnx.encode_mlp_10000": ("mlp_encoder", (BATCH, 1, 28, 28), 5, ("ratio", 1.0)),
    "onnx.encode_conv_10000": ("conv_encoder", (BATCH, 1, 28, 28), 3, ("ratio", 1.5)),
    "onnx.decode_mlp_single": ("mlp_decoder", (1, 16), 5, ("seconds", 1e-4)),
}


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


def onnxruntime_time(path, shape, repeats, threads):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    x = np.random.default_rng(0).random(shape, dtype=np.float32)
    if shape[0] == 1:
        def calls():
            for _ in range(DECODE_CALLS):
                session.run(None, {name: x})
        return median_seconds(calls, repeats, warmup=1) / DECODE_CALLS
    return median_seconds(lambda: session.run(None, {name: x}), repeats, warmup=3)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    latent = os.environ.get("LATENT_BIN", os.path.join(ROOT, ".build", "release", "latent"))
    ours, theirs = {}, {}
    with tempfile.TemporaryDirectory() as models:
        env = dict(os.environ, LATENT_BENCH_MODEL_DIR=models)
        for _ in range(max(1, args.rounds)):
            out = subprocess.run([latent, "bench", "--json", "--only", "onnx", "--threads", str(args.threads)],
                                 env=env, check=True, capture_output=True, text=True).stdout
            for m in json.loads(out):
                ours[m["name"]] = min(ours.get(m["name"], float("inf")), m["seconds"])
            for name, (model, shape, repeats, _) in CASES.items():
                t = onnxruntime_time(os.path.join(models, model + ".onnx"), shape, repeats, args.threads)
                theirs[name] = min(theirs.get(name, float("inf")), t)
    rows = [(name, ours[name], theirs[name], target) for name, (_, _, _, target) in CASES.items()]
    load = os.getloadavg()[0]
    print(f"ONNX interpreter vs onnxruntime {ort.__version__}, {args.threads} threads, best of {args.rounds} rounds "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs)")
    print(f"{'measurement':<26} {'latent':>12} {'onnxruntime':>12} {'ratio':>7}  target")
    for name, mine, theirs, (kind, goal) in rows:
        ratio = mine / theirs
        met = ratio <= goal if kind == "ratio" else mine <= goal
        want = f"≤ {goal:.1f}×" if kind == "ratio" else f"< {goal * 1e3:.1f} ms"
        unit = 1e3
        print(f"{name:<26} {mine * unit:>9.3f} ms {theirs * unit:>9.3f} ms {ratio:>6.2f}×  {want} {'ok' if met else 'MISSED'}")
    # A comparison, not a timed test: missing a target is reported, not an error.
    return 0


if __name__ == "__main__":
    sys.exit(main())
