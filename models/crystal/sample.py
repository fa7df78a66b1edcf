"""Sample crystals from a trained denoiser with the Euler ODE sampler.

usage: /usr/bin/python3 models/crystal/sample.py [key=value ...]
  de novo:                 n=1000 steps=50 w=1.0 [target=heat_ref:1.0,dir_gap:2.0]
  structure prediction:    csp=1 (one run per test composition, k samples each: csp_k=1)
Writes {out} (an .npz: lattice [B, 6] in Å and degrees, frac [B, A, 3], species [B, A] element indices, -1 padding,
natoms [B], and for csp the test row each sample belongs to) and, with cif_dir=DIR, one CIF per structure.
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
from model import CrystalConfig, Denoiser, sample  # noqa: E402

ckpt = ""               # default {data}/ckpt/best.pt
data = "data/crystal/perov5"
out = ""                # default {data}/samples.npz
n = 1000
steps = 50
w = 1.0                 # guidance weight: 0 unconditional, 1 conditional, > 1 guided
target = ""             # property targets, e.g. "dir_gap:2.0,heat_ref:0.5" (raw units); empty = unconditional
csp = 0                 # 1: structure prediction for the test compositions (species given)
csp_k = 1
csp_limit = 0           # only the first N test rows
batch = 500
cif_dir = ""
anneal = 0.0            # anti-annealing of the coordinate velocity: x (1 + anneal t); 0 = off
seed = 0
override(globals())
ckpt = ckpt or os.path.join(data, "ckpt", "best.pt")
out = out or os.path.join(data, "samples-csp.npz" if csp else "samples.npz")

state = torch.load(ckpt, map_location="cpu")
meta = state["meta"]
cfg = CrystalConfig(**state["cfg"])
model = Denoiser(cfg).eval()
model.load_state_dict(state["ema"])
A, P = meta["max_atoms"], len(meta["props"])
gen = torch.Generator().manual_seed(seed)

c = torch.zeros(P)
m = torch.zeros(P)
for part in filter(None, target.split(",")):
    name, val = part.split(":")
    j = meta["props"].index(name)
    c[j] = (float(val) - meta["prop_mean"][j]) / meta["prop_std"][j]
    m[j] = 1.0

species_all = None
if csp:
    sp = np.fromfile(os.path.join(data, "test.species.u8"), dtype=np.uint8).reshape(-1, A).astype(np.int64)
    na = np.fromfile(os.path.join(data, "test.natoms.u8"), dtype=np.uint8).astype(np.int64)
    rows = np.arange(len(na))[: csp_limit or None].repeat(csp_k)
    species_all = torch.from_numpy(np.where(sp[rows] == 255, -1, sp[rows]))
    natoms_all = torch.from_numpy(na[rows])
else:
    hist = torch.tensor(meta["natoms_hist"], dtype=torch.float32)
    natoms_all = torch.multinomial(hist, n, replacement=True, generator=gen)   # atom counts as in training
    rows = np.full(n, -1)

t0 = time.time()
lat_mean, lat_std = torch.tensor(meta["lattice"]["mean"]), torch.tensor(meta["lattice"]["std"])
L, F_, S = [], [], []
for i in range(0, len(natoms_all), batch):
    na = natoms_all[i:i + batch]
    B = len(na)
    sp = species_all[i:i + batch] if species_all is not None else None
    lat, frac, spec, mask = sample(model, na, c.expand(B, P), m.expand(B, P), torch.full((B,), w), steps=steps,
                                   species=sp, generator=gen, max_atoms=A, anneal=anneal)
    x = lat * lat_std + lat_mean
    lengths = torch.exp(x[:, :3]) * na.double().pow(1 / 3).unsqueeze(1).float()
    L.append(torch.cat([lengths, torch.rad2deg(x[:, 3:])], 1))
    F_.append(frac * mask.unsqueeze(-1))
    S.append(spec)
seconds = time.time() - t0
lattice, frac, species = torch.cat(L).numpy(), torch.cat(F_).numpy(), torch.cat(S).numpy()
np.savez(out, lattice=lattice, frac=frac, species=species, natoms=natoms_all.numpy(), rows=rows,
         info=json.dumps({"ckpt": ckpt, "steps": steps, "w": w, "target": target, "csp": csp, "csp_k": csp_k, "anneal": anneal, "seconds": seconds, "vocab": meta["vocab"]}))
print(f"wrote {out}: {len(lattice)} structures, {steps} steps, w {w}, {seconds:.1f}s ({1000 * seconds / len(lattice):.1f} s per 1000)")

if cif_dir:
    import warnings
    warnings.simplefilter("ignore")
    from pymatgen.core import Lattice, Structure
    os.makedirs(cif_dir, exist_ok=True)
    for i in range(len(lattice)):
        k = int(natoms_all[i])
        try:
            s = Structure(Lattice.from_parameters(*lattice[i]), [meta["vocab"][j] for j in species[i, :k]], frac[i, :k])
            s.to(filename=os.path.join(cif_dir, f"{i:05d}.cif"))
        except Exception as e:   # an impossible cell (angles that close no parallelepiped): say so, keep going
            print(f"structure {i}: {e}")
    print(f"wrote CIFs to {cif_dir}")
