"""Crystal flow matching: one network denoises lattice, fractional coordinates and species together.

State of a crystal with N atoms (padding rows masked out):
  lattice  l [B, 6]     log(a, b, c / N^(1/3)) and the three angles in radians, normalised (meta.json "lattice")
  frac     f [B, N, 3]  fractional coordinates on the torus [0, 1)^3
  species  s [B, N, V]  one-hot over the element vocabulary, relaxed to real vectors
Time t runs from noise (t = 0) to data (t = 1), as in rectified flow / flow matching:
  l_t = (1 - t) l_0 + t l_1          l_0 ~ N(0, I),     velocity l_1 - l_0
  f_t = f_0 + t wrap(f_1 - f_0)      f_0 ~ U[0, 1)^3,   velocity wrap(f_1 - f_0)   (geodesic on the torus, FlowMM)
  s_t = (1 - t) s_0 + t s_1          s_0 ~ N(0, I),     the network predicts s_1 as logits (cross-entropy)
wrap(d) = d - round(d) is the shortest periodic difference.

The denoiser is a transformer over atoms. It never sees absolute fractional coordinates, only sin/cos Fourier
features of the pairwise differences f_j - f_i (DiffCSP's periodic features), which enter every layer as an
attention bias per head and as a message added to the values. So its outputs are unchanged by a global
translation and by whole-cell shifts of any atom, and permuting the atoms permutes the outputs. The lattice
enters as a conditioning vector, and its 6 parameters are rotation-invariant.

Conditioning: normalised properties c [B, P] with a mask m [B, P] (1 = this property is a target; all zero is
the unconditional model for classifier-free guidance), and `given` [B] (1 = structure prediction: the species
are the data's, passed in clean, and the species output is ignored).

Export notes: no scaled_dot_product_attention, and no reshape whose shape comes from a tensor: heads are split
with split/stack on a Python-int head width, so the ONNX graph takes any batch and any atom count.
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class CrystalConfig:
    vocab: int = 56           # elements (meta.json "vocab")
    props: int = 3            # conditioning properties (meta.json "props")
    width: int = 128
    layers: int = 4
    heads: int = 4
    pair: int = 64            # width of the pair features built from fractional differences
    freqs: int = 6            # Fourier frequencies per fractional axis: sin/cos(2 pi k d), k = 1..freqs
    time_features: int = 32
    ffn: int = 4              # feed-forward expansion
    student: bool = False     # distilled students also take the step size dt and the guidance weight w


def cond_size(cfg: CrystalConfig) -> int:
    return cfg.time_features * (3 if cfg.student else 1) + 2 * cfg.props + 1


def wrap(d):
    """Shortest periodic difference, in [-0.5, 0.5]."""
    return d - torch.round(d)


def time_embedding(t, n):                                       # t: [B] in [0, 1] -> [B, n]
    half = n // 2
    freqs = torch.exp(-math.log(1000.0) * torch.arange(half, dtype=torch.float32) / half)
    ang = 100.0 * t.unsqueeze(1) * freqs.unsqueeze(0)
    return torch.cat([torch.sin(ang), torch.cos(ang)], 1)


class Layer(nn.Module):
    def __init__(self, cfg: CrystalConfig):
        super().__init__()
        d, H = cfg.width, cfg.heads
        self.H, self.dh = H, d // H
        # affine norms although adaLN scales and shifts anyway: torch 1.13 exports a non-affine LayerNorm to an
        # opset-17 node with an empty weight input, which the ONNX checker rejects
        self.norm1 = nn.LayerNorm(d)
        self.norm2 = nn.LayerNorm(d)
        self.ada = nn.Linear(d, 4 * d)             # scale and shift of both norms from the condition (adaLN)
        self.qkv = nn.Linear(d, 3 * d)
        self.bias = nn.Linear(cfg.pair, H)          # pair features -> one attention bias per head
        self.pair_msg = nn.Linear(cfg.pair, d)      # pair features -> a message added to the values
        self.proj = nn.Linear(d, d)
        self.ff1 = nn.Linear(d, cfg.ffn * d)
        self.ff2 = nn.Linear(cfg.ffn * d, d)
        # which output channels belong to which head: selects head h's share of the pair message
        self.register_buffer("head_sel", torch.repeat_interleave(torch.eye(H), self.dh, dim=1))  # [H, d]

    def heads(self, x):                             # [B, N, d] -> [B, H, N, dh]
        return torch.stack(x.split(self.dh, -1), 1)

    def forward(self, h, e, pair, key_bias):
        """h [B, N, d], e [B, d] condition, pair [B, N, N, p], key_bias [B, 1, 1, N] (0 real, -1e4 padding)"""
        s1, b1, s2, b2 = self.ada(e).unsqueeze(1).chunk(4, -1)          # each [B, 1, d]
        x = self.norm1(h) * (1 + s1) + b1
        q, k, v = self.qkv(x).chunk(3, -1)
        q, k, v = self.heads(q), self.heads(k), self.heads(v)          # [B, H, N, dh]
        logits = q.matmul(k.transpose(2, 3)) * (1.0 / math.sqrt(self.dh))  # [B, H, N, N]
        logits = logits + self.bias(pair).permute(0, 3, 1, 2) + key_bias
        a = torch.softmax(logits, -1)
        o = torch.cat(a.matmul(v).unbind(1), -1)                       # [B, N, d]
        # pair message: sum_j a_hij W e_ij = W (sum_j a_hij e_ij), then keep head h's channels of head h's sum
        ae = a.permute(0, 2, 1, 3).matmul(pair)                         # [B, N, H, p]
        o = o + (self.pair_msg(ae) * self.head_sel).sum(2)             # [B, N, d]
        h = h + self.proj(o)
        x = self.norm2(h) * (1 + s2) + b2
        return h + self.ff2(F.silu(self.ff1(x)))


class Backbone(nn.Module):
    """Transformer over atoms with periodic pair features; returns per-atom features and a pooled vector."""

    def __init__(self, cfg: CrystalConfig, cond_in: int):
        super().__init__()
        self.cfg = cfg
        d = cfg.width
        # block-diagonal frequency matrix: column (axis a, freq k) holds 2 pi k on row a, so d @ W gives every
        # 2 pi k d_a without a reshape
        W = torch.zeros(3, 3 * cfg.freqs)
        for a in range(3):
            for k in range(cfg.freqs):
                W[a, a * cfg.freqs + k] = 2 * math.pi * (k + 1)
        self.register_buffer("fourier", W)
        self.pair_in = nn.Linear(6 * cfg.freqs, cfg.pair)
        self.pair_lat = nn.Linear(6, cfg.pair)
        self.pair_out = nn.Linear(cfg.pair, cfg.pair)
        self.cond = nn.Sequential(nn.Linear(cond_in + 6, d), nn.SiLU(), nn.Linear(d, d))
        self.atom_in = nn.Linear(cfg.vocab, d)
        self.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg.layers)])
        self.norm = nn.LayerNorm(d)

    def forward(self, lat, frac, spec, mask, cond):
        """lat [B, 6], frac [B, N, 3], spec [B, N, V], mask [B, N] (1 real), cond [B, cond_in]"""
        diff = frac.unsqueeze(1) - frac.unsqueeze(2)                    # [B, N, N, 3]: f_j - f_i at [b, i, j]
        ang = diff.matmul(self.fourier)                                 # [B, N, N, 3 K]
        pair = self.pair_in(torch.cat([torch.sin(ang), torch.cos(ang)], -1)) + self.pair_lat(lat).unsqueeze(1).unsqueeze(1)
        pair = self.pair_out(F.silu(pair))                              # [B, N, N, p]
        e = F.silu(self.cond(torch.cat([cond, lat], -1)))               # [B, d]
        h = self.atom_in(spec) + e.unsqueeze(1)
        key_bias = ((mask - 1.0) * 1e4).unsqueeze(1).unsqueeze(1)       # [B, 1, 1, N]
        for layer in self.layers:
            h = layer(h, e, pair, key_bias)
        h = self.norm(h)
        m = mask.unsqueeze(-1)
        pooled = (h * m).sum(1) / m.sum(1).clamp_min(1.0)               # [B, d]
        return h, pooled, e


class Denoiser(nn.Module):
    def __init__(self, cfg: CrystalConfig):
        super().__init__()
        self.cfg = cfg
        d = cfg.width
        self.backbone = Backbone(cfg, cond_size(cfg))
        self.frac_out = nn.Linear(d, 3)
        self.spec_out = nn.Linear(d, cfg.vocab)
        self.lat_out = nn.Sequential(nn.Linear(2 * d, d), nn.SiLU(), nn.Linear(d, 6))

    def forward(self, lat, frac, spec, mask, t, c, m, given, dt=None, w=None):
        """-> v_lat [B, 6], v_frac [B, N, 3], species logits [B, N, V] (the prediction of the clean one-hot).
        Students (cfg.student) take dt [B] (their step) and w [B] (guidance weight) and need no guided pair."""
        parts = [time_embedding(t, self.cfg.time_features), c * m, m, given.unsqueeze(1)]
        if self.cfg.student:
            parts += [time_embedding(dt, self.cfg.time_features), time_embedding(w / 8.0, self.cfg.time_features)]
        cond = torch.cat(parts, 1)
        h, pooled, e = self.backbone(lat, frac, spec, mask, cond)
        return self.lat_out(torch.cat([pooled, e], -1)), self.frac_out(h) * mask.unsqueeze(-1), self.spec_out(h)


def guided(model, lat, frac, spec, mask, t, c, m, given, w):
    """Classifier-free guidance on the velocities and on the predicted species distribution:
    out = uncond + w (cond - uncond), both halves in one batched call. w: [B]."""
    B = lat.shape[0]
    two = lambda x: torch.cat([x, x])  # noqa: E731
    vl, vf, logits = model(two(lat), two(frac), two(spec), two(mask), two(t), two(c), torch.cat([m, torch.zeros_like(m)]), two(given))
    p = torch.softmax(logits, -1)
    w1, w2 = w.unsqueeze(1), w.unsqueeze(1).unsqueeze(2)
    return (vl[B:] + w1 * (vl[:B] - vl[B:]), vf[B:] + w2 * (vf[:B] - vf[B:]), p[B:] + w2 * (p[:B] - p[B:]))


@torch.no_grad()
def sample(model, natoms, c, m, w, steps=50, species=None, generator=None, max_atoms=None, anneal=0.0):
    """Euler integration of the flow from t = 0 to 1.
    natoms [B] atom counts; c, m [B, P]; w [B] guidance (1 = plain conditional); species [B, A] element indices
    for structure prediction (given; -1 on padding), else None (de novo). Returns lat [B, 6] (model coords),
    frac [B, A, 3] in [0, 1), species indices [B, A] (-1 on padding), mask [B, A]."""
    B, V = len(natoms), model.cfg.vocab
    A = int(max_atoms or int(natoms.max()))
    mask = (torch.arange(A).unsqueeze(0) < natoms.unsqueeze(1)).float()
    lat = torch.randn(B, 6, generator=generator)
    frac = torch.rand(B, A, 3, generator=generator)
    if species is not None:
        given = torch.ones(B)
        spec = F.one_hot(species.clamp_min(0).long(), V).float() * mask.unsqueeze(-1)
    else:
        given = torch.zeros(B)
        spec = torch.randn(B, A, V, generator=generator)
    for i in range(steps):
        t0 = i / steps
        t = torch.full((B,), t0)
        dt = 1.0 / steps
        if model.cfg.student:   # guidance is the student's input: one evaluation per step
            vl, vf, logits = model(lat, frac, spec, mask, t, c, m, given, torch.full((B,), dt), w)
            p = torch.softmax(logits, -1)
        elif bool((w == 1).all()) or not bool(m.any()):   # plain conditional or unconditional: no guided pair needed
            vl, vf, logits = model(lat, frac, spec, mask, t, c, m, given)
            p = torch.softmax(logits, -1)
        else:
            vl, vf, p = guided(model, lat, frac, spec, mask, t, c, m, given, w)
        lat = lat + dt * vl
        # anti-annealing (FlowMM): the coordinate velocity scaled by 1 + anneal·t, so late steps commit to a site
        frac = torch.remainder(frac + dt * (1.0 + anneal * t0) * vf, 1.0)
        if species is None:
            spec = spec + dt * (p - spec) / (1.0 - t0)       # the velocity toward the predicted one-hot
    idx = spec.argmax(-1) if species is None else species.long()
    return lat, frac, torch.where(mask > 0, idx, torch.full_like(idx, -1)), mask


class PropertyEnsemble(nn.Module):
    """Deep ensemble of small backbones on clean structures: per property a mean and a variance per member;
    the spread across members adds the model's own uncertainty. Takes the raw Niggli lattice (Å, degrees) so
    the app can score an imported CIF the same way as a generated one; normalisation lives inside."""

    def __init__(self, cfg: CrystalConfig, members: int, lat_mean, lat_std):
        super().__init__()
        self.cfg = cfg
        self.members = nn.ModuleList([Backbone(cfg, 1) for _ in range(members)])
        self.heads = nn.ModuleList([nn.Linear(cfg.width, 2 * cfg.props) for _ in range(members)])
        self.register_buffer("lat_mean", torch.tensor(lat_mean, dtype=torch.float32))
        self.register_buffer("lat_std", torch.tensor(lat_std, dtype=torch.float32))
        self.register_buffer("y_mean", torch.zeros(cfg.props))
        self.register_buffer("y_std", torch.ones(cfg.props))
        self.register_buffer("std_scale", torch.ones(cfg.props))   # calibrated on valid after training

    def lattice_model(self, lattice, mask):
        n3 = mask.sum(1, keepdim=True).clamp_min(1.0).pow(1.0 / 3.0)
        x = torch.cat([torch.log(lattice[:, :3] / n3), lattice[:, 3:] * (math.pi / 180.0)], 1)
        return (x - self.lat_mean) / self.lat_std

    def member_outputs(self, lattice, frac, spec, mask):
        """Per-member (mean, logvar) in normalised units: two [M, B, P] tensors."""
        lat = self.lattice_model(lattice, mask)
        zero = torch.zeros(lat.shape[0], 1)
        mus, lvs = [], []
        P = self.cfg.props
        for bb, head in zip(self.members, self.heads):
            _, pooled, _ = bb(lat, frac, spec, mask, zero)
            out = head(pooled)
            mus.append(out[:, :P])
            lvs.append(out[:, P:].clamp(-10.0, 5.0))
        return torch.stack(mus), torch.stack(lvs)

    def forward(self, lattice, frac, spec, mask):
        """lattice [B, 6] raw, frac [B, N, 3], spec [B, N, V] one-hot, mask [B, N] -> mean [B, P], std [B, P] raw units"""
        mu, lv = self.member_outputs(lattice, frac, spec, mask)
        var = lv.exp().mean(0) + mu.var(0, unbiased=False)
        return mu.mean(0) * self.y_std + self.y_mean, var.sqrt() * self.std_scale * self.y_std


def flops_per_eval(cfg: CrystalConfig, n: int, cond_in: int | None = None) -> int:
    """Multiply-adds x 2 of one network evaluation on one crystal of n atoms (dense layers and attention)."""
    d, p, H = cfg.width, cfg.pair, cfg.heads
    cond_in = cond_size(cfg) if cond_in is None else cond_in
    macs = n * n * (3 * 2 * cfg.freqs + 6 * cfg.freqs * p + p * p)      # Fourier, pair MLP
    macs += (cond_in + 6) * d + d * d + n * cfg.vocab * d                  # condition, atom input
    per_layer = d * 4 * d + n * (3 * d * d + d * d + 2 * cfg.ffn * d * d)   # adaLN, qkv, proj, ffn
    per_layer += n * n * (p * H + 2 * d + H * p) + n * H * p * d           # bias, attention, pair message
    macs += cfg.layers * per_layer
    macs += n * (3 + cfg.vocab) * d + 2 * d * d + 6 * d                    # heads
    return 2 * macs
