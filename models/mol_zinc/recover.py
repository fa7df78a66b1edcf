"""Rebuild the training checkpoints (vae.pt, prior.pt, students.pt, latent_props.pt, latent_confidence.pt) from the shipped ONNX files and cards, for
a checkout without data/mol/ckpt/ (it is git-ignored). The files hold every weight under its PyTorch name
(float16-rounded; the decoder step's GRU and head weights and the students' layers int8-rounded, quantize.py),
and the cards hold the configs, normalisations, metrics and the commands that trained them, so later stages
(decode_train.py, train_prior.py init=..., distill.py, train_vae.py resume=1, export.py) can go on from the
shipped models instead of from scratch. What is not in the files is not invented: the optimiser
state starts fresh, the VAE's step count is the last history entry's.

usage: /usr/bin/python3 models/mol_zinc/recover.py [models=static/models] [out=data/mol/ckpt]
"""
import json
import os
import shlex
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from onnx_fp16 import float32_weights  # noqa: E402
from latent_props import LatentProps, LatentPropsConfig  # noqa: E402
from prior import Denoiser, PriorConfig  # noqa: E402
from split_decoder import weights_of  # noqa: E402
from vae import VAE, VAEConfig  # noqa: E402

models = "static/models"
out = "data/mol/ckpt"
override(globals())


def card(id):
    return json.load(open(os.path.join(models, f"{id}.json")))


def onnx_weights(id, prefix=""):
    """Weights by PyTorch name as tensors, with `prefix` removed."""
    w = float32_weights(os.path.join(models, f"{id}.onnx"))
    return {k[len(prefix):]: torch.from_numpy(v.copy()) for k, v in w.items() if k.startswith(prefix)}


def filled(module, weights, source):
    """module's state dict with every entry taken from weights; an entry the file lacks is an error."""
    state = module.state_dict()
    missing = [k for k in state if k not in weights]
    if missing:
        raise SystemExit(f"{source} has no weights for {', '.join(missing)}")
    for k, v in state.items():
        if tuple(weights[k].shape) != tuple(v.shape):
            raise SystemExit(f"{source}: {k} has shape {tuple(weights[k].shape)}, the model wants {tuple(v.shape)}")
    return {k: weights[k] for k in state}


dec_card, enc_card = card("mol-zinc-decoder"), card("mol-zinc-encoder")


def commands(script):
    """argv of each run of `script` in the cards' training command, in order."""
    cmd = dec_card["training"]["command"]
    return [shlex.split(c)[2:] for c in cmd.split(" && ") if c.split()[1:2] == [f"models/mol_zinc/{script}"]]


os.makedirs(out, exist_ok=True)

# -- VAE: encoder file + decoder pair; the sequence GRU shares the single-step cell's weights --
vcfg = VAEConfig(**dec_card["training"]["config"])
vae = VAE(vcfg)
w = {f"encoder.{k}": v for k, v in onnx_weights("mol-zinc-encoder").items()}
for k, v in weights_of(os.path.join(models, "mol-zinc-decoder.onnx")).items():
    w[f"decoder.{k.removeprefix('d.')}"] = torch.from_numpy(v.copy())
for a, b in [("weight_ih", "weight_ih_l0"), ("weight_hh", "weight_hh_l0"), ("bias_ih", "bias_ih_l0"), ("bias_hh", "bias_hh_l0")]:
    w[f"decoder.gru.{b}"] = w[f"decoder.cell.{a}"]
vae.load_state_dict(filled(vae, w, "mol-zinc-encoder/-decoder"))
history = enc_card["metrics"]["history"]
vae_runs = commands("train_vae.py")
torch.save({"model": vae.state_dict(), "opt": torch.optim.Adam(vae.parameters()).state_dict(), "cfg": vcfg.__dict__,
            "step": history[-1]["step"], "epoch": history[-1]["epoch"], "history": history, "metrics": enc_card["metrics"]["valid"],
            "argv": vae_runs[-1], "runs": vae_runs, "recovered_from": models}, os.path.join(out, "vae.pt"))

