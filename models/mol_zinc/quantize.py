"""8-bit weights for the exported networks that run once per step of every molecule (the decoder step and the
students). export.py calls quantize_files() on its own output; run alone, it makes int8 copies to measure:

  /usr/bin/python3 models/mol_zinc/quantize.py [src=static/models] out=DIR [models=mol-zinc-decoder,mol-zinc-student-k4]
  -> DIR/<model>.onnx and .json (card: bytes, sha256, weights), every other file of src linked

Each Gemm with a constant weight (transB=1; stored as f16 + Cast or as f32) and a computed input becomes
onnxruntime's DynamicQuantizeMatMul (com.microsoft): weights int8 with one scale per output column, activations
quantized to uint8 with one scale per call, products summed in int32, scaled back to float, plus the bias.
A Gemm of two constants (the decoder's token table) stays float: onnxruntime folds it once at load.
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402

def weight_of(graph, name):
    """The f32 weight behind a Gemm input: an initializer, or the Cast of an f16 one."""
    inits = {i.name: i for i in graph.initializer}
    if name in inits:
        return numpy_helper.to_array(inits[name]).astype(np.float32)
    cast = next((n for n in graph.node if n.op_type == "Cast" and n.output[0] == name), None)
    if cast is not None and cast.input[0] in inits:
        return numpy_helper.to_array(inits[cast.input[0]]).astype(np.float32)
    return None


def quantize(model):
    g = model.graph
    nodes, added = [], []
    for n in g.node:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        W = weight_of(g, n.input[1]) if n.op_type == "Gemm" and weight_of(g, n.input[0]) is None else None
        if W is None or attrs.get("transB") != 1 or attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
            nodes.append(n)
            continue
        p = n.input[1]      # the weight's own name: float32_weights() reads it back from p.int8 and p.scale
        scale = np.maximum(np.abs(W).max(axis=1), 1e-12) / 127.0                         # [out]
        Wq = np.clip(np.round(W / scale[:, None]), -127, 127).astype(np.int8).T.copy()   # [in, out]
        added += [numpy_helper.from_array(Wq, p + ".int8"), numpy_helper.from_array(scale.astype(np.float32), p + ".scale"),
                  numpy_helper.from_array(np.zeros(W.shape[0], np.int8), p + ".zero")]
        # one node, float in and out: on WebGPU, onnxruntime runs it on its CPU kernels whole. The standard-op
        # spelling (DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul) computes the same on WASM, but split
        # across the two providers it handed some Casts float bits as int32 (onnxruntime-web 1.30, SwiftShader).
        nodes.append(helper.make_node("DynamicQuantizeMatMul", [n.input[0], p + ".int8", p + ".scale", p + ".zero", *n.input[2:3]],
                                      [n.output[0]], domain="com.microsoft"))
    outputs = {o.name for o in g.output}
    while True:                                                                          # drop the Casts of replaced weights
        used = {i for n in nodes for i in n.input} | outputs
        alive = [n for n in nodes if any(o in used for o in n.output)]
        if len(alive) == len(nodes):
            break
        nodes = alive
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(added)
    used = {i for n in g.node for i in n.input}
    keep = [i for i in g.initializer if i.name in used]                                  # the f16 weights now unused
    del g.initializer[:]
    g.initializer.extend(keep)
    if added and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.checker.check_model(model)
    return model


WEIGHTS = "int8 per output column, uint8 activations per call, computed in float32 (models/mol_zinc/quantize.py)"


def quantize_files(src, out, names):
    """src/<name>.onnx and .json -> out/<name>.onnx and .json (src == out rewrites them in place). The card keeps
    its reference outputs, those of the float weights: the app's test allows int8's error around them."""
    for name in names:
        m = quantize(onnx.load(os.path.join(src, name + ".onnx")))
        card = json.load(open(os.path.join(src, name + ".json")))
        path = os.path.join(out, name + ".onnx")
        onnx.save(m, path)
        data = open(path, "rb").read()
        card.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), weights=WEIGHTS)
        json.dump(card, open(os.path.join(out, name + ".json"), "w"), indent=1)
        print(f"wrote {path} ({len(data)} bytes, int8)", flush=True)


def main(src, out, models):
    os.makedirs(out, exist_ok=True)
    chosen = models.split(",")
    for f in sorted(os.listdir(src)):
        if f.rsplit(".", 1)[0] not in chosen and not os.path.exists(os.path.join(out, f)):
            os.symlink(os.path.abspath(os.path.join(src, f)), os.path.join(out, f))
    quantize_files(src, out, chosen)


if __name__ == "__main__":
    src = "static/models"
    out = ""
    models = "mol-zinc-decoder,mol-zinc-student-k4"
    override(globals())
    assert out, "out=DIR is required"
    main(src, out, models)
