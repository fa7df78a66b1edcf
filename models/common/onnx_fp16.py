"""Store an ONNX model's large float32 weights as float16, computed in float32.

Each large initializer W becomes a float16 initializer "W.f16" and a Cast node that rebuilds W in
float32 at the front of the graph, so the rest of the graph, its inputs and outputs are unchanged.
onnxruntime folds the casts into constants when it loads the model: the file halves, inference costs
the same, and the weights carry float16's ~3 significant digits (measure the effect with the eval).
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


MIN_ELEMENTS = 1024   # smaller weights (biases, norms) stay float32: they are a rounding error of the file's size


def store_fp16(path, min_elements=MIN_ELEMENTS):
    """Rewrites the model at `path` in place; returns (bytes of float32 weights, bytes after)."""
    model = onnx.load(path)
    g = model.graph
    kept, casts, before, after = [], [], 0, 0
    for init in g.initializer:
        w = numpy_helper.to_array(init)
        if init.data_type != TensorProto.FLOAT or w.size < min_elements:
            kept.append(init)
            continue
        if np.abs(w).max() > 60000:
            raise ValueError(f"{init.name}: weights beyond float16's range (max |w| {np.abs(w).max():.3g})")
        half = numpy_helper.from_array(w.astype(np.float16), init.name + ".f16")
        kept.append(half)
        casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT, name=f"cast {init.name}"))
        before, after = before + w.nbytes, after + w.size * 2
    del g.initializer[:]
    g.initializer.extend(kept)
    nodes = casts + list(g.node)
    del g.node[:]
    g.node.extend(nodes)
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return before, after


def float32_weights(path):
    """A model's initializers by name as float32 arrays: float16 ones ("W.f16") back under their own name W, and
    int8 ones (models/mol_zinc/quantize.py: "W.int8" [in, out] with "W.scale" per output row) dequantized to W."""
    raw = {i.name: numpy_helper.to_array(i) for i in onnx.load(path).graph.initializer}
    w = {}
    for name, a in raw.items():
        if name.endswith(".int8"):
            base = name.removesuffix(".int8")
            w[base] = (a.T.astype(np.float32) * raw[base + ".scale"][:, None]).astype(np.float32)
        elif not (name.endswith((".scale", ".zero")) and name.rsplit(".", 1)[0] + ".int8" in raw):
            w[name.removesuffix(".f16")] = a.astype(np.float32)
    return w
