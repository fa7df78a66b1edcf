"""Train the latent property head (latent_props.py) on the training molecules' posterior means and the
properties of their greedy decodes (decode_train.py temperature=0, then label_decoded.ts): the same pairs the
prior is conditioned on, so it predicts what the user would get from a latent, not what went in.

usage: /usr/bin/python3 models/mol_zinc/train_latent_props.py [key=value ...]
samples=NAME[,NAME]: more training pairs from the samplers' own latents, {data}/NAME.z.f32 and NAME.props.f32
(prior_pairs.py, then label_decoded.ts --rows NAME); the rows of 5 % of the runs are held out to report the fit on
such latents (fit_samples).
Reads {ckpt}/vae.pt, {data}/train.tok.u8 and {data}/{props_file}; writes {ckpt}/latent_props.pt: each
member's weights at its step with the lowest NLL on half of the held-out rows, and the ensemble's fit on the
other half per property (R^2, residual sd, share of residuals within one predicted sd).
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
from vae import encode_all, load_vae  # noqa: E402

data = "data/mol"
ckpt = "data/mol/ckpt"
props_file = "train.decoded.props.f32"
samples = ""           # comma-separated NAMEs of sampler pairs (see the header)
width = 256
depth = 3
members = 4            # deep ensemble: independently initialised members, each kept at its best step
steps = 6000           # per member
batch_size = 1024
lr = 2e-3
weight_decay = 1e-4
z_noise = 0.3          # Gaussian noise added to the normalised latent in training (a smoothness prior)
held_out = 0.05        # share of the rows held out: half picks the best step, half measures the fit in the card
eval_every = 500
limit = 0
seed = 1337
override(globals())

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
L, P = meta["max_len"], len(meta["props"])
vae, _ = load_vae(os.path.join(ckpt, "vae.pt"))
tokens = torch.from_numpy(np.fromfile(os.path.join(data, "train.tok.u8"), dtype=np.uint8).reshape(-1, L).astype(np.int64))
props = torch.from_numpy(np.fromfile(os.path.join(data, props_file), dtype=np.float32).reshape(-1, P))
if len(props) > len(tokens) or (len(props) < len(tokens) and not limit):
    raise SystemExit(f"{props_file} has {len(props)} rows but train.tok.u8 has {len(tokens)}")
n = min(len(props), limit or len(props))
tokens, props = tokens[:n], props[:n]

t0 = time.time()
mu, _ = encode_all(vae.encoder, tokens)                         # [N, Z] posterior means: what decode_train.py decoded
keep = ~props.isnan().any(1)                                    # rows whose decode RDKit accepted
mu, props = mu[keep], props[keep]
print(f"encoded {n} molecules in {time.time() - t0:.0f}s; {len(mu)} with labels")

perm = torch.randperm(len(mu))
n_val = max(2, int(held_out * len(mu)))
pick, val, tr = perm[: n_val // 2], perm[n_val // 2: n_val], perm[n_val:]
n_means = len(mu)
held_samples, pair_commands = [], []   # held-out sampler pairs; the commands that made the pair files (for the cards)
for name in filter(None, samples.split(",")):
    made = json.load(open(os.path.join(data, f"{name}.json")))   # prior_pairs.py's record: its argv, runs
    z_s = torch.from_numpy(np.fromfile(os.path.join(data, f"{name}.z.f32"), dtype=np.float32).reshape(-1, mu.shape[1]))
    p_s = torch.from_numpy(np.fromfile(os.path.join(data, f"{name}.props.f32"), dtype=np.float32).reshape(-1, P))
    if len(z_s) != len(p_s) or len(z_s) % made["runs"]:
        raise SystemExit(f"{name}: {len(z_s)} latents and {len(p_s)} labels for {made['runs']} runs")
    # Held out by run (measured on, never trained on): a run's samplers start from the same noise and land close together.
    apart = torch.zeros(made["runs"], dtype=torch.bool)
    apart[torch.randperm(made["runs"])[: max(1, int(held_out * made["runs"]))]] = True
    apart = apart.repeat(len(z_s) // made["runs"])                 # [R]: rows are blocks of runs, one block per sampler
    labelled = ~p_s.isnan().any(1)
    held_samples.append((z_s[apart & labelled], p_s[apart & labelled]))
    ok = ~apart & labelled
    tr = torch.cat([tr, torch.arange(len(mu), len(mu) + int(ok.sum()))])
    mu, props = torch.cat([mu, z_s[ok]]), torch.cat([props, p_s[ok]])
    pair_commands += [f"/usr/bin/python3 models/mol_zinc/prior_pairs.py {' '.join(made['argv'])}", f"npx tsx models/mol_zinc/label_decoded.ts --rows {name}"]
    print(f"{name}: {int(ok.sum())} more training pairs")
cfg = LatentPropsConfig(latent=mu.shape[1], props=P, width=width, depth=depth, members=members)
model = LatentProps(cfg)
means = tr[tr < n_means]                                        # normalised as the posterior means, which the prior samples like
model.z_mean.copy_(mu[means].mean(0))
model.z_std.copy_(mu[means].std(0))
model.p_mean.copy_(props[means].mean(0))
model.p_std.copy_(props[means].std(0))
x_all = (mu - model.z_mean) / model.z_std                       # [N, Z]
y_all = (props - model.p_mean) / model.p_std                    # [N, P]

t0 = time.time()
best_steps = [fit_member(m, x_all, y_all, tr, pick, steps, batch_size, lr, weight_decay, z_noise, eval_every, t0) for m in model.members]

model.eval()


def fit_on(z, y):
    """Per property: R^2, residual sd and the share of residuals within one predicted sd, on latents z [V, Z]."""
    with torch.no_grad():
        mean, std = model(z)                                    # [V, P] in units
    res = y - mean
    # R^2 is undefined on labels that do not vary (a tiny smoke-test decoder decodes every latent alike): null in
    # the card, where Python's -Infinity would not be JSON the app and the eval can read
    return {p: {"r2": round(float(1 - res[:, j].var() / y[:, j].var()), 4) if y[:, j].var() > 0 else None,
                "residual_sd": round(float(res[:, j].std()), 4),
                "within_1sd": round(float((res[:, j].abs() <= std[:, j]).float().mean()), 4)} for j, p in enumerate(meta["props"])}


fit = fit_on(mu[val], props[val])
print(json.dumps(fit))
# (none when no held-out sampled latent decoded to a molecule: a tiny smoke-test SMILES decoder may spell none)
held_z = torch.cat([z for z, _ in held_samples]) if held_samples else torch.zeros(0)
fit_samples = fit_on(held_z, torch.cat([y for _, y in held_samples])) if len(held_z) >= 2 else None
if fit_samples:
    print("on held-out sampled latents:", json.dumps(fit_samples))
torch.save({"model": model.state_dict(), "cfg": cfg.__dict__, "props": meta["props"], "fit": fit, **({"fit_samples": fit_samples} if fit_samples else {}), "held_out_rows": len(val), "best_steps": best_steps,
            "props_file": props_file, "samples": samples, "pair_commands": pair_commands, "train_rows": len(tr), "argv": sys.argv[1:], "seconds": round(time.time() - t0)}, os.path.join(ckpt, "latent_props.pt"))
print(f"wrote {os.path.join(ckpt, 'latent_props.pt')}")
