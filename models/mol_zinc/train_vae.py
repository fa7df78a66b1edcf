"""Train the VAE on the token arrays written by prepare.ts: SELFIES (data/mol, the shipped generator) or SMILES
(data/mol_smiles, prepare.ts --tokens smiles); the loop only sees token ids, vocab and max_len from meta.json.

usage: /usr/bin/python3 models/mol_zinc/train_vae.py [data=data/mol] [out=data/mol/ckpt] [key=value ...]
Writes {out}/vae.pt (weights, config, metrics) after every epoch and at the time budget; resumes from it
with resume=1.
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
from vae import EOS, PAD, VAE, VAEConfig  # noqa: E402

# -- config: plain values, overridable as key=value --
data = "data/mol"
out = "data/mol/ckpt"
epochs = 8
batch_size = 256
lr = 1e-3
beta = 0.05            # final KL weight; small keeps reconstructions sharp, the diffusion prior models the rest
kl_warmup = 4000       # steps of linear KL annealing from 0
latent = 64
dec_hidden = 256
emb = 64
word_dropout = 0.15
max_minutes = 0.0      # stop (and save) after this many minutes; 0 = no limit
max_steps = 0          # stop (and save) at this optimiser step, the schedule ending there; 0 = epochs decide. A budget
                       # in steps is the same compute whatever else runs on the machine (wall-clock is not)
limit = 0              # use only the first N training rows (smoke tests)
resume = 0
z_noise = 1.0          # > 1 with freeze_encoder=1: fine-tune the decoder on wider latent neighbourhoods
z_noise_min = -1.0     # >= 0: each molecule's width drawn uniformly from [z_noise_min, z_noise] (sharp near the means, smooth between)
freeze_encoder = 0     # keep the encoder (and so the latent space the prior was trained on) fixed
seed = 1337
override(globals())

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
L, V = meta["max_len"], len(meta["vocab"])


def load(split):
    t = np.fromfile(os.path.join(data, f"{split}.tok.u8"), dtype=np.uint8).reshape(-1, L)
    return torch.from_numpy(t.astype(np.int64))


train, valid = load("train"), load("valid")
if limit:
    train, valid = train[:limit], valid[: max(64, limit // 10)]
cfg = VAEConfig(vocab=V, max_len=L, emb=emb, latent=latent, dec_hidden=dec_hidden, word_dropout=word_dropout)
model = VAE(cfg)
if freeze_encoder:
    model.encoder.requires_grad_(False)
opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
ckpt_path = os.path.join(out, "vae.pt")
step, start_epoch, history, runs = 0, 0, [], [sys.argv[1:]]
if resume and os.path.exists(ckpt_path):
    state = torch.load(ckpt_path)
    model.load_state_dict(state["model"])
    if len(state["opt"]["param_groups"][0]["params"]) == len(opt.param_groups[0]["params"]):
        opt.load_state_dict(state["opt"])   # else the trainable set changed (freeze_encoder): a fresh optimiser
    step, start_epoch, history = state["step"], state["epoch"], state["history"]
    runs = state.get("runs", [state["argv"]]) + runs  # every command that trained these weights, in order
    print(f"resumed at epoch {start_epoch}, step {step}")
steps_per_epoch = math.ceil(len(train) / batch_size)
total_steps = max_steps or epochs * steps_per_epoch
print(f"train {len(train)} valid {len(valid)} vocab {V} max_len {L} params {sum(p.numel() for p in model.parameters())}")


@torch.no_grad()
def evaluate(n=2000):
    model.eval()
    x = valid[:n]
    rec, kl, mu = model(x)
    greedy = model.sample(mu, greedy=True)
    same = [(greedy[i][: int((x[i] != PAD).sum())] == x[i][: int((x[i] != PAD).sum())]).all().item() for i in range(len(x))]
    model.train()
    return {"rec": float(rec.mean()), "kl": float(kl.mean()), "recon_exact": float(np.mean(same)), "mu_std": float(mu.std(0).mean())}


def save(epoch, metrics):
    os.makedirs(out, exist_ok=True)
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "cfg": cfg.__dict__, "step": step, "epoch": epoch,
                "history": history, "metrics": metrics, "meta": meta, "argv": sys.argv[1:], "runs": runs}, ckpt_path + ".tmp")
    os.replace(ckpt_path + ".tmp", ckpt_path)  # never leave a half-written checkpoint


t0, step0 = time.time(), step
stop = False
lengths = (train != PAD).sum(1)


def length_buckets():
    """Shuffled batches of similar length, each trimmed to its longest row: a random batch's longest row is
    ~64 tokens where the mean is ~39, so bucketing cuts the GRU's work by a third. Pools of 64 batches keep
    the batch order random."""
    perm = torch.randperm(len(train))
    pool = 64 * batch_size
    batches = []
    for i in range(0, len(perm), pool):
        chunk = perm[i:i + pool]
        chunk = chunk[torch.argsort(lengths[chunk])]
        batches += [chunk[j:j + batch_size] for j in range(0, len(chunk), batch_size)]
    return [batches[k] for k in torch.randperm(len(batches))]


for epoch in range(start_epoch, epochs):
    model.train()
    for idx in length_buckets():
        x = train[idx][:, :int(lengths[idx].max())]   # [B, n]
        w = beta * min(1.0, step / max(1, kl_warmup))
        # cosine decay to 10 %, over the steps or the time budget, whichever runs out first
        done = max(step / total_steps, (time.time() - t0) / (60 * max_minutes) if max_minutes else 0.0)
        for g in opt.param_groups:
            g["lr"] = lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, done))))
        width = z_noise if z_noise_min < 0 else z_noise_min + (z_noise - z_noise_min) * torch.rand(len(x), 1)  # [B, 1]
        rec, kl, _ = model(x, width)
        loss = (rec + (0.0 if freeze_encoder else w) * kl).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 100 == 0:
            el = time.time() - t0
            print(f"epoch {epoch + 1} step {step}/{total_steps} rec {float(rec.mean()):.3f} kl {float(kl.mean()):.2f} beta {w:.4f} "
                  f"{(step - step0) * batch_size / el:.0f} seq/s {el / 60:.1f} min", flush=True)
        if (max_minutes and time.time() - t0 > 60 * max_minutes) or (max_steps and step >= max_steps):
            stop = True
            break
    metrics = evaluate()
    history.append({"epoch": epoch + 1, "step": step, "minutes": round((time.time() - t0) / 60, 1), **metrics})
    print(json.dumps(history[-1]), flush=True)
    save(epoch + 1, metrics)
    if stop:
        print("step budget reached" if max_steps and step >= max_steps else "time budget reached")
        break
print(f"wrote {ckpt_path}")
