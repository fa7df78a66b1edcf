"""Train the property predictors with uncertainty: a deep ensemble of small periodic transformers on clean
structures (Perov-5: heat_ref, dir_gap, ind_gap; Carbon-24: energy_per_atom), each member a mean and a variance.

usage: /usr/bin/python3 models/crystal/train_predictor.py [key=value ...]   e.g. data=data/crystal/perov5
Writes {out}/predictor.pt every ckpt_minutes and at the end; resume=1 continues. Metrics on valid and test:
MAE, RMSE, the share of test points inside the predicted 90 % interval (after calibrating the std on valid),
and the Spearman correlation of predicted std with absolute error.
"""
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
from model import CrystalConfig, PropertyEnsemble, flops_per_eval  # noqa: E402

data = "data/crystal/perov5"
out = ""                 # default {data}/ckpt
props = ""               # comma-separated names to predict; default: every property except density (computed exactly)
members = 4
width = 64
layers = 3
heads = 4
pair = 32
freqs = 6
steps = 6000
batch_size = 128
lr = 1e-3
ckpt_minutes = 3.0
max_minutes = 0.0
limit = 0
resume = 0
seed = 1337
override(globals())
out = out or os.path.join(data, "ckpt")

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
A, V = meta["max_atoms"], len(meta["vocab"])
names = props.split(",") if props else [p for p in meta["props"] if p != "density"]
cols = [meta["props"].index(p) for p in names]
P = len(names)


def load(split, n=0):
    lat = np.fromfile(os.path.join(data, f"{split}.lattice.f32"), dtype=np.float32).reshape(-1, 6)
    rows = len(lat) if not n else min(n, len(lat))
    frac = np.fromfile(os.path.join(data, f"{split}.frac.f32"), dtype=np.float32).reshape(-1, A, 3)[:rows]
    sp = np.fromfile(os.path.join(data, f"{split}.species.u8"), dtype=np.uint8).reshape(-1, A)[:rows].astype(np.int64)
    y = np.fromfile(os.path.join(data, f"{split}.props.f32"), dtype=np.float32).reshape(-1, len(meta["props"]))[:rows, cols]
    mask = torch.from_numpy(sp != 255).float()
    spec = torch.nn.functional.one_hot(torch.from_numpy(np.where(sp == 255, 0, sp)), V).float() * mask.unsqueeze(-1)
    return {"lat": torch.from_numpy(lat[:rows]), "frac": torch.from_numpy(frac), "spec": spec, "mask": mask, "y": torch.from_numpy(y)}


train, valid, test = load("train", limit), load("valid", limit), load("test", limit)
cfg = CrystalConfig(vocab=V, props=P, width=width, layers=layers, heads=heads, pair=pair, freqs=freqs)
model = PropertyEnsemble(cfg, members, meta["lattice"]["mean"], meta["lattice"]["std"])
yk = train["y"]
model.y_mean.copy_(torch.tensor([float(np.nanmean(yk[:, j].numpy())) for j in range(P)]))
model.y_std.copy_(torch.tensor([float(max(np.nanstd(yk[:, j].numpy()), 1e-6)) for j in range(P)]))
opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
path = os.path.join(out, "predictor.pt")
step, runs, seconds = 0, [sys.argv[1:]], 0.0
if resume and os.path.exists(path):
    st = torch.load(path)
    model.load_state_dict(st["model"])
    opt.load_state_dict(st["opt"])
    step, runs, seconds = st["step"], st["runs"] + runs, st["seconds"]
    print(f"resumed at step {step}")
known = torch.isfinite(train["y"]).any(1).nonzero().squeeze(1)    # rows with at least one label
print(f"predictor: {names}, train rows with labels {len(known)}, params {sum(p.numel() for p in model.parameters())}", flush=True)


@torch.no_grad()
def predict(b, bs=1024):
    model.eval()
    outs = [model(b["lat"][i:i + bs], b["frac"][i:i + bs], b["spec"][i:i + bs], b["mask"][i:i + bs]) for i in range(0, len(b["lat"]), bs)]
    model.train()
    return torch.cat([o[0] for o in outs]), torch.cat([o[1] for o in outs])


def spearman(a, b):
    ra, rb = a.argsort().argsort().double(), b.argsort().argsort().double()
    return float(torch.corrcoef(torch.stack([ra, rb]))[0, 1])


def metrics(b):
    mean, std = predict(b)
    res = {}
    for j, name in enumerate(names):
        ok = torch.isfinite(b["y"][:, j])
        err = mean[ok, j] - b["y"][ok, j]
        res[name] = {"n": int(ok.sum()), "mae": float(err.abs().mean()), "rmse": float(err.pow(2).mean().sqrt()),
                     "coverage90": float((err.abs() <= 1.6448536 * std[ok, j]).float().mean()),
                     "spearman_std_abs_err": spearman(std[ok, j], err.abs()), "mean_std": float(std[ok, j].mean())}
    return res


def save(extra=None):
    os.makedirs(out, exist_ok=True)
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "cfg": cfg.__dict__, "members": members, "props": names,
                "step": step, "runs": runs, "seconds": seconds + time.time() - t0, "meta": meta, **(extra or {})}, path + ".tmp")
    os.replace(path + ".tmp", path)


t0 = t_ck = time.time()
yn_all = (train["y"] - model.y_mean) / model.y_std
while step < steps:
    idx = known[torch.randint(0, len(known), (batch_size,))]
    frac = torch.remainder(train["frac"][idx] + torch.rand(batch_size, 1, 3), 1.0)   # the origin is arbitrary
    mu, lv = model.member_outputs(train["lat"][idx], frac, train["spec"][idx], train["mask"][idx])   # [M, B, P]
    y = yn_all[idx].unsqueeze(0).expand_as(mu)
    ok = torch.isfinite(y).float()
    y = y.nan_to_num(0.0)
    # the mean learns from squared error alone; the variance fits the residuals (Gaussian NLL) without pulling the mean
    per = (mu - y).pow(2) + 0.5 * (lv + (y - mu.detach()).pow(2) / lv.exp())
    loss = (per * ok).sum() / ok.sum()
    for g in opt.param_groups:
        g["lr"] = lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * step / steps)))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    step += 1
    if step % 200 == 0:
        print(f"step {step}/{steps} loss {float(loss):.4f} {(time.time() - t0) / 60:.1f} min", flush=True)
    timeout = max_minutes and time.time() - t0 > 60 * max_minutes
    if time.time() - t_ck > 60 * ckpt_minutes or timeout:
        save()
        t_ck = time.time()
    if timeout:
        print("time budget reached")
        break

# Calibrate each property's std on valid: the factor that makes the 90 % interval hold 90 %.
model.std_scale.fill_(1.0)
mean, std = predict(valid)
for j in range(P):
    ok = torch.isfinite(valid["y"][:, j])
    if ok.sum() >= 10:
        ratio = ((mean[ok, j] - valid["y"][ok, j]).abs() / std[ok, j]).sort().values
        model.std_scale[j] = float(ratio[int(0.9 * (len(ratio) - 1))]) / 1.6448536
result = {"valid": metrics(valid), "test": metrics(test), "std_scale": model.std_scale.tolist(),
          "flops_per_sample": members * flops_per_eval(cfg, A, cond_in=1), "params": sum(p.numel() for p in model.parameters())}
print(json.dumps(result, indent=1))
save({"result": result})
print(f"wrote {path}")
