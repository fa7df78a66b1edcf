"""Latent property head: from a VAE latent, the properties of the molecule it decodes to, as a mean and a
standard deviation for each. A deep ensemble of small MLPs, each with a Gaussian output (trained on the
negative log-likelihood), combined as their mixture. The studio screens the prior's samples with it before
decoding (under a 25th of the decoder's FLOPs), so a run with targets decodes the latents most likely to land
inside the target boxes (generate.ts, GenerateSettings.screen). Inputs and outputs are in the decoder's latent
space and the properties' own units: the normalisations live inside the module, so the file stands alone.
"""
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
