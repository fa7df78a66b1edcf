"""Export the mol-zinc models to ONNX (opset 17) with their cards, in static/models/:

  mol-zinc-encoder     tokens [B, L] int64            -> mu [B, Z]
  mol-zinc-decoder-init  z [B, Z] -> h0 [B, H], zx [B, 3H]          (once per molecule; split_decoder.py)
  mol-zinc-decoder     token [B] int64, h [B, H], zx [B, 3H] -> logits [B, V], h_next [B, H]
  mol-zinc-teacher     z [B, Z], t [B], c [B, P], m [B, P], w [B] -> v [B, Z]   (guided pair inside: 2 evaluations)
  mol-zinc-student-k{4,2,1}   same inputs and output, one evaluation
  mol-zinc-latent-props  z [B, Z] -> mean [B, P], std [B, P]   (properties of z's decode; screens latents)
  mol-zinc-latent-confidence  z [B, Z] -> mean [B, 1], std [B, 1]   (the decoder's confidence in z's decode; when
                       {ckpt}/latent_confidence.pt exists, train_latent_confidence.py)

usage: /usr/bin/python3 models/mol_zinc/export.py [ckpt=data/mol/ckpt] [out=static/models] [data=data/mol] [metrics_file=EVAL.json] [int8=ids] [only=ids]
"""
import copy
import datetime
import json
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from onnx_export import write_onnx  # noqa: E402
from quantize import quantize_files  # noqa: E402
from split_decoder import split  # noqa: E402
from latent_props import LatentProps, LatentPropsConfig  # noqa: E402
from prior import Denoiser, PriorConfig, flops_per_eval, guided_v  # noqa: E402
from vae import BOS, EOS, PAD, VAE, VAEConfig  # noqa: E402

ckpt = "data/mol/ckpt"
out = "static/models"
data = "data/mol"
metrics_file = ""   # optional eval JSON whose headline numbers go into the cards
fp16 = 1            # store weights as float16 (computed in float32): half the download
# then int8 for the networks run at every step of every molecule (quantize.py): about 1.4x the generation
# speed at the same quality (docs/experiments.md, "int8 networks"); "" keeps them float16
int8 = "mol-zinc-decoder,mol-zinc-student-k4,mol-zinc-student-k2,mol-zinc-student-k1"
only = ""           # comma-separated ids to write (default all): a new model goes out without rewriting the others' cards
override(globals())
wanted = lambda id: not only or id in only.split(",")  # noqa: E731

meta = json.load(open(os.path.join(data, "meta.json")))
vs, ps, ss = (torch.load(os.path.join(ckpt, f)) for f in ["vae.pt", "prior.pt", "students.pt"])
vcfg = VAEConfig(**vs["cfg"])
vae = VAE(vcfg).eval()
vae.load_state_dict(vs["model"])
teacher = Denoiser(PriorConfig(**ps["cfg"])).eval()
teacher.load_state_dict(ps["model"])
scfg = PriorConfig(**ss["cfg"])
lp_path = os.path.join(ckpt, "latent_props.pt")
if not os.path.exists(lp_path):
    raise SystemExit(f"{lp_path} is missing: run models/mol_zinc/train_latent_props.py ckpt={ckpt} first")
ls = torch.load(lp_path)
latent_props = LatentProps(LatentPropsConfig(**ls["cfg"])).eval()
latent_props.load_state_dict(ls["model"])
lc_path = os.path.join(ckpt, "latent_confidence.pt")
lc = torch.load(lc_path) if os.path.exists(lc_path) else None
metrics = None
if metrics_file:  # eval JSON (scripts/eval.ts): one entry per sampler, keyed like the model ids
    ev = json.load(open(metrics_file))
    metrics = {("teacher" if v["sampler"] == "teacher" else f"student-k{v['nfe']}"): {
        **v["metrics"], "targets": {t: x["hit_rate"] for t, x in v["targets"].items()},
        **({"targets_unscreened": {t: x["hit_rate_unscreened"] for t, x in v["targets"].items()}}
           if all("hit_rate_unscreened" in x for x in v["targets"].values()) else {}),
        "eval": {"file": metrics_file, "samples": ev["samples"], **ev["settings"]}} for v in ev["variants"]}
