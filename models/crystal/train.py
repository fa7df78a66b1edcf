"""Train the crystal flow-matching denoiser on the arrays written by prepare.py.

usage: /usr/bin/python3 models/crystal/train.py [key=value ...]   e.g. data=data/crystal/perov5 max_minutes=120
Writes {out}/ckpt.pt (weights, EMA weights, optimiser, step, history) every ckpt_minutes and at the end, and
{out}/best.pt (EMA weights with the lowest validation loss so far). resume=1 continues from {out}/ckpt.pt;
`steps` is the total, so resuming with the same command finishes the same schedule.
"""
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from model import CrystalConfig, Denoiser, flops_per_eval, wrap  # noqa: E402

# -- config: plain values, overridable as key=value --
data = "data/crystal/perov5"
out = ""                # default {data}/ckpt
steps = 60000
batch_size = 128
lr = 5e-4
warmup = 1000
width = 128
layers = 4
heads = 4
pair = 64
freqs = 6
p_drop_all = 0.2        # all properties dropped: the unconditional model (classifier-free guidance)
p_keep = 0.5            # otherwise each known property is a target with this probability
p_given = 0.25          # share of a batch trained for structure prediction (species given, clean)
lam_frac = 10.0         # weight of the coordinate loss: wrapped differences have variance 1/12 at most, far below the lattice's
lam_spec = 1.0
ema = 0.999
eval_every = 500
ckpt_minutes = 3.0
max_minutes = 0.0       # stop (and save) after this many minutes of this run; 0 = no limit
limit = 0               # use only the first N training rows (smoke tests)
resume = 0
seed = 1337
override(globals())
out = out or os.path.join(data, "ckpt")

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
A, V, P = meta["max_atoms"], len(meta["vocab"]), len(meta["props"])
lat_mean, lat_std = torch.tensor(meta["lattice"]["mean"]), torch.tensor(meta["lattice"]["std"])
p_mean, p_std = torch.tensor(meta["prop_mean"]), torch.tensor(meta["prop_std"])


def load(split, n=0):
    lattice = np.fromfile(os.path.join(data, f"{split}.lattice.f32"), dtype=np.float32).reshape(-1, 6)
    rows = len(lattice) if not n else min(n, len(lattice))
    frac = np.fromfile(os.path.join(data, f"{split}.frac.f32"), dtype=np.float32).reshape(-1, A, 3)[:rows]
    species = np.fromfile(os.path.join(data, f"{split}.species.u8"), dtype=np.uint8).reshape(-1, A)[:rows].astype(np.int64)
    natoms = np.fromfile(os.path.join(data, f"{split}.natoms.u8"), dtype=np.uint8)[:rows].astype(np.int64)
    props = np.fromfile(os.path.join(data, f"{split}.props.f32"), dtype=np.float32).reshape(-1, P)[:rows]
    natoms_t = torch.from_numpy(natoms)
    lat = torch.from_numpy(lattice[:rows]).double()
    x = torch.cat([torch.log(lat[:, :3] / natoms_t.double().pow(1 / 3).unsqueeze(1)), torch.deg2rad(lat[:, 3:])], 1).float()
    mask = (torch.arange(A).unsqueeze(0) < natoms_t.unsqueeze(1)).float()
    props_t = torch.from_numpy(props)
    return {
        "lat": (x - lat_mean) / lat_std,                                       # [n, 6] normalised model coords
        "frac": torch.from_numpy(frac),                                        # [n, A, 3]
        "spec": torch.from_numpy(species).masked_fill(mask == 0, 0),           # [n, A] (0 on padding, masked)
        "mask": mask,                                                          # [n, A]
        "c": ((props_t - p_mean) / p_std).nan_to_num(0.0),                     # [n, P]
        "known": torch.isfinite(props_t).float(),                              # [n, P]
    }


