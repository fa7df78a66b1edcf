"""When in a prior run can the latent confidence head pick? For runs of a distilled student started as the
studio starts them (noise scaled by `noise`, the align runs' conditions), how well the head's score of the run's
estimate of its end point after each evaluation ranks the decoder's confidence in the end point's greedy decode:
Spearman's correlation, and the share of the exact filter's gain in mean confidence that keeping the head's top
`keep` gets (as train_latent_confidence.py reports). Sets PICK_TIME in src/domains/drug-like/mol-zinc.ts (docs/experiments.md, PICK_TIME).

  /usr/bin/python3 models/mol_zinc/pick_time.py [k=4] [runs=6000] [noise=0.6] [keep=0.4]
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from decode_confidence import confidence  # noqa: E402
from latent_props import LatentProps, LatentPropsConfig  # noqa: E402
from prior import Denoiser, PriorConfig, alpha_sigma, ddim_step  # noqa: E402
from vae import load_vae  # noqa: E402

ckpt = "data/mol/ckpt"
trajectories = "data/mol/align2/trajectories.pt"
k = 4
runs = 6000
noise = 0.6
keep = 0.4
seed = 0
override(globals())

torch.manual_seed(seed)
torch.set_grad_enabled(False)
vae, _ = load_vae(os.path.join(ckpt, "vae.pt"))
ps, ss, lc = (torch.load(os.path.join(ckpt, f)) for f in ["prior.pt", "students.pt", "latent_confidence.pt"])
head = LatentProps(LatentPropsConfig(**lc["cfg"])).eval()
head.load_state_dict(lc["model"])
student = Denoiser(PriorConfig(**ss["cfg"])).eval()
student.load_state_dict(ss["students"][k])
tr = torch.load(trajectories)
c, m, w = tr["c"][:runs], tr["m"][:runs], tr["w"][:runs]
n = len(c)

z = noise * torch.randn(n, vae.cfg.latent)                        # [n, Z] normalised, at t = 1
ends = []                                                          # the run's end estimate after each evaluation
for i in range(k):
    t, s = torch.full((n,), 1 - i / k), torch.full((n,), 1 - (i + 1) / k)
    v = student(z, t, c, m, w)
    a, sg = alpha_sigma(t)
    ends.append((1 - i / k, a.unsqueeze(1) * z - sg.unsqueeze(1) * v))
    z = ddim_step(z, v, t, s)
to_decoder = lambda x: x * ps["z_std"] + ps["z_mean"]  # noqa: E731
final = to_decoder(z)
truth = confidence(vae, final, vae.sample(final, greedy=True))  # [n]


def ranks(x):
    return x.argsort().argsort().float()


top = torch.topk(truth, int(keep * n)).indices
for t, end in ends:
    score = head(to_decoder(end))[0].squeeze(1)
    chosen = torch.topk(score, int(keep * n)).indices
    gain = (truth[chosen].mean() - truth.mean()) / (truth[top].mean() - truth.mean())
    rho = torch.corrcoef(torch.stack([ranks(score), ranks(truth)]))[0, 1]
    print(f"after the evaluation at t = {t:.2f}: Spearman {float(rho):.3f}, gain keeping {keep}: {float(gain):.3f}")
