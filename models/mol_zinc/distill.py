"""Distil the guided teacher prior into few-step students (Meng et al. 2023; Salimans & Ho 2022).

Stage 1, guidance distillation: a student that takes the guidance weight w as an input learns the
teacher's guided v (v_uncond + w (v_cond - v_uncond)), so one evaluation replaces the guided pair.
Stage 2, progressive distillation: each round a student learns to cover two DDIM steps of the previous
model in one, halving the steps: 128 -> 64 -> ... -> 1. Students for 4, 2 and 1 steps are kept.

usage: /usr/bin/python3 models/mol_zinc/distill.py [key=value ...]   -> {out}/students.pt
"""
import copy
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from prior import Denoiser, PriorConfig, alpha_sigma, ddim_step, guided_v  # noqa: E402
from vae import encode_all, load_vae  # noqa: E402

data = "data/mol"
out = "data/mol/ckpt"
guide_steps = 3000
round_steps = 1500
final_round_steps = 0  # steps of the rounds that make the kept students (n <= max(keep)); 0 = round_steps
start_steps = 128
keep = "4,2,1"
batch_size = 512
lr = 3e-4
lr_decay = 0           # 1: each stage's learning rate follows a cosine from lr to 0 (the round's last, noisiest
                       # steps then settle instead of handing their noise to the next round)
w_max = 6.0
p_drop_all = 0.2
p_keep = 0.5
limit = 0
encode_limit = 60000   # distillation needs the latent distribution, not every molecule: encode a random subset
seed = 1337
override(globals())

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
L, P = meta["max_len"], len(meta["props"])
prior_state = torch.load(os.path.join(out, "prior.pt"))
teacher = Denoiser(PriorConfig(**prior_state["cfg"]))
teacher.load_state_dict(prior_state["model"])
teacher.eval().requires_grad_(False)
z_mean, z_std, p_mean, p_std = (prior_state[k] for k in ["z_mean", "z_std", "p_mean", "p_std"])

# Training latents and properties, as in train_prior.py.
vae, _ = load_vae(os.path.join(out, "vae.pt"))
tokens = torch.from_numpy(np.fromfile(os.path.join(data, "train.tok.u8"), dtype=np.uint8).reshape(-1, L).astype(np.int64))
# the teacher's condition labels (train_prior.py props_file); NaN rows have none
props = torch.from_numpy(np.fromfile(os.path.join(data, prior_state.get("props_file", "train.props.f32")), dtype=np.float32).reshape(-1, P))
if limit:
    tokens, props = tokens[:limit], props[:limit]
if encode_limit and len(tokens) > encode_limit:
    pick = torch.randperm(len(tokens), generator=torch.Generator().manual_seed(seed))[:encode_limit]
    tokens, props = tokens[pick], props[pick]
mu, sd = encode_all(vae.encoder, tokens)  # [N, Z]
if prior_state.get("on_means"):  # the teacher modelled posterior means: distil on the same distribution
    sd = torch.zeros_like(sd)
labelled = ~props.isnan().any(1)
c_all = ((props - p_mean) / p_std).nan_to_num(0.0)


def batch():
    idx = torch.randint(0, len(mu), (batch_size,))
    x = (mu[idx] + sd[idx] * torch.randn_like(mu[idx]) - z_mean) / z_std
    m = (torch.rand(batch_size, P) < p_keep).float() * (torch.rand(batch_size, 1) >= p_drop_all).float()
    m = m * labelled[idx].float().unsqueeze(1)
    w = torch.rand(batch_size) * w_max
    return x, c_all[idx], m, w


def noised(x, t):
    a, s = alpha_sigma(t)
    return a.unsqueeze(1) * x + s.unsqueeze(1) * torch.randn_like(x)


def train(student, loss_fn, n_steps, label):
    opt = torch.optim.Adam(student.parameters(), lr=lr)
    t0 = time.time()
    for step in range(1, n_steps + 1):
        if lr_decay:
            opt.param_groups[0]["lr"] = lr * 0.5 * (1 + math.cos(math.pi * (step - 1) / n_steps))
        loss = loss_fn(student)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 500 == 0:
            print(f"{label} step {step}/{n_steps} loss {float(loss):.5f} {time.time() - t0:.0f}s", flush=True)
    return student


# Stage 1: guidance distillation. The student starts from the teacher; its extra w inputs start at zero.
scfg = PriorConfig(**{**prior_state["cfg"], "guidance_input": True})
student = Denoiser(scfg)
sd_t, sd_s = teacher.state_dict(), student.state_dict()
for k, v in sd_t.items():
    if sd_s[k].shape == v.shape:
        sd_s[k] = v.clone()
    else:  # the first condition layer gains columns for w
        sd_s[k].zero_()
        sd_s[k][:, : v.shape[1]] = v
student.load_state_dict(sd_s)


def guidance_loss(s):
    x, c, m, w = batch()
    t = torch.rand(batch_size)
    zt = noised(x, t)
    with torch.no_grad():
        target = guided_v(teacher, zt, t, c, m, w)
    return (s(zt, t, c, m, w) - target).pow(2).mean()


student = train(student, guidance_loss, guide_steps, "guidance")

# Stage 2: progressive distillation on a uniform time grid.
kept = {}
n = start_steps
while n > 1:
    prev = copy.deepcopy(student).eval().requires_grad_(False)
    student = copy.deepcopy(prev).train().requires_grad_(True)

    def halving_loss(s, prev=prev, n=n):
        x, c, m, w = batch()
        i = torch.randint(1, n // 2 + 1, (batch_size,)).float()
        t, t1, t2 = 2 * i / n, (2 * i - 1) / n, (2 * i - 2) / n
        zt = noised(x, t)
        with torch.no_grad():  # two steps of the previous model
            z1 = ddim_step(zt, prev(zt, t, c, m, w), t, t1)
            z2 = ddim_step(z1, prev(z1, t1, c, m, w), t1, t2)
            a_t, s_t = alpha_sigma(t)
            a2, s2 = alpha_sigma(t2)
            r = (s2 / s_t).unsqueeze(1)
            x_target = (z2 - r * zt) / (a2.unsqueeze(1) - r * a_t.unsqueeze(1))   # the x that one DDIM step must predict
            weight = (a_t.pow(2) / s_t.pow(2)).clamp(min=1.0, max=1e4)            # truncated SNR weighting
        a_t, s_t = alpha_sigma(t)
        x_hat = a_t.unsqueeze(1) * zt - s_t.unsqueeze(1) * s(zt, t, c, m, w)
        return (weight * (x_hat - x_target).pow(2).mean(1)).mean()

    # the last rounds' errors reach the user directly (and compound in the next round): they get longer
    steps = final_round_steps if final_round_steps and n // 2 <= max(int(k) for k in keep.split(",")) else round_steps
    student = train(student, halving_loss, steps, f"{n}->{n // 2}")
    n //= 2
    if str(n) in keep.split(","):
        kept[n] = copy.deepcopy(student.state_dict())

torch.save({"students": kept, "cfg": scfg.__dict__, "argv": sys.argv[1:]}, os.path.join(out, "students.pt"))
print(f"wrote {os.path.join(out, 'students.pt')} with students for {sorted(kept)} steps")
