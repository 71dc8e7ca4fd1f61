#!/usr/bin/env python3
"""Refreshes Tests/Fixtures/onnx-node/ from the ONNX backend node tests in the installed onnx package.

Every single-node test case (onnx/backend/test/case/node) whose operator is listed in
tools/onnx_node_operators.txt is written in the layout of the ONNX repository's test data:

    Tests/Fixtures/onnx-node/<test name>/model.onnx
    Tests/Fixtures/onnx-node/<test name>/test_data_set_0/input_<i>.pb, output_<i>.pb   (TensorProto)
    Tests/Fixtures/onnx-node/<test name>/case.json                                    (rtol, atol, operator, opset)

ONNXTests/NodeConformanceTests runs them all, reports how many pass, and requires every test named in
Tests/Fixtures/onnx-node/expected-pass.txt to pass (re-record that list with RECORD_SNAPSHOTS=1).

Usage: .venv/bin/python tools/make_onnx_node_fixtures.py
"""
import json
import os
import shutil
import sys
import warnings

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "onnx-node")


def operators():
    with open(os.path.join(ROOT, "tools", "onnx_node_operators.txt")) as f:
        return {line.strip() for line in f if line.strip() and not line.startswith("#")}


def tensor_proto(value, name):
    if isinstance(value, onnx.TensorProto):
        return value
    return numpy_helper.from_array(np.asarray(value), name)


def main():
    warnings.filterwarnings("ignore")
    np.seterr(all="ignore")
    import onnx.backend.test.case.node as node_cases

    wanted = operators()
    cases = [c for c in node_cases.collect_testcases()
             if len(c.model.graph.node) == 1 and c.model.graph.node[0].op_type in wanted]
    keep = {os.path.join(OUT, "expected-pass.txt")}
    written = 0
    for case in sorted(cases, key=lambda c: c.name):
        graph = case.model.graph
        # Only plain tensor inputs and outputs can be stored as TensorProto files.
        if any(not v.type.HasField("tensor_type") for v in list(graph.input) + list(graph.output)):
            continue
        folder = os.path.join(OUT, case.name)
        keep.add(folder)
        if os.path.exists(folder):
            shutil.rmtree(folder)
        data = os.path.join(folder, "test_data_set_0")
        os.makedirs(data)
        with open(os.path.join(folder, "model.onnx"), "wb") as f:
            f.write(case.model.SerializeToString())
        inputs, outputs = case.data_sets[0]
        for i, value in enumerate(inputs):
            with open(os.path.join(data, f"input_{i}.pb"), "wb") as f:
                f.write(tensor_proto(value, graph.input[i].name).SerializeToString())
        for i, value in enumerate(outputs):
            with open(os.path.join(data, f"output_{i}.pb"), "wb") as f:
                f.write(tensor_proto(value, graph.output[i].name).SerializeToString())
        opset = next((o.version for o in case.model.opset_import if o.domain in ("", "ai.onnx")), 0)
        with open(os.path.join(folder, "case.json"), "w") as f:
            json.dump({"operator": graph.node[0].op_type, "opset": opset, "rtol": case.rtol, "atol": case.atol}, f,
                      sort_keys=True)
        written += 1
    # Drop folders of tests that no longer exist.
    for name in os.listdir(OUT):
        path = os.path.join(OUT, name)
        if path not in keep and os.path.isdir(path):
            shutil.rmtree(path)
    print(f"wrote {written} node tests for {len(wanted)} operators (onnx {onnx.__version__}) to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
