"""Rewrite the one-step GRU decoder (token, h, z, first -> logits, h_next, as torch.onnx.export writes
vae.py's Decoder.step) into the pair the app runs:

  mol-zinc-decoder-init  z [B, Z] -> h0 [B, H], zx [B, 3H]                      once per molecule
  mol-zinc-decoder       token [B] int64, h [B, H], zx [B, 3H] -> logits [B, V], h_next [B, H]   per token

Why: the GRU's input is [emb(token), z]. z is the same at every step, and emb(token) takes one of V values,
so their products with W_ih are computed once (zx = W_ih[:, E:] z + b_ih per molecule, and a [V, 3H] table
emb W_ih[:, :E]^T that onnxruntime folds when it loads the file) instead of at every step; h0(z) also leaves
the step. That is a third of the
step's multiply-adds. Same weights, same function: the step is PyTorch's GRUCell (gates r, u, n):
  gi = table[token] + zx,  gh = W_hh h + b_hh,  r = s(gi_r + gh_r),  u = s(gi_u + gh_u),
  n = tanh(gi_n + r * gh_n),  h' = (1 - u) n + u h = (h - n) u + n.

export.py calls split() on its fresh export; run alone it converts an already shipped single-step file:
  /usr/bin/python3 models/mol_zinc/split_decoder.py [src=static/models/mol-zinc-decoder.onnx] [out=static/models]
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto as TP
from onnx import helper as hp
from onnx import numpy_helper as nh

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from onnx_fp16 import MIN_ELEMENTS, float32_weights, store_fp16  # noqa: E402


# The split's weights keep their PyTorch names; W_ih is cut into its token and z columns.
W_IH_EMB, W_IH_Z = "d.cell.weight_ih.emb", "d.cell.weight_ih.z"


def weights_of(path):
    """The decoder's float32 weights by PyTorch name, whether stored as float32 or as float16 ("name.f16"),
    from a single-step export or from a split pair's step file (with its init file beside it)."""
    w = float32_weights(path)
    if W_IH_Z not in w and W_IH_EMB in w:
        w.update(float32_weights(path.removesuffix(".onnx") + "-init.onnx"))
    if W_IH_EMB in w and W_IH_Z in w:
        w["d.cell.weight_ih"] = np.concatenate([w[W_IH_EMB], w[W_IH_Z]], 1)
    need = ["d.emb.weight", "d.init.weight", "d.init.bias", "d.cell.weight_ih", "d.cell.weight_hh",
            "d.cell.bias_ih", "d.cell.bias_hh", "d.head.weight", "d.head.bias"]
    missing = [n for n in need if n not in w]
    if missing:
        raise ValueError(f"{path} holds no decoder weights {', '.join(missing)}")
    return {n: w[n] for n in need}


def stored(w, fp16):
    """The weights as the files hold them: large ones rounded to float16 when fp16."""
    return {n: (a.astype(np.float16).astype(np.float32) if fp16 and a.size >= MIN_ELEMENTS else a) for n, a in w.items()}


def parts(w):
    """The split's arrays, by initializer name, from the decoder's weights."""
    E = w["d.emb.weight"].shape[1]
    p = {n: w[n] for n in ["d.init.weight", "d.init.bias", "d.cell.bias_ih", "d.emb.weight", "d.cell.weight_hh",
                           "d.cell.bias_hh", "d.head.weight", "d.head.bias"]}
    p[W_IH_EMB] = np.ascontiguousarray(w["d.cell.weight_ih"][:, :E])   # [3H, E]
    p[W_IH_Z] = np.ascontiguousarray(w["d.cell.weight_ih"][:, E:])     # [3H, Z]
    return p


def init_np(p, z):                                  # z [B, Z] -> h0 [B, H], zx [B, 3H]
    h0 = np.tanh(z @ p["d.init.weight"].T + p["d.init.bias"])
    return h0, z @ p[W_IH_Z].T + p["d.cell.bias_ih"]


