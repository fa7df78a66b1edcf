"""Export the crystal models of one domain to ONNX (opset 17) with their cards:

  crystal-{domain}-denoiser   lattice [B, 6], frac [B, N, 3], species [B, N, V], mask [B, N], t [B], c [B, P], m [B, P],
                              given [B] -> v_lattice [B, 6], v_frac [B, N, 3], p_species [B, N, V]   (one evaluation)
  crystal-{domain}-predictor  lattice [B, 6] (Å, degrees), frac [B, N, 3], species [B, N, V], mask [B, N]
                              -> mean [B, P], std [B, P]           (when {ckpt}/predictor.pt exists)

usage: /usr/bin/python3 models/crystal/export.py [data=data/crystal/perov5] [ckpt=DIR] [out=static/models] [fp16=1]
The denoiser's card carries what a sampler needs: the element vocabulary, the atom-count histogram, lattice and
property normalisation, and the update rule. Guidance is the caller's: run the batch twice (m and m = 0) and mix.
"""
import copy
import datetime
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from model import CrystalConfig, Denoiser, PropertyEnsemble, flops_per_eval  # noqa: E402
from onnx_export import OPSET, write_onnx  # noqa: E402

data = "data/crystal/perov5"
ckpt = ""               # default {data}/ckpt (best.pt and predictor.pt)
out = "static/models"
fp16 = 1                # weights stored as float16, computed in float32: half the download
steps = 50              # the sampler's default number of Euler steps (the teacher; students will say their own)
anneal = 5.0            # the teacher's anti-annealing of the coordinate velocity (model.sample); students say their own (0)
override(globals())
ckpt = ckpt or os.path.join(data, "ckpt")

meta = json.load(open(os.path.join(data, "meta.json")))
dom = meta["domain"]
A, V, P = meta["max_atoms"], len(meta["vocab"]), len(meta["props"])
os.makedirs(out, exist_ok=True)


