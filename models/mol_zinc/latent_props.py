"""Latent property head: from a VAE latent, the properties of the molecule it decodes to, as a mean and a
standard deviation for each. A deep ensemble of small MLPs, each with a Gaussian output (trained on the
negative log-likelihood), combined as their mixture. The studio screens the prior's samples with it before
decoding (under a 25th of the decoder's FLOPs), so a run with targets decodes the latents most likely to land
inside the target boxes (generate.ts, GenerateSettings.screen). Inputs and outputs are in the decoder's latent
space and the properties' own units: the normalisations live inside the module, so the file stands alone.
"""
import copy
import time
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class LatentPropsConfig:
    latent: int = 64
    props: int = 5          # logP, QED, SA, MW, TPSA (order in meta.json)
    width: int = 256
    depth: int = 3
    members: int = 4


class Member(nn.Module):
    def __init__(self, cfg: LatentPropsConfig):
        super().__init__()
        layers, d = [], cfg.latent
        for _ in range(cfg.depth):
            layers += [nn.Linear(d, cfg.width), nn.SiLU()]
            d = cfg.width
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(cfg.width, 2 * cfg.props)

    def forward(self, x):                                      # x [B, Z] normalised latent -> mean, logvar [B, P] normalised
        mean, logvar = self.head(self.body(x)).chunk(2, 1)
        return mean, logvar.clamp(-12, 4)


class LatentProps(nn.Module):
    def __init__(self, cfg: LatentPropsConfig):
        super().__init__()
        self.cfg = cfg
        self.members = nn.ModuleList(Member(cfg) for _ in range(cfg.members))
        for name, n in [("z_mean", cfg.latent), ("z_std", cfg.latent), ("p_mean", cfg.props), ("p_std", cfg.props)]:
            self.register_buffer(name, torch.zeros(n) if "mean" in name else torch.ones(n))

    def forward(self, z):                                      # z [B, Z] decoder-space latent -> mean, std [B, P] in units
        x = (z - self.z_mean) / self.z_std
        outs = [m(x) for m in self.members]
        means = torch.stack([o[0] for o in outs])              # [M, B, P]
        second = torch.stack([o[1].exp() + o[0].pow(2) for o in outs])
        mean = means.mean(0)                                   # the mixture's mean and variance
        var = (second.mean(0) - mean.pow(2)).clamp_min(1e-12)
        return mean * self.p_std + self.p_mean, var.sqrt() * self.p_std


def nll(mean, logvar, y):                                        # Gaussian NLL, constant dropped
    return (0.5 * (logvar + (y - mean).pow(2) / logvar.exp())).mean()


def fit_member(member, x_all, y_all, tr, pick, steps, batch_size, lr, weight_decay, z_noise, eval_every, t0):
    """Trains one member on rows `tr` of the normalised x_all [N, Z] and y_all [N, P]; keeps (and returns) the step
    with the lowest NLL on rows `pick`. A latent's decode is a rough function of it, and a head learns the training
    rows' noise within a few epochs."""
    opt = torch.optim.AdamW(member.parameters(), lr=lr, weight_decay=weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.05)
    best, best_step, best_state = float("inf"), 0, None
    for step in range(1, steps + 1):
        idx = tr[torch.randint(0, len(tr), (batch_size,))]
        x = x_all[idx] + z_noise * torch.randn_like(x_all[idx])     # [B, Z]
        loss = nll(*member(x), y_all[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % eval_every == 0 or step == steps:
            with torch.no_grad():
                held = float(nll(*member(x_all[pick]), y_all[pick]))
            if held < best:
                best, best_step, best_state = held, step, copy.deepcopy(member.state_dict())
            print(f"step {step}/{steps} nll {float(loss):.4f} held-out {held:.4f} {time.time() - t0:.0f}s", flush=True)
    member.load_state_dict(best_state)
    print(f"kept step {best_step} (held-out nll {best:.4f})")
    return best_step
