"""Latent diffusion prior: a residual MLP that denoises VAE latents, conditioned on a property vector.

Variance-preserving diffusion in continuous time t in [0, 1] with the cosine schedule
alpha_t = cos(pi t / 2), sigma_t = sin(pi t / 2), and v-prediction (Salimans & Ho 2022).
Condition: normalised property values c [B, P] and a mask m [B, P] (1 = this property is a target).
Classifier-free guidance (Ho & Salimans 2022): m = 0 everywhere is the unconditional model; training
drops each property independently and sometimes all of them. The distilled student also takes the
guidance weight w as an input, so one evaluation replaces the guided pair.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class PriorConfig:
    latent: int = 64
    props: int = 5            # logP, QED, SA, MW, TPSA (order in meta.json)
    width: int = 256
    blocks: int = 3
    time_features: int = 32
    guidance_input: bool = False   # students: w is an input


def alpha_sigma(t):
    return torch.cos(0.5 * math.pi * t), torch.sin(0.5 * math.pi * t)


def time_embedding(t, n):                                       # t: [B] in [0, 1] -> [B, n]
    """Transformer-style sinusoids of 1000 t, periods from 2 pi to 2 pi * 10^4."""
    half = n // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)   # [n/2]
    ang = 1000.0 * t.unsqueeze(1) * freqs.unsqueeze(0)                                       # [B, n/2]
    return torch.cat([torch.sin(ang), torch.cos(ang)], 1)


class Block(nn.Module):
    def __init__(self, width, cond):
        super().__init__()
        self.norm = nn.LayerNorm(width)
        self.fc1 = nn.Linear(width, width)
        self.fc2 = nn.Linear(width, width)
        self.film = nn.Linear(cond, 2 * width)                  # scale and shift from the condition

    def forward(self, h, e):
        scale, shift = self.film(e).chunk(2, 1)
        y = self.norm(h) * (1 + scale) + shift
        return h + self.fc2(F.silu(self.fc1(F.silu(y))))


class Denoiser(nn.Module):
    def __init__(self, cfg: PriorConfig):
        super().__init__()
        self.cfg = cfg
        cond_in = cfg.time_features + 2 * cfg.props + (cfg.time_features if cfg.guidance_input else 0)
        self.cond = nn.Sequential(nn.Linear(cond_in, cfg.width), nn.SiLU(), nn.Linear(cfg.width, cfg.width))
        self.inp = nn.Linear(cfg.latent, cfg.width)
        self.blocks = nn.ModuleList([Block(cfg.width, cfg.width) for _ in range(cfg.blocks)])
        self.out = nn.Linear(cfg.width, cfg.latent)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, z, t, c, m, w=None):
        """z [B, Z], t [B], c [B, P], m [B, P], w [B] (students only) -> v [B, Z]"""
        parts = [time_embedding(t, self.cfg.time_features), c * m, m]
        if self.cfg.guidance_input:
            parts.append(time_embedding(w / 8.0, self.cfg.time_features))   # w in [0, 8] mapped like a time
        e = F.silu(self.cond(torch.cat(parts, 1)))
        h = self.inp(z)
        for b in self.blocks:
            h = b(h, e)
        return self.out(F.silu(h))


def guided_v(model, z, t, c, m, w):
    """Classifier-free guidance: v_uncond + w (v_cond - v_uncond), batched as one call."""
    B = z.shape[0]
    v = model(torch.cat([z, z]), torch.cat([t, t]), torch.cat([c, c]), torch.cat([m, torch.zeros_like(m)]))
    v_cond, v_unc = v[:B], v[B:]
    return v_unc + w.unsqueeze(1) * (v_cond - v_unc)


def ddim_step(z, v, t, s):
    """Deterministic DDIM from time t to s < t given v-prediction (t, s: [B])."""
    a_t, s_t = alpha_sigma(t)
    a_s, s_s = alpha_sigma(s)
    x = a_t.unsqueeze(1) * z - s_t.unsqueeze(1) * v
    eps = s_t.unsqueeze(1) * z + a_t.unsqueeze(1) * v
    return a_s.unsqueeze(1) * x + s_s.unsqueeze(1) * eps


def student_run(model, z, k, c, m, w):
    """A distilled student's k-step DDIM run from z at t = 1 (guidance w is its input): its state after each step."""
    states = []
    for i in range(k):
        t, s = torch.full((len(z),), 1 - i / k), torch.full((len(z),), 1 - (i + 1) / k)
        z = ddim_step(z, model(z, t, c, m, w), t, s)
        states.append(z)
    return states


def flops_per_eval(cfg: PriorConfig) -> int:
    cond_in = cfg.time_features + 2 * cfg.props + (cfg.time_features if cfg.guidance_input else 0)
    macs = cond_in * cfg.width + cfg.width * cfg.width + cfg.latent * cfg.width
    macs += cfg.blocks * (2 * cfg.width * cfg.width + cfg.width * 2 * cfg.width)
    macs += cfg.width * cfg.latent
    return 2 * macs
