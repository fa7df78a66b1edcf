"""models/mol_zinc/quantize.py: each constant-weight Gemm becomes DynamicQuantizeMatMul with int8 per-column weights
whose dequantized weights are within half a step of the originals; other nodes and unused f16 weights go."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "models", "mol_zinc"))
sys.path.insert(0, os.path.join(ROOT, "models", "common"))
from quantize import quantize  # noqa: E402
from onnx_fp16 import float32_weights  # noqa: E402


def tiny_model(W, b):
    """y = tanh(x W^T + b), W stored as f16 behind a Cast, like the exported models."""
    g = helper.make_graph(
        [helper.make_node("Cast", ["w.f16"], ["w"], to=TensorProto.FLOAT),
         helper.make_node("Gemm", ["x", "w", "b"], ["h"], transB=1),
         helper.make_node("Tanh", ["h"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", W.shape[1]])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", W.shape[0]])],
        [numpy_helper.from_array(W.astype(np.float16), "w.f16"), numpy_helper.from_array(b, "b")])
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])


def test_gemm_becomes_int8_with_close_weights():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(8, 16)).astype(np.float32)
    W[3] *= 100                                                     # columns of very different range
    m = quantize(tiny_model(W, np.zeros(8, np.float32)))
    ops = [n.op_type for n in m.graph.node]
    assert ops == ["DynamicQuantizeMatMul", "Tanh"]
    assert m.graph.node[0].domain == "com.microsoft" and list(m.graph.node[0].input)[4] == "b"   # the bias inside
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    assert "w.f16" not in inits                                     # the Cast and its f16 weight are gone
    Wq, scale = inits["w.int8"], inits["w.scale"]                   # under the weight's own name
    assert Wq.dtype == np.int8 and Wq.shape == (16, 8) and scale.shape == (8,)
    W16 = W.astype(np.float16).astype(np.float32)
    assert np.all(np.abs(Wq.T * scale[:, None] - W16) <= scale[:, None] / 2 + 1e-6)
    assert np.all(np.abs(Wq).max(axis=0) == 127)                    # each column uses its full range


def test_float32_weights_reads_int8_back(tmp_path):
    rng = np.random.default_rng(2)
    W, b = rng.normal(size=(8, 16)).astype(np.float32), rng.normal(size=8).astype(np.float32)
    path = str(tmp_path / "m.onnx")
    onnx.save(quantize(tiny_model(W, b)), path)
    w = float32_weights(path)
    assert sorted(w) == ["b", "w"]                                  # the scales and zero points are not weights
    W16 = W.astype(np.float16).astype(np.float32)
    step = np.abs(W16).max(axis=1, keepdims=True) / 127
    assert np.all(np.abs(w["w"] - W16) <= step / 2 + 1e-6) and np.array_equal(w["b"], b)


def test_leaves_other_gemms_alone():
    g = helper.make_graph([helper.make_node("Gemm", ["x", "y"], ["z"])], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2]),
                           helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])],
                          [helper.make_tensor_value_info("z", TensorProto.FLOAT, [2, 2])])
    m = quantize(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]))
    assert [n.op_type for n in m.graph.node] == ["Gemm"]            # no constant weight: nothing to quantize


def test_leaves_gemm_of_two_constants_alone():
    # the decoder's token table (embedding x input weights): onnxruntime folds it at load, in float
    rng = np.random.default_rng(1)
    g = helper.make_graph([helper.make_node("Gemm", ["e", "w"], ["table"], transB=1),
                           helper.make_node("Gather", ["table", "i"], ["y"])], "g",
                          [helper.make_tensor_value_info("i", TensorProto.INT64, [2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])],
                          [numpy_helper.from_array(rng.normal(size=(5, 3)).astype(np.float32), "e"),
                           numpy_helper.from_array(rng.normal(size=(4, 3)).astype(np.float32), "w")])
    m = quantize(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]))
    assert [n.op_type for n in m.graph.node] == ["Gemm", "Gather"]
