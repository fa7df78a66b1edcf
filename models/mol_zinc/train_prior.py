"""Train the latent diffusion prior (the teacher) on the VAE's latents of the training set.

usage: /usr/bin/python3 models/mol_zinc/train_prior.py [key=value ...]
Reads {data}/ckpt/vae.pt and the token/property arrays; writes {out}/prior.pt with the latent and
property normalisation, EMA weights and config. Every `ckpt_every` steps the whole training state goes to
{out}/prior.ckpt.pt, which resume=1 continues from (a run longer than a session) and which is removed once
prior.pt is written.
"""
import copy
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from prior import Denoiser, PriorConfig, alpha_sigma  # noqa: E402
from vae import encode_all, load_vae  # noqa: E402

data = "data/mol"
out = "data/mol/ckpt"
steps = 12000
batch_size = 1024
lr = 1e-3
width = 256
blocks = 3
p_drop_all = 0.2       # all properties dropped: the unconditional model
p_keep = 0.5           # otherwise each property is a target with this probability
ema = 0.999
on_means = 0           # 1: model the posterior means (sharper); 0: posterior samples mu + sd * eps
props_file = "train.props.f32"   # condition labels in {data}; train.decoded.props.f32: the properties of each
                                 # latent's decode (decode_train.py, label_decoded.ts); NaN rows = no condition
init = ""              # a prior.pt to start from (same width and blocks), e.g. to fine-tune on new labels
limit = 0
seed = 1337
resume = 0             # 1: continue from {out}/prior.ckpt.pt if there is one (same settings)
ckpt_every = 1000
max_minutes = 0.0      # stop after this many minutes of this run, checkpoint saved, exit code 75 (no prior.pt yet)
override(globals())

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
L, P = meta["max_len"], len(meta["props"])
vae, _ = load_vae(os.path.join(out, "vae.pt"))

tokens = torch.from_numpy(np.fromfile(os.path.join(data, "train.tok.u8"), dtype=np.uint8).reshape(-1, L).astype(np.int64))
props = torch.from_numpy(np.fromfile(os.path.join(data, props_file), dtype=np.float32).reshape(-1, P))
if len(props) != len(tokens):
    raise SystemExit(f"{props_file} has {len(props)} rows but train.tok.u8 has {len(tokens)}")
if limit:
    tokens, props = tokens[:limit], props[:limit]

t0 = time.time()
mu, sd = encode_all(vae.encoder, tokens)                           # [N, Z] posterior means and sds
print(f"encoded {len(mu)} molecules in {time.time() - t0:.0f}s; posterior sd mean {float(sd.mean()):.3f}")
if on_means:
    sd = torch.zeros_like(sd)
z_mean, z_std = mu.mean(0), (mu.var(0) + sd.pow(2).mean(0)).sqrt()  # normalise z to unit variance per dim
labelled = ~props.isnan().any(1)                                    # [N] rows with a condition
p_mean, p_std = props[labelled].mean(0), props[labelled].std(0)
if not (p_std > 0).all():
    raise SystemExit(f"{props_file}: a property has the same value on every labelled row (std {p_std.tolist()}); nothing to condition on")
c_all = ((props - p_mean) / p_std).nan_to_num(0.0)                   # [N, P]

cfg = PriorConfig(latent=mu.shape[1], props=P, width=width, blocks=blocks)
model = Denoiser(cfg)
runs = [sys.argv[1:]]   # every command that trained these weights, in order
if init:
    start = torch.load(init)
    model.load_state_dict(start["model"])
    runs = start.get("runs", [start["argv"]]) + runs
avg = copy.deepcopy(model)
opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.05)

# what must match for a checkpoint to be continued: the run it belongs to
run_key = {"cfg": cfg.__dict__, "steps": steps, "batch_size": batch_size, "lr": lr, "props_file": props_file, "init": init, "on_means": on_means, "seed": seed}
ckpt_path = os.path.join(out, "prior.ckpt.pt")
first = 1
if resume and os.path.exists(ckpt_path):
    ck = torch.load(ckpt_path, weights_only=False)
    if ck["run_key"] != run_key:
        raise SystemExit(f"{ckpt_path} belongs to another run ({ck['run_key']}); remove it or give that run's settings")
    model.load_state_dict(ck["model"])
    avg.load_state_dict(ck["avg"])
    opt.load_state_dict(ck["opt"])
    sched.load_state_dict(ck["sched"])
    torch.set_rng_state(ck["rng"])
    first = ck["step"] + 1
    print(f"resumed at step {ck['step']}", flush=True)


def save_checkpoint(step):
    state = {"run_key": run_key, "step": step, "model": model.state_dict(), "avg": avg.state_dict(), "opt": opt.state_dict(),
             "sched": sched.state_dict(), "rng": torch.get_rng_state()}
    torch.save(state, ckpt_path + ".tmp")
    os.replace(ckpt_path + ".tmp", ckpt_path)   # a kill mid-write leaves the last checkpoint whole


t0 = time.time()
for step in range(first, steps + 1):
    idx = torch.randint(0, len(mu), (batch_size,))
    x = (mu[idx] + sd[idx] * torch.randn_like(mu[idx]) - z_mean) / z_std   # [B, Z] a posterior sample, normalised
    c = c_all[idx]
    m = (torch.rand(batch_size, P) < p_keep).float() * (torch.rand(batch_size, 1) >= p_drop_all).float()
    m = m * labelled[idx].float().unsqueeze(1)
    t = torch.rand(batch_size)
    a, s = alpha_sigma(t)
    eps = torch.randn_like(x)
    zt = a.unsqueeze(1) * x + s.unsqueeze(1) * eps
    v_target = a.unsqueeze(1) * eps - s.unsqueeze(1) * x
    loss = (model(zt, t, c, m) - v_target).pow(2).mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    sched.step()
    with torch.no_grad():
        for pa, pm in zip(avg.parameters(), model.parameters()):
            pa.mul_(ema).add_(pm, alpha=1 - ema)
    if step % 500 == 0:
        print(f"step {step}/{steps} loss {float(loss):.4f} {time.time() - t0:.0f}s", flush=True)
    if ckpt_every and step % ckpt_every == 0 and step < steps:
        save_checkpoint(step)
    if max_minutes and time.time() - t0 > 60 * max_minutes and step < steps:
        save_checkpoint(step)
        print(f"stopped at step {step}/{steps} after {max_minutes} min: resume=1 continues from {ckpt_path}", flush=True)
        sys.exit(75)

torch.save({"model": avg.state_dict(), "cfg": cfg.__dict__, "z_mean": z_mean, "z_std": z_std, "p_mean": p_mean, "p_std": p_std,
            "props": meta["props"], "on_means": bool(on_means), "props_file": props_file, "argv": sys.argv[1:], "runs": runs, "seconds": round(time.time() - t0)}, os.path.join(out, "prior.pt"))
print(f"wrote {os.path.join(out, 'prior.pt')}")
if os.path.exists(ckpt_path):
    os.remove(ckpt_path)