def step_np(p, token, h, zx):                       # token [B], h [B, H], zx [B, 3H] -> logits [B, V], h' [B, H]
    H = h.shape[1]
    table = p["d.emb.weight"] @ p[W_IH_EMB].T       # [V, 3H]
    gi = table[token] + zx
    gh = h @ p["d.cell.weight_hh"].T + p["d.cell.bias_hh"]
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    r, u = sig(gi[:, :H] + gh[:, :H]), sig(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
    h_next = (h - n) * u + n
    return h_next @ p["d.head.weight"].T + p["d.head.bias"], h_next


def _graph(name, nodes, arrays, inputs, outputs):
    inits = [nh.from_array(a, n) for n, a in arrays.items()]
    model = hp.make_model(hp.make_graph(nodes, name, inputs, outputs, inits), opset_imports=[hp.make_opsetid("", 17)],
                          producer_name="models/mol_zinc/split_decoder.py")
    onnx.checker.check_model(model)
    return model


def build(p):
    """(init model, step model) computing init_np and step_np, weights in float32."""
    H, Z = p["d.init.weight"].shape
    V = p["d.head.weight"].shape[0]
    f = lambda n, s: hp.make_tensor_value_info(n, TP.FLOAT, s)  # noqa: E731
    init = _graph("mol-zinc-decoder-init", [
        hp.make_node("Gemm", ["z", "d.init.weight", "d.init.bias"], ["a0"], transB=1),
        hp.make_node("Tanh", ["a0"], ["h0"]),
        hp.make_node("Gemm", ["z", W_IH_Z, "d.cell.bias_ih"], ["zx"], transB=1),
    ], {k: p[k] for k in ["d.init.weight", "d.init.bias", W_IH_Z, "d.cell.bias_ih"]}, [f("z", ["batch", Z])], [f("h0", ["batch", H]), f("zx", ["batch", 3 * H])])
    step = _graph("mol-zinc-decoder", [
        # all-constant inputs: onnxruntime folds the [V, 3H] table once, when it loads the model
        hp.make_node("Gemm", ["d.emb.weight", W_IH_EMB], ["table"], transB=1),
        hp.make_node("Gather", ["table", "token"], ["te"]),
        hp.make_node("Add", ["te", "zx"], ["gi"]),
        hp.make_node("Gemm", ["h", "d.cell.weight_hh", "d.cell.bias_hh"], ["gh"], transB=1),
        hp.make_node("Split", ["gi", "thirds"], ["gi_r", "gi_u", "gi_n"], axis=1),
        hp.make_node("Split", ["gh", "thirds"], ["gh_r", "gh_u", "gh_n"], axis=1),
        hp.make_node("Add", ["gi_r", "gh_r"], ["ar"]), hp.make_node("Sigmoid", ["ar"], ["r"]),
        hp.make_node("Add", ["gi_u", "gh_u"], ["au"]), hp.make_node("Sigmoid", ["au"], ["u"]),
        hp.make_node("Mul", ["r", "gh_n"], ["rgh"]), hp.make_node("Add", ["gi_n", "rgh"], ["an"]), hp.make_node("Tanh", ["an"], ["n"]),
        hp.make_node("Sub", ["h", "n"], ["hn"]), hp.make_node("Mul", ["hn", "u"], ["hnu"]), hp.make_node("Add", ["hnu", "n"], ["h_next"]),
        hp.make_node("Gemm", ["h_next", "d.head.weight", "d.head.bias"], ["logits"], transB=1),
    ], {**{k: p[k] for k in ["d.emb.weight", W_IH_EMB, "d.cell.weight_hh", "d.cell.bias_hh", "d.head.weight", "d.head.bias"]},
        "thirds": np.array([H, H, H], np.int64)},
        [hp.make_tensor_value_info("token", TP.INT64, ["batch"]), f("h", ["batch", H]), f("zx", ["batch", 3 * H])],
        [f("logits", ["batch", V]), f("h_next", ["batch", H])])
    return init, step


def split(src, out, base_card, fp16=True, seed=0):
    """Write mol-zinc-decoder-init and mol-zinc-decoder (.onnx and .json) to `out` from the single-step
    export at `src`. base_card: the decoder card's other fields (data, vocab, max_len, metrics, training...)."""
    p = parts(stored(weights_of(src), fp16))
    H, Z = p["d.init.weight"].shape
    V = p["d.head.weight"].shape[0]
    L = base_card["max_len"]
    init, step = build(p)
    # reference inputs and outputs (tests/unit/inference/mol-generator-models.test.ts runs the files on them)
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((3, Z)).astype(np.float32)
    h0, zx = init_np(p, z)
    token = np.array([1, 5, 9], np.int64)
    logits, h_next = step_np(p, token, h0, zx)
    flops_init = 2 * (H * Z + 3 * H * Z)
    flops_step = 2 * (3 * H * H + V * H) + 12 * H   # two GEMMs; the gates' element-wise work
    common = {k: v for k, v in base_card.items() if k not in
              ("id", "file", "bytes", "sha256", "name", "inputs", "outputs", "reference", "params", "flops_per_step",
               "flops_per_sample", "flops_note", "weights", "vocab", "max_len", "latent", "hidden")}
    weights = "float16, computed in float32" if fp16 else "float32"
    spec = lambda n, d, s, what="": {"name": n, "dtype": d, "shape": s, **({"what": what} if what else {})}  # noqa: E731
    kind = base_card["vocab"].get("kind", "selfies").upper()
    cards = {
        "mol-zinc-decoder-init": (init, {
            "name": f"{kind} VAE decoder, per-molecule start", **common,
            "inputs": [spec("z", "float32", ["batch", Z])],
            "outputs": [spec("h0", "float32", ["batch", H], "the GRU's first hidden state"),
                        spec("zx", "float32", ["batch", 3 * H], "z's share of the GRU input gates, fed to every step")],
            "params": int(sum(p[k].size for k in ["d.init.weight", "d.init.bias", W_IH_Z, "d.cell.bias_ih"])), "flops_per_sample": flops_init,
            "reference": {"inputs": {"z": z.flatten().tolist()}, "outputs": {"h0": h0.flatten().tolist(), "zx": zx.flatten().tolist()}}}),
        "mol-zinc-decoder": (step, {
            "name": f"{kind} VAE decoder (one autoregressive step)", **common,
            "inputs": [spec("token", "int64", ["batch"]), spec("h", "float32", ["batch", H]),
                       spec("zx", "float32", ["batch", 3 * H], "from mol-zinc-decoder-init")],
            "outputs": [spec("logits", "float32", ["batch", V]), spec("h_next", "float32", ["batch", H])],
            "vocab": base_card["vocab"], "max_len": L, "latent": Z, "hidden": H, "init": "mol-zinc-decoder-init",
            "params": int(sum(p[k].size for k in ["d.emb.weight", W_IH_EMB, "d.cell.weight_hh", "d.cell.bias_hh", "d.head.weight", "d.head.bias"])),
            "flops_per_step": flops_step, "flops_per_sample": flops_step * L,
            "flops_note": "per sample = per step x max_len (an upper bound: sequences stop at [eos]); mol-zinc-decoder-init's come on top",
            "reference": {"inputs": {"token": token.tolist(), "h": h0.flatten().tolist(), "zx": zx.flatten().tolist()},
                          "outputs": {"logits": logits.flatten().tolist(), "h_next": h_next.flatten().tolist()}}}),
    }
    os.makedirs(out, exist_ok=True)
    for id, (model, card) in cards.items():
        path = os.path.join(out, f"{id}.onnx")
        onnx.save(model, path)
        if fp16:
            store_fp16(path)
        blob = open(path, "rb").read()
        card = {"id": id, "file": f"{id}.onnx", "bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest(), **card, "weights": weights}
        json.dump(card, open(os.path.join(out, f"{id}.json"), "w"), indent=1)
        print(f"wrote {path} ({len(blob)} bytes)")


if __name__ == "__main__":
    from config import override  # noqa: E402
    cfg = {"src": "static/models/mol-zinc-decoder.onnx", "out": "static/models"}
    override(cfg)
    card = json.load(open(cfg["src"].removesuffix(".onnx") + ".json"))
    split(cfg["src"], cfg["out"], card, fp16=card.get("weights", "").startswith("float16"))