train_props = np.fromfile(os.path.join(data, "train.props.f32"), dtype=np.float32).reshape(-1, len(ps["props"]))
B, Z, H, P, L = 3, vcfg.latent, vcfg.dec_hidden, len(ps["props"]), vcfg.max_len
os.makedirs(out, exist_ok=True)
today = datetime.date.today().isoformat()
common = {
    "domain": "drug-like",
    "opset": 17,
    "data": {"name": "ZINC250k", "path": "../shared/data/zinc250k", "split": "DD-VAE train/valid/test", "rows": meta["rows"],
             "prepared_by": meta["made_by"], "dropped": {s: {k: v["count"] for k, v in d.items()} for s, d in meta["dropped"].items()}},
}


class DecoderStep(nn.Module):
    def __init__(self, vae):
        super().__init__()
        self.d = vae.decoder

    def forward(self, token, h, z, first):
        h = first * self.d.initial(z) + (1 - first) * h
        return self.d.step(token, h, z)


class Guided(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, z, t, c, m, w):
        return guided_v(self.model, z, t, c, m, w)


def spec(name, dtype, shape, what=""):
    return {"name": name, "dtype": dtype, "shape": shape, **({"what": what} if what else {})}


def reference(module, args, names_in, names_out):
    """PyTorch's outputs on the example inputs, with the weights as the file stores them: the app's test
    (tests/unit/inference/mol-generator-models.test.ts) runs the ONNX file on the same inputs."""
    m = copy.deepcopy(module)
    if fp16:
        with torch.no_grad():
            for p in m.parameters():
                p.copy_(p.half().float())
    with torch.no_grad():
        outs = m(*args)
    outs = outs if isinstance(outs, tuple) else (outs,)
    return {"inputs": {n: a.flatten().tolist() for n, a in zip(names_in, args)},
            "outputs": {n: o.flatten().tolist() for n, o in zip(names_out, outs)}}


def export(id, module, args, names_in, names_out, dynamic, card):
    if not wanted(id):
        return
    path = os.path.join(out, f"{id}.onnx")
    size, sha = write_onnx(module, args, path, names_in, names_out, dynamic, fp16)
    card = {"id": id, "file": f"{id}.onnx", "bytes": size, "sha256": sha, **common, **card,
            "weights": "float16, computed in float32" if fp16 else "float32"}
    card["params"] = sum(p.numel() for p in module.parameters())
    card["reference"] = reference(module, args, names_in, names_out)
    json.dump(card, open(os.path.join(out, f"{id}.json"), "w"), indent=1)
    print(f"wrote {path} ({size} bytes)")


def prior_commands(runs):
    """train_prior.py runs; one on decoded labels is preceded by the two commands that made them."""
    for argv in runs:
        if any(a.startswith("props_file=train.decoded") for a in argv):
            made = os.path.join(data, "train.decoded.json")   # absent after recover.py: the card's temperature
            temperature = json.load(open(made))["temperature"] if os.path.exists(made) else ps["decode_temperature"]
            yield f"/usr/bin/python3 models/mol_zinc/decode_train.py temperature={temperature:g}"
            yield "npx tsx models/mol_zinc/label_decoded.ts"
        yield f"/usr/bin/python3 models/mol_zinc/train_prior.py {' '.join(argv)}"


vae_runs = vs.get("runs", [vs["argv"]])  # a VAE trained in several runs (resume=1) lists each
align_runs = ss.get("align_runs", [ss["align_argv"]] if "align_argv" in ss else [])  # students aligned in rounds, likewise
command = " && ".join([f"npx tsx models/mol_zinc/prepare.ts{' --tokens smiles' if meta.get('tokens') == 'smiles' else ''}",
                       *(f"/usr/bin/python3 models/mol_zinc/train_vae.py {' '.join(a)}" for a in vae_runs),
                       *prior_commands(ps.get("runs", [ps["argv"]])),
                       f"/usr/bin/python3 models/mol_zinc/distill.py {' '.join(ss['argv'])}",
                       *(f"/usr/bin/python3 models/mol_zinc/align_students.py {' '.join(a)}" for a in align_runs),
                       *ls.get("pair_commands", []),
                       f"/usr/bin/python3 models/mol_zinc/train_latent_props.py {' '.join(ls['argv'])}".rstrip(),
                       "/usr/bin/python3 models/mol_zinc/export.py"])
