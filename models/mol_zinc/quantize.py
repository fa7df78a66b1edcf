"""int8 copies of exported ONNX models, to measure what 8-bit weights cost in quality and give in speed:

  /usr/bin/python3 models/mol_zinc/quantize.py [src=static/models] out=DIR [models=mol-zinc-decoder,mol-zinc-student-k4]
  -> DIR/<model>.onnx and .json (card: bytes, sha256, "quantized"), every other file of src linked

Each Gemm with a constant weight (transB=1; stored as f16 + Cast or as f32) becomes
DynamicQuantizeLinear(A) -> MatMulInteger(A_u8, W_s8) -> Cast -> * (scale_A * scale_W) + bias: weights int8
with one scale per output column, activations uint8 with one scale per call. Not yet shipped: see the README's
speed paragraph for what it measured.
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

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
        W = weight_of(g, n.input[1]) if n.op_type == "Gemm" else None
        if W is None or attrs.get("transB") != 1 or attrs.get("transA", 0) or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
            nodes.append(n)
            continue
        p = n.input[1].replace(".", "_") + "_int8"
        scale = np.maximum(np.abs(W).max(axis=1), 1e-12) / 127.0                         # [out]
        Wq = np.clip(np.round(W / scale[:, None]), -127, 127).astype(np.int8).T.copy()   # [in, out]
        added += [numpy_helper.from_array(Wq, p + "_w"), numpy_helper.from_array(scale.astype(np.float32), p + "_scale"),
                  numpy_helper.from_array(np.zeros(W.shape[0], np.int8), p + "_zero")]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [n.input[0]], [p + "_a", p + "_a_scale", p + "_a_zero"]),
            helper.make_node("MatMulInteger", [p + "_a", p + "_w", p + "_a_zero", p + "_zero"], [p + "_i32"]),
            helper.make_node("Cast", [p + "_i32"], [p + "_f32"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [p + "_a_scale", p + "_scale"], [p + "_s"]),
            helper.make_node("Mul", [p + "_f32", p + "_s"], [p + "_y"]),
        ]
        nodes.append(helper.make_node("Add", [p + "_y", n.input[2]], [n.output[0]]) if len(n.input) > 2 else
                     helper.make_node("Identity", [p + "_y"], [n.output[0]]))
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
    onnx.checker.check_model(model)
    return model


def main(src, out, models):
    os.makedirs(out, exist_ok=True)
    chosen = models.split(",")
    for f in sorted(os.listdir(src)):
        if f.rsplit(".", 1)[0] not in chosen and not os.path.exists(os.path.join(out, f)):
            os.symlink(os.path.abspath(os.path.join(src, f)), os.path.join(out, f))
    for name in chosen:
        m = quantize(onnx.load(os.path.join(src, name + ".onnx")))
        path = os.path.join(out, name + ".onnx")
        onnx.save(m, path)
        data = open(path, "rb").read()
        card = json.load(open(os.path.join(src, name + ".json")))
        card.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest(),
                    quantized="int8 weights per output column, uint8 activations per call (models/mol_zinc/quantize.py)")
        json.dump(card, open(os.path.join(out, name + ".json"), "w"), indent=1)
        print(f"{name}: {len(data)} bytes", flush=True)


if __name__ == "__main__":
    src = "static/models"
    out = ""
    models = "mol-zinc-decoder,mol-zinc-student-k4"
    override(globals())
    assert out, "out=DIR is required"
    main(src, out, models)