train = load("train", limit)
valid = load("valid", max(64, limit // 10) if limit else 0)
n_train = len(train["lat"])
cfg = CrystalConfig(vocab=V, props=P, width=width, layers=layers, heads=heads, pair=pair, freqs=freqs)
model = Denoiser(cfg)
avg = copy.deepcopy(model).requires_grad_(False)
opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
ckpt_path, best_path = os.path.join(out, "ckpt.pt"), os.path.join(out, "best.pt")
step, history, best, runs, seconds = 0, [], float("inf"), [sys.argv[1:]], 0.0
if resume and os.path.exists(ckpt_path):
    state = torch.load(ckpt_path)
    model.load_state_dict(state["model"])
    avg.load_state_dict(state["ema"])
    opt.load_state_dict(state["opt"])
    torch.set_rng_state(state["rng"])
    step, history, best, seconds = state["step"], state["history"], state["best"], state.get("seconds", 0.0)
    runs = state["runs"] + runs   # every command that trained these weights, in order
    print(f"resumed at step {step}")
n_params = sum(p.numel() for p in model.parameters())
print(f"train {n_train} valid {len(valid['lat'])} vocab {V} max_atoms {A} props {meta['props']} params {n_params} "
      f"flops/eval ({A} atoms) {flops_per_eval(cfg, A)}", flush=True)


def losses(net, b, t, noise, cond_mask, given):
    """Flow-matching losses of one batch: lattice MSE, coordinate MSE (wrapped), species cross-entropy."""
    B = len(t)
    mask = b["mask"]
    l0, f0, s0 = noise
    s1 = F.one_hot(b["spec"], V).float()
    tl, tf = t.unsqueeze(1), t.unsqueeze(1).unsqueeze(2)
    lat_t = (1 - tl) * l0 + tl * b["lat"]
    df = wrap(b["frac"] - f0)
    frac_t = torch.remainder(f0 + tf * df, 1.0)
    g = given.unsqueeze(1).unsqueeze(2)
    spec_t = g * s1 + (1 - g) * ((1 - tf) * s0 + tf * s1)
    vl, vf, logits = net(lat_t, frac_t, spec_t * mask.unsqueeze(-1), mask, t, b["c"], cond_mask, given)
    n_atoms = mask.sum()
    l_lat = (vl - (b["lat"] - l0)).pow(2).mean()
    l_frac = ((vf - df).pow(2).sum(-1) * mask).sum() / (3 * n_atoms)
    ce = F.cross_entropy(logits.reshape(-1, V), b["spec"].reshape(-1), reduction="none").view(B, -1)
    w_spec = mask * (1 - given).unsqueeze(1)
    l_spec = (ce * w_spec).sum() / w_spec.sum().clamp_min(1.0)
    return l_lat, l_frac, l_spec


def draw(b, gen=None):
    """Noise, times, condition masks and the structure-prediction flags for a batch."""
    B = len(b["lat"])
    noise = (torch.randn(B, 6, generator=gen), torch.rand(B, A, 3, generator=gen), torch.randn(B, A, V, generator=gen))
    t = torch.rand(B, generator=gen)
    keep = (torch.rand(B, P, generator=gen) < p_keep).float() * (torch.rand(B, 1, generator=gen) >= p_drop_all).float()
    given = (torch.rand(B, generator=gen) < p_given).float()
    return noise, t, keep * b["known"], given


@torch.no_grad()
def evaluate(net):
    """Validation losses with fixed noise and times, so that checkpoints compare."""
    gen = torch.Generator().manual_seed(0)
    tot = torch.zeros(3)
    n = len(valid["lat"])
    for i in range(0, n, 512):
        b = {k: v[i:i + 512] for k, v in valid.items()}
        noise, t, m, given = draw(b, gen)
        parts = losses(net, b, t, noise, m, given)
        tot += torch.tensor([float(x) for x in parts]) * len(t)
    lat_, frac_, spec_ = (tot / n).tolist()
    return {"lat": lat_, "frac": frac_, "spec": spec_, "total": lat_ + lam_frac * frac_ + lam_spec * spec_}


def save(path, extra=None):
    os.makedirs(out, exist_ok=True)
    state = {"cfg": cfg.__dict__, "ema": avg.state_dict(), "step": step, "history": history, "best": best, "meta": meta,
             "runs": runs, "seconds": seconds + time.time() - t_start, "params": n_params, **(extra or {})}
    torch.save(state, path + ".tmp")
    os.replace(path + ".tmp", path)   # never leave a half-written checkpoint


t_start = time.time()
t_ckpt = t_start
run_loss = None
while step < steps:
    idx = torch.randint(0, n_train, (batch_size,))
    b = {k: v[idx] for k, v in train.items()}
    # a random global translation: the data's origin is arbitrary; the network cannot see it, but the pairing
    # of data with uniform noise should not depend on it either
    b["frac"] = torch.remainder(b["frac"] + torch.rand(batch_size, 1, 3), 1.0)
    noise, t, m, given = draw(b)
    l_lat, l_frac, l_spec = losses(model, b, t, noise, m, given)
    loss = l_lat + lam_frac * l_frac + lam_spec * l_spec
    # linear warm-up, then cosine decay to 10 % over the total steps
    done = step / steps
    for grp in opt.param_groups:
        grp["lr"] = lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * done)))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    step += 1
    with torch.no_grad():
        decay = min(ema, (1 + step) / (10 + step))   # short average early on, so early checkpoints are usable
        for pa, pm in zip(avg.parameters(), model.parameters()):
            pa.mul_(decay).add_(pm, alpha=1 - decay)
    parts = torch.tensor([float(l_lat), float(l_frac), float(l_spec)])
    run_loss = parts if run_loss is None else 0.98 * run_loss + 0.02 * parts
    now = time.time()
    if step % 100 == 0:
        el = now - t_start
        print(f"step {step}/{steps} loss lat {run_loss[0]:.4f} frac {run_loss[1]:.4f} spec {run_loss[2]:.4f} "
              f"lr {opt.param_groups[0]['lr']:.2e} {el / 60:.1f} min", flush=True)
    timeout = max_minutes and now - t_start > 60 * max_minutes
    if step % eval_every == 0 or step == steps or timeout:
        v = evaluate(avg)
        history.append({"step": step, "minutes": round((seconds + now - t_start) / 60, 1), "train": [round(float(x), 5) for x in run_loss], "valid": v})
        print("valid " + json.dumps(history[-1]), flush=True)
        if v["total"] < best:
            best = v["total"]
            save(best_path)
    if now - t_ckpt > 60 * ckpt_minutes or step == steps or timeout:
        save(ckpt_path, {"model": model.state_dict(), "opt": opt.state_dict(), "rng": torch.get_rng_state()})
        t_ckpt = now
    if timeout:
        print("time budget reached")
        break
print(f"wrote {ckpt_path} and {best_path} (best valid {best:.4f}) at step {step}")
