"""Sample latents from a trained prior (teacher, DDIM) into a file the eval decodes and scores:

  /usr/bin/python3 models/mol_zinc/sample_prior.py ckpt=data/mol/ckpt n=2000 out=data/latents.f32
  npm run eval -- mol-zinc --variants none --latents data/latents.f32 --out data/latents-eval.json

Prior experiments (size, training data, noise scale, conditioning) are measured this way without
exporting or distilling. Rows are float32 [n, Z] in the decoder's (unnormalised) latent space.
props_from_data=1 conditions each sample on the property vector of a random training molecule
(guidance w) instead of sampling the unconditional model.
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from prior import Denoiser, PriorConfig, ddim_step, guided_v  # noqa: E402

ckpt = "data/mol/ckpt"
data = "data/mol"
out = "data/latents.f32"
n = 2000
steps = 200
noise = 1.0            # scale of the starting noise
props_from_data = 0
w = 1.0                # guidance weight when props_from_data=1
seed = 1
override(globals())

torch.manual_seed(seed)
ps = torch.load(os.path.join(ckpt, "prior.pt"))
model = Denoiser(PriorConfig(**ps["cfg"])).eval()
model.load_state_dict(ps["model"])
Z, P = ps["z_mean"].shape[0], ps["p_mean"].shape[0]
c = torch.zeros(n, P)
m = torch.zeros(n, P)
if props_from_data:
    props = torch.from_numpy(np.fromfile(os.path.join(data, "train.props.f32"), dtype=np.float32).reshape(-1, P))
    c = (props[torch.randint(0, len(props), (n,))] - ps["p_mean"]) / ps["p_std"]
    m = torch.ones(n, P)
z = noise * torch.randn(n, Z)                                              # [n, Z] at t = 1
grid = torch.linspace(1, 0, steps + 1)
with torch.no_grad():
    for i in range(steps):
        t, s = grid[i].expand(n), grid[i + 1].expand(n)
        v = guided_v(model, z, t, c, m, torch.full((n,), w)) if props_from_data else model(z, t, c, m)
        z = ddim_step(z, v, t, s)
z = z * ps["z_std"] + ps["z_mean"]
z.numpy().astype(np.float32).tofile(out)
print(json.dumps({"wrote": out, "rows": n, "latent": Z, "steps": steps, "noise": noise, "props_from_data": props_from_data, "w": w}))
