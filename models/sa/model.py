"""SA-score predictor: a deep ensemble of small MLPs over [Morgan bits, RDKit descriptors].

Each member predicts a mean and a variance; the ensemble's spread adds the model's own uncertainty.
Descriptor normalisation and the calibration factor live inside the module, so the exported ONNX
takes the app's raw feature vector and returns calibrated (mean, std).
"""
from dataclasses import dataclass

import torch
import torch.nn as nn


@dataclass
class SAConfig:
    n_bits: int = 2048        # Morgan fingerprint length (0/1 inputs)
    n_desc: int = 43          # RDKit.js descriptors (raw; normalised in forward)
    hidden: tuple = (512, 256)
    members: int = 4          # ensemble size
    dropout: float = 0.1


class Member(nn.Module):
    def __init__(self, cfg: SAConfig):
        super().__init__()
        layers, width = [], cfg.n_bits + cfg.n_desc
        for h in cfg.hidden:
            layers += [nn.Linear(width, h), nn.SiLU(), nn.Dropout(cfg.dropout)]
            width = h
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, 2)  # (mean, log variance)

    def forward(self, x):                # x: [B, n_bits + n_desc], normalised
        out = self.head(self.body(x))    # [B, 2]
        return out[:, 0], out[:, 1].clamp(-10.0, 5.0)


class SAEnsemble(nn.Module):
    def __init__(self, cfg: SAConfig):
        super().__init__()
        self.cfg = cfg
        self.members = nn.ModuleList([Member(cfg) for _ in range(cfg.members)])
        # Filled from the training split before training; saved with the weights.
        self.register_buffer("desc_mean", torch.zeros(cfg.n_desc))
        self.register_buffer("desc_std", torch.ones(cfg.n_desc))
        self.register_buffer("y_mean", torch.zeros(()))
        self.register_buffer("y_std", torch.ones(()))
        self.register_buffer("std_scale", torch.ones(()))  # fitted on the validation split after training

    def normalise(self, x):              # x: [B, n_bits + n_desc] raw
        nb = self.cfg.n_bits
        return torch.cat([x[:, :nb], (x[:, nb:] - self.desc_mean) / self.desc_std], dim=1)

    def member_outputs(self, x):
        """Per-member (mean, logvar) in normalised target units: two [M, B] tensors."""
        z = self.normalise(x)
        outs = [m(z) for m in self.members]
        return torch.stack([o[0] for o in outs]), torch.stack([o[1] for o in outs])

    def forward(self, x):                # x: [B, n_bits + n_desc] raw -> (mean [B], std [B]) in SA units
        mu, logvar = self.member_outputs(x)             # [M, B] each
        mean = mu.mean(0)                                # [B]
        var = logvar.exp().mean(0) + mu.var(0, unbiased=False)
        std = var.sqrt() * self.std_scale
        return mean * self.y_std + self.y_mean, std * self.y_std


def flops_per_sample(cfg: SAConfig) -> int:
    """Multiply-adds x 2 of the dense layers (activations and the ensemble reduction are negligible)."""
    width, macs = cfg.n_bits + cfg.n_desc, 0
    for h in cfg.hidden:
        macs += width * h
        width = h
    macs += width * 2
    return 2 * macs * cfg.members
