"""models/mol_zinc/quantize.py: each constant-weight Gemm becomes int8 MatMulInteger with per-column scales
whose dequantized weights are within half a step of the originals; other nodes and unused f16 weights go."""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "models", "mol_zinc"))
from quantize import quantize  # noqa: E402


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
    assert ops == ["DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul", "Mul", "Add", "Tanh"]
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    assert "w.f16" not in inits                                     # the Cast and its f16 weight are gone
    Wq = next(v for k, v in inits.items() if k.endswith("_w"))
    scale = next(v for k, v in inits.items() if k.endswith("_scale"))
    assert Wq.dtype == np.int8 and Wq.shape == (16, 8) and scale.shape == (8,)
    W16 = W.astype(np.float16).astype(np.float32)
    assert np.all(np.abs(Wq.T * scale[:, None] - W16) <= scale[:, None] / 2 + 1e-6)
    assert np.all(np.abs(Wq).max(axis=0) == 127)                    # each column uses its full range


def test_leaves_other_gemms_alone():
    g = helper.make_graph([helper.make_node("Gemm", ["x", "y"], ["z"])], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2]),
                           helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])],
                          [helper.make_tensor_value_info("z", TensorProto.FLOAT, [2, 2])])
    m = quantize(helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]))
    assert [n.op_type for n in m.graph.node] == ["Gemm"]            # no constant weight: nothing to quantize
