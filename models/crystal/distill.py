"""Distil the teacher's many-step guided sampler into one student that takes 1, 2 or 4 Euler steps.

usage: /usr/bin/python3 models/crystal/distill.py [key=value ...]   e.g. data=data/crystal/perov5 trajectories=8192
1. Teacher runs (`teacher_steps` Euler steps, guided pair per step) from random noise, conditions drawn like
   training (some properties targeted with guidance w, some unconditional, some structure prediction); the states at
   t = 0, 1/4, 1/2, 3/4, 1 are kept in {out}/trajectories.pt (reused when present).
2. The student (the teacher's weights, plus inputs for its step dt and the guidance weight w) learns, from the
   teacher's state at t = i/k, the step that lands on the teacher's state at t = (i+1)/k: velocity targets
   (x_next - x_now)/dt for the lattice and wrap(f_next - f_now)/dt for the coordinates (a shortcut/trajectory
   regression over k in {1, 2, 4}); the species head learns the teacher's final species (cross-entropy), so the
   sampler's species update ends on them, or (spec_target=path) the teacher's species path. One network serves every k because dt is an input; guidance is baked in
   because w is an input (guidance distillation), so a step costs one evaluation instead of the teacher's two.
Writes {out}/student.pt (same layout as best.pt: "ema", "cfg", "meta") every ckpt_minutes and at the end;
resume=1 continues. Judge each k with sample.py ckpt={out}/student.pt steps=k and check.py.
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
from model import CrystalConfig, Denoiser, guided, wrap  # noqa: E402

data = "data/crystal/perov5"
teacher = ""            # default {data}/ckpt/best.pt
out = ""                # default {data}/ckpt
trajectories = 8192
teacher_steps = 100     # a multiple of 4
anneal = 5.0            # the teacher's anti-annealing (model.sample): the student learns the annealed paths
gen_batch = 256
w_max = 4.0             # guidance weights of the conditional runs drawn uniformly from [1, w_max]
p_uncond = 0.2
p_given = 0.25
ks = "1,2,4"
steps = 6000
batch_size = 128
lr = 2e-4
lam_frac = 10.0
lam_lat = 1.0           # weight of the lattice regression
# The species head's target. "final": the teacher's final species (cross-entropy to its argmax), so a student step
# aims straight at the end. "path": the teacher's own path, as the lattice and coordinates are learnt: the species
# state moves as s' = s + dt (p - s) / (1 - t), so the teacher's state at t1 is a(s at t0) + (1 - a) p_bar with
# a = (1 - t1) / (1 - t0) and p_bar the (convex) mean of its predictions over the step; a student predicting p_bar
# lands on the teacher's state (soft cross-entropy to p_bar).
spec_target = "final"
# Weight of a density term on each student step that ends at t = 1: the log density of the student's cell (the
# lattice it lands on) with its expected atomic masses (softmax of its species head; the given ones in structure
# prediction), against the teacher's final structure's. It ties the species to the cell: alone, the students put
# heavy species in cells sized for light ones (README, "Sampling: anti-annealing"). 0 = off.
lam_density = 0.0
ema = 0.999
ckpt_minutes = 3.0
max_minutes = 0.0
resume = 0
seed = 1337
override(globals())
teacher = teacher or os.path.join(data, "ckpt", "best.pt")
out = out or os.path.join(data, "ckpt")
assert teacher_steps % 4 == 0
torch.manual_seed(seed)

ts = torch.load(teacher, map_location="cpu")
meta = ts["meta"]
tcfg = CrystalConfig(**ts["cfg"])
T = Denoiser(tcfg).eval()
T.load_state_dict(ts["ema"])
A, V, P = meta["max_atoms"], len(meta["vocab"]), len(meta["props"])
os.makedirs(out, exist_ok=True)
traj_path = os.path.join(out, "trajectories.pt")


def load_train():
    sp = np.fromfile(os.path.join(data, "train.species.u8"), dtype=np.uint8).reshape(-1, A).astype(np.int64)
    na = np.fromfile(os.path.join(data, "train.natoms.u8"), dtype=np.uint8).astype(np.int64)
    props = torch.from_numpy(np.fromfile(os.path.join(data, "train.props.f32"), dtype=np.float32).reshape(-1, P))
    c = ((props - torch.tensor(meta["prop_mean"])) / torch.tensor(meta["prop_std"]))
    return torch.from_numpy(sp), torch.from_numpy(na), c


@torch.no_grad()
def teacher_runs():
    """States of guided teacher runs at t = 0, 1/4, 1/2, 3/4, 1, with the conditions that made them."""
    sp_all, na_all, c_all = load_train()
    keep = {k: [] for k in ["lat", "frac", "spec", "mask", "c", "m", "given", "w", "final"]}
    t0 = time.time()
    for start in range(0, trajectories, gen_batch):
        B = min(gen_batch, trajectories - start)
        rows = torch.randint(0, len(na_all), (B,))
        na = na_all[rows]
        mask = (torch.arange(A).unsqueeze(0) < na.unsqueeze(1)).float()
        c = c_all[rows].nan_to_num(0.0)
        m = (torch.rand(B, P) < 0.5).float() * torch.isfinite(c_all[rows]).float() * (torch.rand(B, 1) >= p_uncond).float()
        # drawn for unconditional runs too, where it changes nothing: the student learns to ignore w when m = 0
        w = 1.0 + (w_max - 1.0) * torch.rand(B)
        given = (torch.rand(B) < p_given).float()
        lat = torch.randn(B, 6)
        frac = torch.rand(B, A, 3)
        onehot = F.one_hot(sp_all[rows].masked_fill(mask == 0, 0), V).float()
        g = given.view(B, 1, 1)
        spec = (g * onehot + (1 - g) * torch.randn(B, A, V)) * mask.unsqueeze(-1)
        states = [(lat, frac, spec)]
        for i in range(teacher_steps):
            t = i / teacher_steps
            dt = 1.0 / teacher_steps
            vl, vf, p = guided(T, lat, frac, spec, mask, torch.full((B,), t), c, m, given, w)
            lat = lat + dt * vl
            frac = torch.remainder(frac + dt * (1.0 + anneal * t) * vf, 1.0)
            spec = spec + (1 - g) * dt * (p - spec) / (1.0 - t) * mask.unsqueeze(-1)
            if (i + 1) % (teacher_steps // 4) == 0:
                states.append((lat, frac, spec))
        keep["lat"].append(torch.stack([s[0] for s in states], 1))      # [B, 5, 6]
        keep["frac"].append(torch.stack([s[1] for s in states], 1))     # [B, 5, A, 3]
        keep["spec"].append(torch.stack([s[2] for s in states], 1))     # [B, 5, A, V]
        for k, v in [("mask", mask), ("c", c), ("m", m), ("given", given), ("w", w), ("final", spec.argmax(-1))]:
            keep[k].append(v)
        print(f"teacher runs {start + B}/{trajectories} {time.time() - t0:.0f}s", flush=True)
    return {k: torch.cat(v) for k, v in keep.items()}


if os.path.exists(traj_path):
    traj = torch.load(traj_path)
    print(f"reusing {traj_path} ({len(traj['lat'])} runs)")
else:
    traj = teacher_runs()
    traj["teacher"] = teacher
    traj["teacher_steps"] = teacher_steps
    traj["anneal"] = anneal
    torch.save(traj, traj_path)

scfg = CrystalConfig(**{**ts["cfg"], "student": True})
student = Denoiser(scfg)
# start from the teacher: the condition MLP's first layer gains columns for dt and w, which start at zero
sd = {k: v.clone() for k, v in ts["ema"].items()}
w_new = student.state_dict()["backbone.cond.0.weight"].zero_()
old = sd["backbone.cond.0.weight"]
n_old = old.shape[1] - 6          # the lattice's 6 columns come last in the teacher's condition input
w_new[:, :n_old] = old[:, :n_old]
w_new[:, -6:] = old[:, -6:]
sd["backbone.cond.0.weight"] = w_new
student.load_state_dict(sd)
avg = copy.deepcopy(student).requires_grad_(False)
opt = torch.optim.AdamW(student.parameters(), lr=lr, weight_decay=0.0)
path = os.path.join(out, "student.pt")
step, runs, history, seconds = 0, [sys.argv[1:]], [], 0.0
if resume and os.path.exists(path):
    st = torch.load(path)
    student.load_state_dict(st["model"])
    avg.load_state_dict(st["ema"])
    opt.load_state_dict(st["opt"])
    step, runs, history, seconds = st["step"], st["runs"] + runs, st["history"], st["seconds"]
    print(f"resumed at step {step}")
k_list = [int(k) for k in ks.split(",")]
n = len(traj["lat"])


def save():
    torch.save({"model": student.state_dict(), "ema": avg.state_dict(), "opt": opt.state_dict(), "cfg": scfg.__dict__, "meta": meta,
                "step": step, "runs": runs, "history": history, "seconds": seconds + time.time() - t0, "ks": k_list,
                "teacher": teacher, "teacher_steps": int(traj["teacher_steps"]), "anneal": float(traj.get("anneal", 0.0)), "spec_target": spec_target, "lam_density": lam_density, "params": sum(p.numel() for p in student.parameters())}, path + ".tmp")
    os.replace(path + ".tmp", path)


if lam_density:
    from pymatgen.core import Element   # only here: Debian's pymatgen, for the atomic masses
    MASS = torch.tensor([Element(e).atomic_mass for e in meta["vocab"]], dtype=torch.float32)
    LAT_MEAN, LAT_STD = torch.tensor(meta["lattice"]["mean"], dtype=torch.float32), torch.tensor(meta["lattice"]["std"], dtype=torch.float32)


def log_density(lat, mass_per_atom):
    """log(mean mass per atom / volume per atom), up to a constant: lat [B, 6] normalised model coordinates
    (log(length / N^(1/3)) and angles in radians), so the volume per atom is the product of the scaled lengths
    times the angle factor."""
    x = lat * LAT_STD + LAT_MEAN
    cos = torch.cos(x[:, 3:])
    g = 1 - (cos ** 2).sum(1) + 2 * cos.prod(1)
    return torch.log(mass_per_atom) - (x[:, :3].sum(1) + 0.5 * torch.log(g.clamp_min(1e-6)))


t0 = t_ck = time.time()
run_loss = None
while step < steps:
    idx = torch.randint(0, n, (batch_size,))
    k = torch.tensor(k_list)[torch.randint(0, len(k_list), (batch_size,))]      # [B] steps of this example's sampler
    i = (torch.rand(batch_size) * k).long()                                    # [B] which of its steps
    stride = 4 // k
    a, b = i * stride, (i + 1) * stride                                        # indices into the 5 kept states
    r = torch.arange(batch_size)
    lat0, lat1 = traj["lat"][idx, a], traj["lat"][idx, b]
    f0, f1 = traj["frac"][idx, a], traj["frac"][idx, b]
    s0 = traj["spec"][idx, a]
    dt = 1.0 / k.float()
    t = i.float() * dt
    mask, given = traj["mask"][idx], traj["given"][idx]
    vl, vf, logits = student(lat0, f0, s0, mask, t, traj["c"][idx], traj["m"][idx], given, dt, traj["w"][idx])
    l_lat = (vl - (lat1 - lat0) / dt.unsqueeze(1)).pow(2).mean()
    l_frac = ((vf - wrap(f1 - f0) / dt.view(-1, 1, 1)).pow(2).sum(-1) * mask).sum() / (3 * mask.sum())
    if spec_target == "path":
        s1 = traj["spec"][idx, b]
        alpha = ((1 - (i + 1).float() * dt) / (1 - t)).view(-1, 1, 1)             # 0 on a last step: p_bar = s1
        p_bar = ((s1 - alpha * s0) / (1 - alpha)).clamp_min(0)
        p_bar = p_bar / p_bar.sum(-1, keepdim=True).clamp_min(1e-8)
        ce = -(p_bar * F.log_softmax(logits, -1)).sum(-1)
    else:
        ce = F.cross_entropy(logits.reshape(-1, V), traj["final"][idx].reshape(-1), reduction="none").view(batch_size, -1)
    wsp = mask * (1 - given).unsqueeze(1)
    l_spec = (ce * wsp).sum() / wsp.sum().clamp_min(1.0)
    loss = lam_lat * l_lat + lam_frac * l_frac + l_spec
    if lam_density:
        last = (i + 1) == k                                                       # steps that land at t = 1
        final = traj["final"][idx]                                                # [B, A] the teacher's species
        soft = torch.softmax(logits, -1) @ MASS                                   # [B, A] expected mass
        mass = torch.where(given.view(-1, 1) > 0, MASS[final], soft)
        n_at = mask.sum(1).clamp_min(1)
        ours = log_density(lat0 + dt.unsqueeze(1) * vl, (mass * mask).sum(1) / n_at)
        theirs = log_density(traj["lat"][idx, 4], (MASS[final] * mask).sum(1) / n_at)
        l_density = ((ours - theirs) ** 2 * last).sum() / last.sum().clamp_min(1)
        loss = loss + lam_density * l_density
    for g in opt.param_groups:
        g["lr"] = lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / steps)))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(student.parameters(), 1.0)
    opt.step()
    step += 1
    with torch.no_grad():
        for pa, pm in zip(avg.parameters(), student.parameters()):
            pa.mul_(min(ema, (1 + step) / (10 + step))).add_(pm, alpha=1 - min(ema, (1 + step) / (10 + step)))
    parts = torch.tensor([float(l_lat), float(l_frac), float(l_spec)])
    run_loss = parts if run_loss is None else 0.98 * run_loss + 0.02 * parts
    if step % 100 == 0:
        history.append({"step": step, "loss": [round(float(x), 5) for x in run_loss]})
        print(f"step {step}/{steps} lat {run_loss[0]:.4f} frac {run_loss[1]:.4f} spec {run_loss[2]:.4f} {(time.time() - t0) / 60:.1f} min", flush=True)
    timeout = max_minutes and time.time() - t0 > 60 * max_minutes
    if time.time() - t_ck > 60 * ckpt_minutes or timeout or step == steps:
        save()
        t_ck = time.time()
    if timeout:
        print("time budget reached")
        break
print(f"wrote {path} at step {step}")