class DenoiserOut(nn.Module):
    """The denoiser with the species logits turned into probabilities, which guidance mixes linearly."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, lattice, frac, species, mask, t, c, m, given, dt=None, w=None):
        vl, vf, logits = self.model(lattice, frac, species, mask, t, c, m, given, dt, w)
        return vl, vf, torch.softmax(logits, -1)


def spec(name, dtype, shape, what=""):
    return {"name": name, "dtype": dtype, "shape": shape, **({"what": what} if what else {})}


def reference(module, args, names_in, names_out):
    """PyTorch's outputs on the example inputs with the weights as the file stores them, for the app's tests."""
    m = copy.deepcopy(module)
    if fp16:
        with torch.no_grad():
            for p in m.parameters():
                if p.numel() >= 1024:   # store_fp16 keeps smaller tensors in float32
                    p.copy_(p.half().float())
    with torch.no_grad():
        outs = m(*args)
    return {"inputs": {n: a.flatten().tolist() for n, a in zip(names_in, args)},
            "shapes": {n: list(a.shape) for n, a in zip(names_in, args)},
            "outputs": {n: o.flatten().tolist() for n, o in zip(names_out, outs)}}


def export(id, module, args, names_in, names_out, dynamic, card):
    path = os.path.join(out, f"{id}.onnx")
    size, sha = write_onnx(module, args, path, names_in, names_out, dynamic, fp16)
    card = {"id": id, "file": f"{id}.onnx", "bytes": size, "sha256": sha, "opset": OPSET,
            "domain": f"crystal-{dom}", **card, "weights": "float16, computed in float32" if fp16 else "float32",
            "params": sum(p.numel() for p in module.parameters()), "reference": reference(module, args, names_in, names_out)}
    json.dump(card, open(os.path.join(out, f"{id}.json"), "w"), indent=1)
    print(f"wrote {path} ({size} bytes)")


def data_card():
    return {"name": {"perov5": "Perov-5", "carbon24": "Carbon-24"}[dom],
            "path": {"perov5": "../shared/data/cdvae_perov_5", "carbon24": "../shared/data/cdvae_carbon_24 + ../shared/data/omatg_carbon_24_unique"}[dom],
            "rows": meta["rows"], "split": meta["split"], "prepared_by": f"/usr/bin/python3 models/crystal/prepare.py domain={dom}"}


def command(runs, script):
    return " && ".join(f"/usr/bin/python3 models/crystal/{script} " + " ".join(r) for r in runs)


torch.manual_seed(0)
B, N = 2, A
lattice = torch.randn(B, 6)
frac = torch.rand(B, N, 3)
mask = torch.ones(B, N)
mask[1, N - 1] = 0.0 if N > 1 else 1.0
species = torch.randn(B, N, V) * mask.unsqueeze(-1)
t = torch.tensor([0.25, 0.75])
c = torch.randn(B, P)
m = torch.tensor([[1.0] * P, [0.0] * P])
given = torch.tensor([0.0, 1.0])

st = torch.load(os.path.join(ckpt, "best.pt"), map_location="cpu")
cfg = CrystalConfig(**st["cfg"])
den = Denoiser(cfg)
den.load_state_dict(st["ema"])
names_in = ["lattice", "frac", "species", "mask", "t", "c", "m", "given"]
names_out = ["v_lattice", "v_frac", "p_species"]
atoms = {0: "batch", 1: "atoms"}
den_inputs = [spec("lattice", "float32", ["batch", 6], "normalised model lattice coordinates at time t (see sampler.lattice)"),
              spec("frac", "float32", ["batch", "atoms", 3], "fractional coordinates in [0, 1) at time t"),
              spec("species", "float32", ["batch", "atoms", V], "relaxed one-hot species at time t (the clean one-hot when given = 1); zero on padding"),
              spec("mask", "float32", ["batch", "atoms"], "1 for a real atom, 0 for padding"),
              spec("t", "float32", ["batch"], "time: 0 noise, 1 data"),
              spec("c", "float32", ["batch", P], "normalised property targets (sampler.props)"),
              spec("m", "float32", ["batch", P], "1 where the property is a target; all 0 = unconditional"),
              spec("given", "float32", ["batch"], "1: structure prediction (species given), 0: de novo")]
den_outputs = [spec("v_lattice", "float32", ["batch", 6], "velocity of the lattice coordinates"),
               spec("v_frac", "float32", ["batch", "atoms", 3], "velocity of the fractional coordinates (zero on padding)"),
               spec("p_species", "float32", ["batch", "atoms", V], "predicted clean species distribution")]
sampler = {
    "steps": steps, "vocab": meta["vocab"], "max_atoms": A, "natoms_hist": meta["natoms_hist"],
    "props": meta["props"], "prop_units": meta["prop_units"], "prop_mean": meta["prop_mean"], "prop_std": meta["prop_std"],
    "lattice": {"mean": meta["lattice"]["mean"], "std": meta["lattice"]["std"],
                "to_cell": "x = lattice * std + mean; a, b, c = exp(x[0..2]) * natoms^(1/3) Å; alpha, beta, gamma = x[3..5] radians"},
    "noise": "lattice ~ N(0, I); frac ~ U[0, 1); species ~ N(0, I) (de novo) or the one-hot (given); zero species on padding",
    "anneal": anneal,
    "update": "Euler from t = 0 to 1 in `steps` steps, dt = 1 / steps: lattice += dt v_lattice; frac = (frac + dt (1 + anneal t) v_frac) mod 1; "
              "species += dt (p_species - species) / (1 - t) (not when given); at the end element = argmax species",
    "guidance": "run the batch with m and with m = 0; out = out_uncond + w (out_cond - out_uncond) for all three outputs; "
                "w = 1 is the plain conditional model"}
export(f"crystal-{dom}-denoiser", DenoiserOut(den), (lattice, frac, species, mask, t, c, m, given), names_in, names_out,
       {"lattice": {0: "batch"}, "frac": atoms, "species": atoms, "mask": atoms, "t": {0: "batch"}, "c": {0: "batch"},
        "m": {0: "batch"}, "given": {0: "batch"}, "v_lattice": {0: "batch"}, "v_frac": atoms, "p_species": atoms},
       {"name": f"Crystal flow-matching denoiser ({data_card()['name']})", "family": "crystal-generator",
        "inputs": den_inputs, "outputs": den_outputs,
        # a sample: `steps` Euler steps, each a guided pair of evaluations, at the largest atom count
        "flops_per_sample": 2 * steps * flops_per_eval(cfg, A), "flops_per_eval": flops_per_eval(cfg, A), "flops_per_eval_atoms": A,
        "architecture": f"transformer over atoms, width {cfg.width}, {cfg.layers} layers, {cfg.heads} heads, adaLN condition, "
                        f"pair features from sin/cos of 2 pi k (f_j - f_i), k = 1..{cfg.freqs}, width {cfg.pair}, as attention bias and value messages",
        "metrics": {"valid_loss": st["history"][-1]["valid"] if st["history"] else None, "step": st["step"]},
        "sampler": sampler,
        "data": data_card(),
        "training": {"command": command(st["runs"], "train.py"), "seconds": round(st["seconds"]), "torch": torch.__version__,
                     "date": datetime.date.today().isoformat(), "history": st["history"][-5:]}})

sp = os.path.join(ckpt, "student.pt")
if os.path.exists(sp):
    ss = torch.load(sp, map_location="cpu")
    scfg = CrystalConfig(**ss["cfg"])
    stu = Denoiser(scfg)
    stu.load_state_dict(ss["ema"])
    dts = torch.tensor([0.25, 0.5])
    ws = torch.tensor([2.0, 1.0])
    export(f"crystal-{dom}-student", DenoiserOut(stu), (lattice, frac, species, mask, t, c, m, given, dts, ws), names_in + ["dt", "w"], names_out,
           {"lattice": {0: "batch"}, "frac": atoms, "species": atoms, "mask": atoms, "t": {0: "batch"}, "c": {0: "batch"}, "m": {0: "batch"},
            "given": {0: "batch"}, "dt": {0: "batch"}, "w": {0: "batch"}, "v_lattice": {0: "batch"}, "v_frac": atoms, "p_species": atoms},
           {"name": f"Crystal flow-matching student, {'/'.join(map(str, ss['ks']))} steps ({data_card()['name']})", "family": "crystal-generator",
            "inputs": den_inputs + [spec("dt", "float32", ["batch"], "the step size of this call: 1 / steps"),
                                    spec("w", "float32", ["batch"], "guidance weight (baked in: one evaluation per step, no unconditional pair)")],
            "outputs": den_outputs,
            "flops_per_sample": max(ss["ks"]) * flops_per_eval(scfg, A), "flops_per_eval": flops_per_eval(scfg, A), "flops_per_eval_atoms": A,
            "steps": ss["ks"], "distilled_from": {"teacher": ss["teacher"], "teacher_steps": ss["teacher_steps"], "anneal": ss.get("anneal", 0.0)},
            # the student regresses the annealed teacher's displacements, so its own steps are plain Euler
            "sampler": {**sampler, "steps": max(ss["ks"]), "anneal": 0.0, "guidance": "w is an input; one call per step"},
            "data": data_card(),
            "training": {"command": command(ss["runs"], "distill.py"), "seconds": round(ss["seconds"]), "torch": torch.__version__,
                         "date": datetime.date.today().isoformat(), "history": ss["history"][-5:]}})

NONNEGATIVE = ("dir_gap", "ind_gap", "density")
pp = os.path.join(ckpt, "predictor.pt")
if os.path.exists(pp):
    ps = torch.load(pp, map_location="cpu")
    pcfg = CrystalConfig(**ps["cfg"])
    pred = PropertyEnsemble(pcfg, ps["members"], meta["lattice"]["mean"], meta["lattice"]["std"])
    pred.load_state_dict(ps["model"])
    lat_raw = torch.tensor([[4.0, 4.0, 4.0, 90.0, 90.0, 90.0], [5.0, 6.0, 7.0, 80.0, 95.0, 100.0]])
    onehot = torch.nn.functional.one_hot(torch.randint(0, V, (B, N)), V).float() * mask.unsqueeze(-1)
    res = ps.get("result", {})
    export(f"crystal-{dom}-predictor", pred, (lat_raw, frac, onehot, mask), ["lattice", "frac", "species", "mask"], ["mean", "std"],
           {"lattice": {0: "batch"}, "frac": atoms, "species": atoms, "mask": atoms, "mean": {0: "batch"}, "std": {0: "batch"}},
           {"name": f"Crystal property predictors, deep ensemble ({data_card()['name']})", "family": "predictors",
            "properties": [{"key": p, "unit": meta["prop_units"][p]} for p in ps["props"]],
            "inputs": [spec("lattice", "float32", ["batch", 6], "Niggli-reduced a, b, c (Å), alpha, beta, gamma (degrees)"),
                       spec("frac", "float32", ["batch", "atoms", 3]), spec("species", "float32", ["batch", "atoms", V], "one-hot over sampler vocab"),
                       spec("mask", "float32", ["batch", "atoms"])],
            "outputs": [spec("mean", "float32", ["batch", len(ps["props"])], "predicted value per property"),
                        spec("std", "float32", ["batch", len(ps["props"])], "predictive std (ensemble spread + member variance, calibrated on valid)")],
            "vocab": meta["vocab"], "flops_per_sample": res.get("flops_per_sample"),
            # quantities that cannot go below a value: a band gap is >= 0 (most Perov-5 crystals are metals, gap
            # exactly 0), and a Gaussian ensemble's mean for a metal lands a little either side; the app clips there
            "floor": {p: 0.0 for p in ps["props"] if p in NONNEGATIVE},
            "architecture": f"{ps['members']} x transformer width {pcfg.width}, {pcfg.layers} layers, periodic pair features; mean-pooled -> (mean, logvar) per property",
            "metrics": {k: res.get(k) for k in ["test", "valid"]},
            "data": data_card(),
            "training": {"command": command(ps["runs"], "train_predictor.py"), "seconds": round(ps["seconds"]), "torch": torch.__version__,
                         "date": datetime.date.today().isoformat()}})


def write_reference_set():
    """The training structures (train + valid: everything the generator learnt from) for the app's novelty check:
    "LCTS", u32 version 1, u32 rows N, u32 max atoms A, then f32 lattice [N, 6] (Å, degrees), f32 frac [N, A, 3],
    u8 species [N, A] (index into the denoiser card's sampler.vocab, 255 on padding). Little-endian."""
    parts = {k: [] for k in ["lattice", "frac", "species"]}
    for split in ["train", "valid"]:
        parts["lattice"].append(np.fromfile(os.path.join(data, f"{split}.lattice.f32"), dtype=np.float32).reshape(-1, 6))
        parts["frac"].append(np.fromfile(os.path.join(data, f"{split}.frac.f32"), dtype=np.float32).reshape(-1, A, 3))
        parts["species"].append(np.fromfile(os.path.join(data, f"{split}.species.u8"), dtype=np.uint8).reshape(-1, A))
    lat, frac, spec = (np.concatenate(parts[k]) for k in ["lattice", "frac", "species"])
    path = os.path.join(out, f"crystal-{dom}-train.bin")
    with open(path, "wb") as f:
        f.write(b"LCTS" + np.array([1, len(lat), A], dtype="<u4").tobytes())
        f.write(lat.astype("<f4").tobytes() + frac.astype("<f4").tobytes() + spec.astype(np.uint8).tobytes())
    print(f"wrote {path} ({len(lat)} structures)")


write_reference_set()


def write_stats(bins=40, sample=3000):
    """Training-set histograms and a sample of property rows for the studio (target bars, the plots' grey
    background), in the layout of mol-zinc-stats.json; density computed from the cell (g/cm³)."""
    from pymatgen.core import Element
    masses = np.array([float(Element(e).atomic_mass) for e in meta["vocab"]] + [0.0])
    lat = np.concatenate([np.fromfile(os.path.join(data, f"{s}.lattice.f32"), dtype=np.float32).reshape(-1, 6) for s in ["train", "valid"]]).astype(np.float64)
    spec = np.concatenate([np.fromfile(os.path.join(data, f"{s}.species.u8"), dtype=np.uint8).reshape(-1, A) for s in ["train", "valid"]]).astype(np.int64)
    props = np.concatenate([np.fromfile(os.path.join(data, f"{s}.props.f32"), dtype=np.float32).reshape(-1, P) for s in ["train", "valid"]])
    a, b, c = lat[:, 0], lat[:, 1], lat[:, 2]
    ca, cb, cg = (np.cos(np.radians(lat[:, k])) for k in (3, 4, 5))
    vol = a * b * c * np.sqrt(np.clip(1 - ca ** 2 - cb ** 2 - cg ** 2 + 2 * ca * cb * cg, 1e-12, None))
    mass = masses[np.where(spec == 255, len(meta["vocab"]), spec)].sum(1)
    cols = {p: props[:, j] for j, p in enumerate(meta["props"])}
    cols["density"] = mass / vol * 1.66053906660
    keys = [k for k in cols if np.isfinite(cols[k]).any()]
    hists = []
    for k in keys:
        x = cols[k][np.isfinite(cols[k])]
        lo, hi = float(np.min(x)), float(np.max(x))
        counts, _ = np.histogram(x, bins=bins, range=(lo, hi))
        hists.append({"key": k, "lo": round(lo, 4), "hi": round(hi, 4), "counts": counts.tolist(), "mean": round(float(x.mean()), 4)})
    rng = np.random.default_rng(0)
    idx = rng.choice(len(lat), size=min(sample, len(lat)), replace=False)
    rows = [[None if not np.isfinite(cols[k][i]) else round(float(cols[k][i]), 4) for k in keys] for i in idx]
    path = os.path.join(out, f"crystal-{dom}-stats.json")
    json.dump({"source": f"{data_card()['name']} training split (models/crystal/prepare.py)", "props": keys, "histograms": hists,
               "sample": {"n": len(rows), "rows": rows}}, open(path, "w"))
    print(f"wrote {path}")


write_stats()