# -- teacher prior (inside the guided wrapper, "model.") and its normalisations --
t_card = card("mol-zinc-teacher")
teacher = Denoiser(PriorConfig(**t_card["training"]["config"]))
teacher.load_state_dict(filled(teacher, onnx_weights("mol-zinc-teacher", "model."), "mol-zinc-teacher"))
prior_runs = commands("train_prior.py")
# the decoded labels' temperature, which export.py names in the command (decode_train.py's record is not here)
decode_temperature = next((float(a.split("=", 1)[1]) for argv in commands("decode_train.py")[-1:] for a in argv if a.startswith("temperature=")), 0.0)
props_file = next((a.split("=", 1)[1] for a in prior_runs[-1] if a.startswith("props_file=")), "train.props.f32")
f = lambda x: torch.tensor(x, dtype=torch.float32)  # noqa: E731
torch.save({"model": teacher.state_dict(), "cfg": teacher.cfg.__dict__,
            "z_mean": f(t_card["latent_norm"]["mean"]), "z_std": f(t_card["latent_norm"]["std"]),
            "p_mean": f(t_card["prop_norm"]["mean"]), "p_std": f(t_card["prop_norm"]["std"]),
            "props": t_card["props"], "on_means": "on_means=1" in prior_runs[-1], "props_file": props_file,
            "decode_temperature": decode_temperature,
            "argv": prior_runs[-1], "runs": prior_runs, "seconds": t_card["training"].get("seconds", 0), "recovered_from": models},
           os.path.join(out, "prior.pt"))

# -- students --
students, scfg, align = {}, None, {}
for k in [4, 2, 1]:
    s_card = card(f"mol-zinc-student-k{k}")
    if "align" in s_card["training"]:
        align[k] = s_card["training"]["align"]
    scfg = PriorConfig(**s_card["training"]["config"])
    student = Denoiser(scfg)
    student.load_state_dict(filled(student, onnx_weights(f"mol-zinc-student-k{k}"), f"mol-zinc-student-k{k}"))
    students[k] = student.state_dict()
aligned = commands("align_students.py")
torch.save({"students": students, "cfg": scfg.__dict__, "argv": commands("distill.py")[-1], "recovered_from": models,
            **({"align_runs": aligned, "align": align} if aligned else {})},
           os.path.join(out, "students.pt"))

# -- latent property head (its normalisations are buffers inside the file); model folders from before it lack it --
if os.path.exists(os.path.join(models, "mol-zinc-latent-props.json")):
    l_card = card("mol-zinc-latent-props")
    head = LatentProps(LatentPropsConfig(**l_card["training"]["config"]))
    head.load_state_dict(filled(head, onnx_weights("mol-zinc-latent-props"), "mol-zinc-latent-props"))
    chain = l_card["training"]["command"].split(" && ")
    last = max(i for i, c in enumerate(chain) if "align_students.py" in c or "distill.py" in c)
    head_at = max(i for i, c in enumerate(chain) if "train_latent_props.py" in c)
    head_argv = commands("train_latent_props.py")[-1]
    arg = lambda key: next((a.split("=", 1)[1] for a in head_argv if a.startswith(f"{key}=")), "")  # noqa: E731
    torch.save({"model": head.state_dict(), "cfg": head.cfg.__dict__, "props": l_card["props"], "fit": l_card["metrics"]["held_out"],
                **({"fit_samples": l_card["metrics"]["held_out_sampled"]} if "held_out_sampled" in l_card["metrics"] else {}),
                "held_out_rows": l_card["metrics"]["held_out_rows"], "props_file": l_card["training"]["props_file"],
                "samples": arg("samples"), "pair_commands": chain[last + 1:head_at],
                "argv": head_argv, "seconds": l_card["training"]["seconds"], "recovered_from": models},
               os.path.join(out, "latent_props.pt"))
# -- latent confidence head, likewise --
if os.path.exists(os.path.join(models, "mol-zinc-latent-confidence.json")):
    c_card = card("mol-zinc-latent-confidence")
    head = LatentProps(LatentPropsConfig(**c_card["training"]["config"]))
    head.load_state_dict(filled(head, onnx_weights("mol-zinc-latent-confidence"), "mol-zinc-latent-confidence"))
    chain = c_card["training"]["command"].split(" && ")
    head_at = max(i for i, c in enumerate(chain) if "train_latent_confidence.py" in c)
    pairs_from = max(i for i, c in enumerate(chain[:head_at]) if "prior_pairs.py" not in c and "decode_confidence.py" not in c) + 1
    torch.save({"model": head.state_dict(), "cfg": head.cfg.__dict__, "props": c_card["props"],
                "fit": {k: v for k, v in c_card["metrics"].items() if k != "what"}, "samples": c_card["training"]["samples"],
                "pair_commands": chain[pairs_from:head_at], "train_rows": c_card["training"]["train_rows"],
                "argv": shlex.split(chain[head_at])[2:], "seconds": c_card["training"]["seconds"], "recovered_from": models},
               os.path.join(out, "latent_confidence.pt"))
heads = [f for f in ["latent_props.pt", "latent_confidence.pt"] if os.path.exists(os.path.join(out, f))]
print(f"wrote {', '.join(['vae.pt', 'prior.pt', 'students.pt', *heads])} to {out} (from {models})")
