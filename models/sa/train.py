"""Train the SA-score ensemble on the features written by prepare.ts.

usage: /usr/bin/python3 models/sa/train.py [key=value ...]   e.g. epochs=2 data=/tmp/sa-smoke out=/tmp/sa-ckpt
Writes {out}/ckpt.pt (weights, config, metrics) for export.py.
"""
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
from model import SAConfig, SAEnsemble, flops_per_sample  # noqa: E402

# -- config: plain values, overridable as key=value on the command line --
data = "data/sa"
out = "data/sa/ckpt"
epochs = 15
batch_size = 256
lr = 2e-3
weight_decay = 1e-4
members = 4
hidden = "256,128"
dropout = 0.1
seed = 1337
override(globals())

torch.manual_seed(seed)
np.random.seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
n_bits, n_desc = meta["features"]["morganBits"], len(meta["features"]["descriptors"])


def load(split):
    bits = np.fromfile(os.path.join(data, f"{split}.bits.u8"), dtype=np.uint8).reshape(-1, n_bits)
    desc = np.fromfile(os.path.join(data, f"{split}.desc.f32"), dtype=np.float32).reshape(-1, n_desc)
    y = np.fromfile(os.path.join(data, f"{split}.y.f32"), dtype=np.float32)
    assert len(bits) == len(desc) == len(y), split
    x = np.concatenate([bits.astype(np.float32), desc], axis=1)  # [N, n_bits + n_desc]
    return torch.from_numpy(x), torch.from_numpy(y)


xtr, ytr = load("train")
xva, yva = load("valid")
xte, yte = load("test")
print(f"train {len(ytr)}  valid {len(yva)}  test {len(yte)}  features {xtr.shape[1]}")

cfg = SAConfig(n_bits=n_bits, n_desc=n_desc, hidden=tuple(int(h) for h in hidden.split(",")), members=members, dropout=dropout)
model = SAEnsemble(cfg)
desc = xtr[:, n_bits:]
model.desc_mean.copy_(desc.mean(0))
model.desc_std.copy_(desc.std(0).clamp_min(1e-6))
model.y_mean.fill_(ytr.mean())
model.y_std.fill_(ytr.std())
opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
steps = epochs * math.ceil(len(ytr) / batch_size)
sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.1)


@torch.no_grad()
def predict(x, bs=4096):
    model.eval()
    means, stds = zip(*(model(x[i:i + bs]) for i in range(0, len(x), bs)))
    return torch.cat(means), torch.cat(stds)


def spearman(a, b):
    ra, rb = a.argsort().argsort().double(), b.argsort().argsort().double()
    return float(torch.corrcoef(torch.stack([ra, rb]))[0, 1])


def metrics(x, y):
    mean, std = predict(x)
    err = mean - y
    z90 = 1.6448536  # two-sided 90 % interval of a normal
    return {
        "n": len(y),
        "mae": float(err.abs().mean()),
        "rmse": float(err.pow(2).mean().sqrt()),
        "r2": float(1 - err.pow(2).sum() / (y - y.mean()).pow(2).sum()),
        "coverage90": float((err.abs() <= z90 * std).float().mean()),
        "spearman_std_abs_err": spearman(std, err.abs()),
        "mean_std": float(std.mean()),
    }


t0 = time.time()
yn = (ytr - model.y_mean) / model.y_std
for epoch in range(epochs):
    model.train()
    perm = torch.randperm(len(ytr))
    total = 0.0
    for i in range(0, len(ytr), batch_size):
        idx = perm[i:i + batch_size]
        mu, logvar = model.member_outputs(xtr[idx])   # [M, B] each
        target = yn[idx].expand_as(mu)
        # The mean learns from squared error alone; the variance head fits the residuals (Gaussian NLL)
        # without pulling the mean toward easy points.
        loss = F.mse_loss(mu, target) + 0.5 * (logvar + (target - mu.detach()).pow(2) / logvar.exp()).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        total += float(loss) * len(idx)
    va = metrics(xva, yva)
    print(f"epoch {epoch + 1}/{epochs}  loss {total / len(ytr):.4f}  valid mae {va['mae']:.4f} r2 {va['r2']:.4f}  {time.time() - t0:.0f}s", flush=True)

# Calibrate the std on the validation split: the factor that makes the 90 % interval hold 90 %.
model.std_scale.fill_(1.0)
mean, std = predict(xva)
ratio = ((mean - yva).abs() / std).sort().values
model.std_scale.fill_(float(ratio[int(0.9 * (len(ratio) - 1))]) / 1.6448536)

result = {
    "valid": metrics(xva, yva),
    "test": metrics(xte, yte),
    "std_scale": float(model.std_scale),
    "train_seconds": round(time.time() - t0),
    "params": sum(p.numel() for p in model.parameters()),
    "flops_per_sample": flops_per_sample(cfg),
    "config": {k: globals()[k] for k in ["epochs", "batch_size", "lr", "weight_decay", "members", "hidden", "dropout", "seed"]},
}
print(json.dumps(result, indent=1))
os.makedirs(out, exist_ok=True)
torch.save({"model": model.state_dict(), "cfg": cfg.__dict__, "result": result, "meta": meta, "argv": sys.argv[1:]}, os.path.join(out, "ckpt.pt"))
print(f"wrote {os.path.join(out, 'ckpt.pt')}")