kind = meta.get("tokens", "selfies")   # how token lists turn into SMILES (src/domain/chem/mol-tokens.ts)
vocab = {"kind": kind, "tokens": meta["vocab"], "pad": PAD, "bos": BOS, "eos": EOS}
decodes = {}
if kind == "smiles":
    # A SMILES decode can fail, and a run draws more latents to make up for the ones RDKit.js rejects
    # (generate.ts). The share is the students' own: their runs' greedy decodes, labelled by label_decoded.ts
    # (NaN where RDKit.js rejected the string), the rows the latent property head trains on.
    labels = np.fromfile(os.path.join(data, "train.prior.props.f32"), dtype=np.float32).reshape(-1, len(meta["props"]))
    decodes = {"decodes": {"valid": round(float((~np.isnan(labels).any(1)).mean()), 4), "rows": len(labels),
                           "what": "share of the samplers' greedy decodes RDKit.js accepts (train.prior rows: teacher and student runs)"}}

torch.manual_seed(0)   # example inputs (traced, and the cards' reference outputs)
valid_rows = torch.from_numpy(np.fromfile(os.path.join(data, "valid.tok.u8"), dtype=np.uint8)[: B * L].reshape(B, L).astype(np.int64))
export("mol-zinc-encoder", vae.encoder, (valid_rows,), ["tokens"], ["mu", "logvar"],
       {"tokens": {0: "batch"}, "mu": {0: "batch"}, "logvar": {0: "batch"}},
       {"name": f"{kind.upper()} VAE encoder", "family": "mol-generator",
        "inputs": [spec("tokens", "int64", ["batch", L], "token ids, [eos] then [pad]")],
        "outputs": [spec("mu", "float32", ["batch", Z]), spec("logvar", "float32", ["batch", Z])],
        "vocab": vocab, "max_len": L, "flops_per_sample": 0, "metrics": {"valid": vs["metrics"], "history": vs["history"]},
        "training": {"command": command, "config": vs["cfg"], "date": today, "torch": torch.__version__}})

# The decoder goes out as PyTorch's one step (float32), which split_decoder.py turns into the start/step pair.
if wanted("mol-zinc-decoder") or wanted("mol-zinc-decoder-init"):
    with tempfile.TemporaryDirectory() as tmp:
        step_path = os.path.join(tmp, "step.onnx")
        torch.onnx.export(DecoderStep(vae), (torch.full((B,), BOS, dtype=torch.long), torch.zeros(B, H), torch.randn(B, Z), torch.ones(1)),
                          step_path, opset_version=17, input_names=["token", "h", "z", "first"], output_names=["logits", "h_next"],
                          dynamic_axes={"token": {0: "batch"}, "h": {0: "batch"}, "z": {0: "batch"}, "logits": {0: "batch"}, "h_next": {0: "batch"}},
                          do_constant_folding=True)
        split(step_path, out, {**common, "family": "mol-generator", "vocab": vocab, "max_len": L, **decodes, "metrics": {"valid": vs["metrics"]},
                               "training": {"command": command, "config": vs["cfg"], "date": today, "torch": torch.__version__}}, fp16=bool(fp16))

prior_common = {
    "family": "mol-generator", "props": ps["props"],
    "latent_norm": {"mean": ps["z_mean"].tolist(), "std": ps["z_std"].tolist()},
    "prop_norm": {"mean": ps["p_mean"].tolist(), "std": ps["p_std"].tolist()},
    "prop_range": {**dict(zip(["lo", "hi"], np.percentile(train_props, [0.1, 99.9], axis=0).tolist())),
                   "what": "0.1 and 99.9 percentiles of the training properties; target values are drawn inside them"},
    "schedule": "variance preserving, alpha = cos(pi t / 2), sigma = sin(pi t / 2), v-prediction, DDIM on a uniform grid",
}
den_in = [spec("z", "float32", ["batch", Z], "normalised latent"), spec("t", "float32", ["batch"], "time in [0, 1]"),
          spec("c", "float32", ["batch", P], "normalised target properties"), spec("m", "float32", ["batch", P], "1 = property is a target"),
          spec("w", "float32", ["batch"], "guidance weight")]
den_out = [spec("v", "float32", ["batch", Z])]
dyn = {k: {0: "batch"} for k in ["z", "t", "c", "m", "w", "v"]}
ex = (torch.randn(B, Z), torch.rand(B), torch.randn(B, P), torch.ones(B, P), torch.ones(B))
teacher_steps = 200
export("mol-zinc-teacher", Guided(teacher), ex, ["z", "t", "c", "m", "w"], ["v"], dyn,
       {"name": "Latent diffusion prior (teacher, classifier-free guidance)", **prior_common, "inputs": den_in, "outputs": den_out,
        "steps": teacher_steps, "nfe_per_step": 2, "flops_per_eval": 2 * flops_per_eval(PriorConfig(**ps["cfg"])),
        "flops_per_sample": teacher_steps * 2 * flops_per_eval(PriorConfig(**ps["cfg"])),
        "metrics": (metrics or {}).get("teacher", {}), "training": {"command": command, "config": ps["cfg"], "seconds": ps["seconds"], "date": today}})
