"""Latents from the samplers themselves, decoded, for the latent property head (train_latent_props.py samples=NAME).

The head screens the latents the prior's samplers draw, while it is trained on the training molecules' posterior
means; the few-step students draw latents a little off those. Here the teacher's endpoints of align_students.py's
runs (studio-like starting noise and conditions, kept in its trajectories.pt) and each student's own k-step runs
from the same noise and conditions are decoded greedily, as a run decodes them:

  /usr/bin/python3 models/mol_zinc/prior_pairs.py trajectories=data/mol/align2/trajectories.pt [ckpt=data/mol/ckpt] [students=FILE] [name=train.prior]
  -> {data}/{name}.z.f32 [R, Z] (decoder space) and {data}/{name}.tok.u8 [R, max_len], R = runs x (1 + students)
     (runs x students with renoise=)
  then: npx tsx models/mol_zinc/label_decoded.ts --rows {name}
renoise=SEED: the students only, each from new starting noise (seeded) at a scale uniform in [noise_lo, noise_hi],
with the runs' conditions: more of the latents a run draws, for the latent confidence head (decode_confidence.py).
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
from prior import Denoiser, PriorConfig, student_run  # noqa: E402
from vae import load_vae  # noqa: E402

data = "data/mol"
ckpt = "data/mol/ckpt"
trajectories = "data/mol/align/trajectories.pt"
name = "train.prior"
students = ""          # the students whose runs to decode; default {ckpt}/students.pt
limit = 0              # first runs only (tests)
batch = 2048
renoise = 0            # > 0: the seed of new starting noise for the students; the teacher's endpoints are left out
noise_lo, noise_hi = 0.4, 0.8
override(globals())

meta = json.load(open(os.path.join(data, "meta.json")))
L = meta["max_len"]
vae, _ = load_vae(os.path.join(ckpt, "vae.pt"))
ps = torch.load(os.path.join(ckpt, "prior.pt"))
ss = torch.load(students or os.path.join(ckpt, "students.pt"))
runs = torch.load(trajectories)
n = limit or len(runs["states"])
start, teacher_end = runs["states"][:n, 0], runs["states"][:n, 4]        # [n, Z] normalised latents at t = 1 and t = 0
c, m, w = runs["c"][:n], runs["m"][:n], runs["w"][:n]

ends = [teacher_end]
if renoise:
    torch.manual_seed(renoise)
    start = (noise_lo + (noise_hi - noise_lo) * torch.rand(n, 1)) * torch.randn_like(start)   # [n, Z] at t = 1
    ends = []
for k, state in sorted(ss["students"].items()):
    student = Denoiser(PriorConfig(**ss["cfg"])).eval()
    student.load_state_dict(state)
    with torch.no_grad():
        ends.append(student_run(student, start, k, c, m, w)[-1])
z = torch.cat(ends) * ps["z_std"] + ps["z_mean"]                          # [R, Z] in the decoder's space

t0 = time.time()
rows = np.zeros((len(z), L), dtype=np.uint8)                              # [R, L] ids, [pad] after [eos]
with torch.no_grad():
    for i in range(0, len(z), batch):
        ids = vae.sample(z[i:i + batch], greedy=True)
        rows[i:i + batch, : ids.shape[1]] = ids.numpy()
        if (i // batch) % 10 == 0:
            print(f"decoded {i + len(ids)}/{len(z)} {time.time() - t0:.0f}s", flush=True)
z.numpy().astype(np.float32).tofile(os.path.join(data, f"{name}.z.f32"))
rows.tofile(os.path.join(data, f"{name}.tok.u8"))
json.dump({"argv": sys.argv[1:], "ckpt": ckpt, "students": students, "trajectories": trajectories, "runs": n, "samplers": [*([] if renoise else ["teacher"]), *[f"student-k{k}" for k in sorted(ss["students"])]],
           "rows": len(rows)}, open(os.path.join(data, f"{name}.json"), "w"), indent=1)
print(f"wrote {os.path.join(data, name)}.z.f32 and .tok.u8 ({len(rows)} rows, {time.time() - t0:.0f}s)")
