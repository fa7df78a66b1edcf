"""Fine-tune the distilled students on the teacher's own sampling runs, started the way the studio starts them.

distill.py teaches each student on latents noised by the forward process, i.e. on runs that start from
unit noise. The studio starts from scaled noise (NOISE_DEFAULT in src/domains/drug-like/mol-zinc.ts) and, without targets,
conditions on all five properties of a training molecule at w = 1. There the 200-step teacher corrects
itself over many steps and the students' few steps do not, so they drift apart. Here the teacher runs
DDIM from noise at a mixture of scales and conditions like the studio's, its states are kept at the
4-step grid times (1, 0.75, 0.5, 0.25, 0), and each student (k = 4, 2, 1) is fine-tuned so that its own
k-step run from the same noise passes through the teacher's states at its grid times.

usage: /usr/bin/python3 models/mol_zinc/align_students.py [key=value ...]
  reads {ckpt}/prior.pt and {students} (default {ckpt}/students.pt); writes {out}/students.pt (and
  {out}/trajectories.pt as a cache). A further round starts from the last one's students with a new seed.
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
from prior import Denoiser, PriorConfig, ddim_step, guided_v, student_run  # noqa: E402

data = "data/mol"
ckpt = "data/mol/ckpt"
out = "data/mol/align"
students = ""          # the students to fine-tune; default {ckpt}/students.pt
trajectories = 40960   # teacher runs (each 200 steps x 2 evaluations)
teacher_steps = 200    # as the studio's teacher (mol-zinc-teacher card)
gen_batch = 4096
noise_default = 0.5    # the studio's default starting noise for p_default_noise of the runs; the rest uniform
p_default_noise = 0.6
noise_lo, noise_hi = 0.25, 1.0   # in [noise_lo, noise_hi]
p_data = 0.5           # runs conditioned like the studio without targets: a training row, all props, w = 1
p_keep = 0.5           # otherwise, like target boxes: each property kept with this probability ...
p_drop_all = 0.2       # ... or none (unconditional) ...
p_few = 0.0            # ... or, with this probability, exactly one or two of them (as most targets are) ...
p_uniform = 0.5        # ... its value uniform over the training range (0.1-99.9 percentiles, as export.py's
                       # prop_range: targets ask for the tails too) or else a training molecule's ...
w_target = 5.0         # ... at the studio's guidance (GUIDANCE_DEFAULT) with probability p_w_target, else uniform in [0, w_max]
p_w_target = 0.5
w_max = 6.0
steps = 4000           # fine-tuning steps per student
batch_size = 512
lr = 1e-4
seed = 1337
override(globals())

torch.manual_seed(seed)
os.makedirs(out, exist_ok=True)
ps = torch.load(os.path.join(ckpt, "prior.pt"))
teacher = Denoiser(PriorConfig(**ps["cfg"])).eval().requires_grad_(False)
teacher.load_state_dict(ps["model"])
ss = torch.load(students or os.path.join(ckpt, "students.pt"))
Z, P = ps["z_mean"].shape[0], ps["p_mean"].shape[0]


def conditions(n, rows, lo, hi):
    """c [n, P] (normalised), m [n, P], w [n], as the studio draws them (see the header); lo, hi [P]."""
    data_like = torch.rand(n) < p_data
    values = torch.where((torch.rand(n, 1) < p_uniform) & ~data_like.unsqueeze(1),
                         lo + (hi - lo) * torch.rand(n, P), rows[torch.randint(0, len(rows), (n,))])
    c = (values - ps["p_mean"]) / ps["p_std"]
    m = (torch.rand(n, P) < p_keep).float() * (torch.rand(n, 1) >= p_drop_all).float()
    if p_few > 0:  # (drawn only then, so runs without it repeat the earlier ones exactly)
        few = torch.rand(n) < p_few
        ranks = torch.rand(n, P).argsort(1).argsort(1)                     # a random order of the properties
        m[few] = (ranks[few] < torch.randint(1, 3, (int(few.sum()), 1))).float()
    m[data_like] = 1.0
    w = torch.where(torch.rand(n) < p_w_target, torch.full((n,), w_target), torch.rand(n) * w_max)
    w[data_like] = 1.0
    return c, m, w


def teacher_runs(n):
    """Teacher states at the 4-step grid times (which hold the 2- and 1-step grids) [n, 5, Z] with the noise, conditions and guidance they were run with."""
    rows = torch.from_numpy(np.fromfile(os.path.join(data, "train.props.f32"), dtype=np.float32).reshape(-1, P))
    rows = rows[~rows.isnan().any(1)]
    lo, hi = torch.from_numpy(np.percentile(rows.numpy(), [0.1, 99.9], axis=0).astype(np.float32))
    states, cs, ms, ws = [], [], [], []
    t0 = time.time()
    for start in range(0, n, gen_batch):
        b = min(gen_batch, n - start)
        scale = torch.where(torch.rand(b) < p_default_noise, torch.full((b,), noise_default), noise_lo + (noise_hi - noise_lo) * torch.rand(b))
        z = scale.unsqueeze(1) * torch.randn(b, Z)                           # [b, Z] at t = 1
        c, m, w = conditions(b, rows, lo, hi)
        kept = [z.clone()]
        grid = torch.linspace(1, 0, teacher_steps + 1)
        with torch.no_grad():
            for i in range(teacher_steps):
                t, s = grid[i].expand(b), grid[i + 1].expand(b)
                z = ddim_step(z, guided_v(teacher, z, t, c, m, w), t, s)
                if (i + 1) % (teacher_steps // 4) == 0:
                    kept.append(z.clone())
        states.append(torch.stack(kept, 1))
        cs.append(c), ms.append(m), ws.append(w)
        print(f"teacher runs {start + b}/{n} {time.time() - t0:.0f}s", flush=True)
    return {"states": torch.cat(states), "c": torch.cat(cs), "m": torch.cat(ms), "w": torch.cat(ws)}


# The teacher runs are most of the time; kept beside the students and reused while their settings are unchanged.
made_with = {k: globals()[k] for k in ["ckpt", "trajectories", "teacher_steps", "noise_default", "p_default_noise", "noise_lo",
                                        "noise_hi", "p_data", "p_keep", "p_drop_all", "p_few", "p_uniform", "w_target", "p_w_target", "w_max", "seed"]}
cache = os.path.join(out, "trajectories.pt")
runs = torch.load(cache) if os.path.exists(cache) else None
if runs is None or runs.get("made_with") != made_with:
    runs = {**teacher_runs(trajectories), "made_with": made_with}
    torch.save(runs, cache)
N = runs["states"].shape[0]
held = N // 16  # the last runs are held out to report the fit


def rollout(model, k, idx):
    """The student's k-step run from the teacher runs' starting noise; loss against the teacher's states."""
    S = runs["states"][idx]                                                   # [B, 5, Z]
    c, m, w = runs["c"][idx], runs["m"][idx], runs["w"][idx]
    states = student_run(model, S[:, 0], k, c, m, w)
    loss = sum((z - S[:, (i + 1) * 4 // k]).pow(2).mean() for i, z in enumerate(states))
    return loss / k, (states[-1] - S[:, 4]).pow(2).mean()


cfg = PriorConfig(**ss["cfg"])
aligned, report = {}, {}
for k, state in sorted(ss["students"].items()):
    student = Denoiser(cfg)
    student.load_state_dict(state)
    test = torch.arange(N - held, N)
    with torch.no_grad():
        before = float(rollout(student.eval(), k, test)[1])
    opt = torch.optim.Adam(student.parameters(), lr=lr)
    student.train()
    t0 = time.time()
    for step in range(1, steps + 1):
        opt.param_groups[0]["lr"] = lr * 0.5 * (1 + math.cos(math.pi * (step - 1) / steps))
        loss, _ = rollout(student, k, torch.randint(0, N - held, (batch_size,)))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % 500 == 0:
            print(f"k={k} step {step}/{steps} loss {float(loss):.5f} {time.time() - t0:.0f}s", flush=True)
    with torch.no_grad():
        after = float(rollout(student.eval(), k, test)[1])
    report[k] = {"endpoint_mse_held_out": {"before": round(before, 5), "after": round(after, 5)}}
    print(f"k={k} held-out endpoint MSE to the teacher {before:.5f} -> {after:.5f}", flush=True)
    aligned[k] = student.state_dict()

rounds = [*ss.get("align_runs", [ss["align_argv"]] if "align_argv" in ss else []), sys.argv[1:]]   # every round, in order
torch.save({"students": aligned, "cfg": ss["cfg"], "argv": ss["argv"], "align_runs": rounds, "align": report},
           os.path.join(out, "students.pt"))
print(json.dumps({"wrote": os.path.join(out, "students.pt"), "report": report}))