for k, state in ss["students"].items():
    student = Denoiser(scfg).eval()
    student.load_state_dict(state)
    export(f"mol-zinc-student-k{k}", student, ex, ["z", "t", "c", "m", "w"], ["v"], dyn,
           {"name": f"Latent diffusion prior, distilled student ({k} step{'s' if k > 1 else ''})", **prior_common,
            "inputs": den_in, "outputs": den_out, "steps": k, "nfe_per_step": 1, "flops_per_eval": flops_per_eval(scfg),
            "flops_per_sample": k * flops_per_eval(scfg), "distilled_from": "mol-zinc-teacher",
            "metrics": (metrics or {}).get(f"student-k{k}", {}), "training": {"command": command, "config": ss["cfg"], "date": today,
                         # align_students.py's fit: its k-step run's endpoint against the teacher's, held-out runs
                         **({"align": ss["align"][k]} if "align" in ss else {})}})

lcfg = latent_props.cfg
export("mol-zinc-latent-props", latent_props, (torch.randn(B, Z) * ps["z_std"] + ps["z_mean"],), ["z"], ["mean", "std"],
       {"z": {0: "batch"}, "mean": {0: "batch"}, "std": {0: "batch"}},
       {"name": "Latent property head (screens the prior's latents)", "family": "mol-generator", "props": ls["props"], "latent": Z,
        "inputs": [spec("z", "float32", ["batch", Z], "latent in the decoder's space")],
        "outputs": [spec("mean", "float32", ["batch", P], "predicted properties of z's greedy decode"),
                    spec("std", "float32", ["batch", P], "their predicted standard deviation")],
        "flops_per_sample": 2 * lcfg.members * (Z * lcfg.width + (lcfg.depth - 1) * lcfg.width ** 2 + lcfg.width * 2 * P),
        "metrics": {**{f"r2_{p}": f["r2"] for p, f in ls.get("fit_samples", ls["fit"]).items()}, "held_out": ls["fit"], "held_out_rows": ls["held_out_rows"],
                    **({"held_out_sampled": ls["fit_samples"]} if "fit_samples" in ls else {}),
                    "what": "fit on held-out latents: R^2 and residual sd of the mean, share of residuals within one predicted sd (0.68 when calibrated); "
                            "held_out: training molecules' posterior means; held_out_sampled: the samplers' own latents (prior_pairs.py runs held out), "
                            "which r2_* report when present"},
        "training": {"command": command, "config": ls["cfg"], "props_file": ls["props_file"], "seconds": ls["seconds"], "date": today}})
if lc:
    head = LatentProps(LatentPropsConfig(**lc["cfg"])).eval()
    head.load_state_dict(lc["model"])
    hcfg = head.cfg
    chain = command.split(" && ")
    export("mol-zinc-latent-confidence", head, (torch.randn(B, Z) * ps["z_std"] + ps["z_mean"],), ["z"], ["mean", "std"],
           {"z": {0: "batch"}, "mean": {0: "batch"}, "std": {0: "batch"}},
           {"name": "Latent confidence head (picks the latents the decoder is surest of)", "family": "mol-generator", "props": lc["props"],
            "latent": Z, "inputs": [spec("z", "float32", ["batch", Z], "latent in the decoder's space")],
            "outputs": [spec("mean", "float32", ["batch", 1], "predicted mean log-probability of the tokens of z's greedy decode"),
                        spec("std", "float32", ["batch", 1], "its predicted standard deviation")],
            "flops_per_sample": 2 * hcfg.members * (Z * hcfg.width + (hcfg.depth - 1) * hcfg.width ** 2 + hcfg.width * 2),
            "metrics": {**lc["fit"], "what": "on held-out latents (prior_pairs.py runs held out): R^2 of the mean, Spearman's rank correlation, "
                                             "and the share of the exact filter's gain in mean confidence that keeping the head's top share gets, with the overlap of the two"},
            "training": {"command": " && ".join([*chain[:-1], *lc["pair_commands"], f"/usr/bin/python3 models/mol_zinc/train_latent_confidence.py {' '.join(lc['argv'])}".rstrip(), chain[-1]]),
                         "config": lc["cfg"], "samples": lc["samples"], "train_rows": lc["train_rows"], "seconds": lc["seconds"], "date": today}})
if int8:
    quantize_files(out, out, [id for id in int8.split(",") if wanted(id)])
