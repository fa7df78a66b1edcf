"""Train the latent confidence head: from a latent the samplers draw, the decoder's confidence in its greedy decode
(the mean log-probability of the tokens it chooses, decode_confidence.py). Decodes the decoder is surer of are
more like the data (docs/experiments.md, CONFIDENT_DEFAULT), and the head lets a run pick such latents before decoding
them, for a small MLP's cost instead of the decoder's. It is a LatentProps (latent_props.py) with one output:
a Gaussian MLP (or a deep ensemble of them), each kept at its step with the lowest held-out NLL.

usage: /usr/bin/python3 models/mol_zinc/train_latent_confidence.py samples=NAME[,NAME] [key=value ...]
Each NAME is a prior_pairs.py output labelled by decode_confidence.py: {data}/NAME.z.f32 [R, Z], NAME.conf.f32 [R].
The rows of 5 % of the runs are held out (a run's samplers start from the same noise): half pick each
member's step, half measure the fit for the card: R^2, Spearman's rank correlation, and the share of the
confidence gained by keeping the head's top 40 % against keeping the truly surest 40 % (the gain of the exact
filter it stands in for). Writes {ckpt}/latent_confidence.pt.
"""
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from latent_props import LatentProps, LatentPropsConfig, fit_member  # noqa: E402

data = "data/mol"
ckpt = "data/mol/ckpt"
samples = "train.prior,train.prior3,train.renoise1,train.renoise2,train.renoise3,train.renoise4"
width = 256
depth = 3
members = 1            # four members ranked no better (Spearman 0.817 against 0.814, the same gain) at four times the cost
steps = 5000           # per member; the held-out NLL stops improving by then (15,000 on a longer schedule did worse)
batch_size = 512
lr = 2e-3
weight_decay = 1e-4
z_noise = 0.2          # Gaussian noise on the normalised latent in training (a smoothness prior)
held_out = 0.05
keep = 0.4             # the share kept when measuring the gain
eval_every = 500
limit = 0              # first rows of each file only (tests)
label = "confidence"   # what the head learns: "confidence" (NAME.conf.f32, invalid decodes at a fixed low value) or
                       # "valid" (NAME.valid.u8 from tokens_to_smiles.ts: 1 where the decode parses), so that a pick
                       # avoids failures without preferring what the decoder is surest of
seed = 1337
override(globals())

if label not in ("confidence", "valid"):
    raise SystemExit(f'label is "confidence" or "valid" (got {label!r})')
torch.manual_seed(seed)
t0 = time.time()
zs, ys, apart, pair_commands = [], [], [], []
for name in filter(None, samples.split(",")):
    made = json.load(open(os.path.join(data, f"{name}.json")))     # prior_pairs.py's record: its argv, runs
    z = torch.from_numpy(np.fromfile(os.path.join(data, f"{name}.z.f32"), dtype=np.float32))
    y = torch.from_numpy(np.fromfile(os.path.join(data, f"{name}.conf.f32"), dtype=np.float32)) if label == "confidence" else \
        torch.from_numpy(np.fromfile(os.path.join(data, f"{name}.valid.u8"), dtype=np.uint8).astype(np.float32))
    z = z.reshape(len(y), -1)
    if len(y) % made["runs"]:
        raise SystemExit(f"{name}: {len(y)} rows for {made['runs']} runs")
    # the same runs held out of every file: prior_pairs.py outputs of one trajectories file share runs (conditions, the teacher's endpoints)
    held = torch.zeros(made["runs"], dtype=torch.bool)
    held[torch.randperm(made["runs"], generator=torch.Generator().manual_seed(seed))[: max(1, int(held_out * made["runs"]))]] = True
    held = held.repeat(len(y) // made["runs"])                     # [R]: rows are blocks of runs, one per sampler
    n = min(len(y), limit or len(y))
    zs.append(z[:n]), ys.append(y[:n]), apart.append(held[:n])
    pair_commands += [f"/usr/bin/python3 models/mol_zinc/prior_pairs.py {' '.join(made['argv'])}",
                      f"/usr/bin/python3 models/mol_zinc/decode_confidence.py rows={name}" if label == "confidence" else
                      f"npx tsx models/mol_zinc/tokens_to_smiles.ts --data {data} --in {data}/{name}.tok.u8 --valid {data}/{name}.valid.u8"]
z, y, apart = torch.cat(zs), torch.cat(ys).unsqueeze(1), torch.cat(apart)   # [N, Z], [N, 1], [N]
held_idx = apart.nonzero().squeeze(1)
held_idx = held_idx[torch.randperm(len(held_idx))]
pick, val = held_idx[: len(held_idx) // 2], held_idx[len(held_idx) // 2:]
tr = (~apart).nonzero().squeeze(1)
print(f"{len(tr)} training rows, {len(pick)} + {len(val)} held out ({time.time() - t0:.0f}s)")

cfg = LatentPropsConfig(latent=z.shape[1], props=1, width=width, depth=depth, members=members)
model = LatentProps(cfg)
model.z_mean.copy_(z[tr].mean(0))
model.z_std.copy_(z[tr].std(0))
model.p_mean.copy_(y[tr].mean(0))
model.p_std.copy_(y[tr].std(0))
x_all = (z - model.z_mean) / model.z_std                          # [N, Z]
y_all = (y - model.p_mean) / model.p_std                          # [N, 1]

best_steps = [fit_member(m, x_all, y_all, tr, pick, steps, batch_size, lr, weight_decay, z_noise, eval_every, t0) for m in model.members]
model.eval()


def ranks(v):
    return v.argsort().argsort().float()


with torch.no_grad():
    pred = model(z[val])[0].squeeze(1)                              # [V] predicted confidence
truth = y[val].squeeze(1)
k = int(keep * len(val))
top, chosen = torch.topk(truth, k).indices, torch.topk(pred, k).indices
fit = {"r2": round(float(1 - (truth - pred).var() / truth.var()), 4),
       "spearman": round(float(torch.corrcoef(torch.stack([ranks(pred), ranks(truth)]))[0, 1]), 4),
       f"gain_keep_{keep}": round(float((truth[chosen].mean() - truth.mean()) / (truth[top].mean() - truth.mean())), 4),
       f"overlap_keep_{keep}": round(len(set(top.tolist()) & set(chosen.tolist())) / k, 4),
       "held_out_rows": len(val)}
print(json.dumps(fit))
torch.save({"model": model.state_dict(), "cfg": cfg.__dict__, "props": ["confidence"], "label": label, "fit": fit, "best_steps": best_steps,
            "samples": samples, "pair_commands": pair_commands, "train_rows": len(tr), "argv": sys.argv[1:],
            "seconds": round(time.time() - t0)}, os.path.join(ckpt, "latent_confidence.pt"))
print(f"wrote {os.path.join(ckpt, 'latent_confidence.pt')}")
