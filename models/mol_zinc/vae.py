"""Token VAE: a convolutional encoder and an autoregressive GRU decoder.

Tokens: 0 = [pad], 1 = [bos], 2 = [eos], then the SELFIES alphabet or the SMILES tokens (meta.json's vocab, from
prepare.ts).
The decoder is exported as one step (token, hidden, z) -> (logits, hidden) so the browser runs the loop.
"""
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

PAD, BOS, EOS = 0, 1, 2


@dataclass
class VAEConfig:
    vocab: int = 128
    max_len: int = 74         # SELFIES tokens + [eos]
    emb: int = 64
    enc_channels: int = 256
    latent: int = 64
    dec_hidden: int = 256
    word_dropout: float = 0.15  # fraction of decoder inputs replaced by [pad]: leans the decoder on z


class Encoder(nn.Module):
    def __init__(self, cfg: VAEConfig):
        super().__init__()
        c = cfg.enc_channels
        self.emb = nn.Embedding(cfg.vocab, cfg.emb, padding_idx=PAD)
        self.convs = nn.ModuleList([nn.Conv1d(cfg.emb, c, 5, padding=2), nn.Conv1d(c, c, 5, padding=2), nn.Conv1d(c, c, 5, padding=2)])
        self.out = nn.Linear(2 * c, 2 * cfg.latent)

    def forward(self, tokens):                           # tokens: [B, L] int64
        mask = (tokens != PAD).unsqueeze(1).float()      # [B, 1, L]
        h = self.emb(tokens).transpose(1, 2)             # [B, E, L]
        for i, conv in enumerate(self.convs):
            y = F.gelu(conv(h)) * mask
            h = y if i == 0 else h + y                   # residual after the first layer
        mean = h.sum(2) / mask.sum(2).clamp_min(1.0)     # [B, C]
        mx = (h - 1e4 * (1 - mask)).amax(2)              # [B, C]
        mu, logvar = self.out(torch.cat([mean, mx], 1)).chunk(2, dim=1)
        return mu, logvar.clamp(-12.0, 6.0)              # [B, Z] each


class Decoder(nn.Module):
    def __init__(self, cfg: VAEConfig):
        super().__init__()
        self.cfg = cfg
        self.emb = nn.Embedding(cfg.vocab, cfg.emb, padding_idx=PAD)
        self.init = nn.Linear(cfg.latent, cfg.dec_hidden)
        self.cell = nn.GRUCell(cfg.emb + cfg.latent, cfg.dec_hidden)
        self.gru = nn.GRU(cfg.emb + cfg.latent, cfg.dec_hidden, batch_first=True)
        self.head = nn.Linear(cfg.dec_hidden, cfg.vocab)

    def initial(self, z):                                # z: [B, Z] -> h0 [B, H]
        return torch.tanh(self.init(z))

    def forward(self, inputs, z):                        # teacher forcing; inputs: [B, L] ([bos] t1 .. t_{L-1})
        x = torch.cat([self.emb(inputs), z.unsqueeze(1).expand(-1, inputs.shape[1], -1)], 2)  # [B, L, E+Z]
        out, _ = self.gru(x, self.initial(z).unsqueeze(0))                                     # [B, L, H]
        return self.head(out)                                                                   # [B, L, V]

    def step(self, token, h, z):                         # one step: token [B], h [B, H], z [B, Z]
        h = self.cell(torch.cat([self.emb(token), z], 1), h)
        return self.head(h), h                           # logits [B, V], h [B, H]

    def tie_cell_to_gru(self):
        """The single-step cell shares the sequence GRU's weights (same gate layout in PyTorch)."""
        self.cell.weight_ih = self.gru.weight_ih_l0
        self.cell.weight_hh = self.gru.weight_hh_l0
        self.cell.bias_ih = self.gru.bias_ih_l0
        self.cell.bias_hh = self.gru.bias_hh_l0


class VAE(nn.Module):
    def __init__(self, cfg: VAEConfig):
        super().__init__()
        self.cfg = cfg
        self.encoder = Encoder(cfg)
        self.decoder = Decoder(cfg)
        self.decoder.tie_cell_to_gru()

    def forward(self, tokens, z_noise=1.0):              # tokens: [B, L] = t1 .. tn [eos] [pad]..
        mu, logvar = self.encoder(tokens)
        # z_noise > 1: a smoother decoder; a tensor [B, 1] gives each molecule its own width
        z = mu + z_noise * torch.randn_like(mu) * (0.5 * logvar).exp()
        inputs = torch.cat([torch.full_like(tokens[:, :1], BOS), tokens[:, :-1]], 1)   # [B, L]
        if self.training and self.cfg.word_dropout > 0:
            drop = (torch.rand(inputs.shape) < self.cfg.word_dropout) & (inputs != BOS)
            inputs = inputs.masked_fill(drop, PAD)
        logits = self.decoder(inputs, z)                                               # [B, L, V]
        rec = F.cross_entropy(logits.transpose(1, 2), tokens, ignore_index=PAD, reduction="none").sum(1)  # [B]
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(1)                                        # [B]
        return rec, kl, mu

    @torch.no_grad()
    def sample(self, z, temperature=1.0, greedy=False):
        """Decode latents to token ids [B, max_len] (pad after [eos]); mirrors the browser's loop."""
        B = z.shape[0]
        h = self.decoder.initial(z)
        token = torch.full((B,), BOS, dtype=torch.long)
        out = torch.full((B, self.cfg.max_len), PAD, dtype=torch.long)
        done = torch.zeros(B, dtype=torch.bool)
        for i in range(self.cfg.max_len):
            logits, h = self.decoder.step(token, h, z)
            logits[:, PAD] = -1e9
            logits[:, BOS] = -1e9
            token = logits.argmax(1) if greedy else torch.multinomial(F.softmax(logits / temperature, 1), 1).squeeze(1)
            token = token.masked_fill(done, PAD)
            out[:, i] = token
            done |= token == EOS
            if bool(done.all()):
                break
        return out


def load_vae(path):
    """A trained VAE from its checkpoint (train_vae.py's vae.pt), in eval mode, with the checkpoint itself."""
    state = torch.load(path)
    vae = VAE(VAEConfig(**state["cfg"])).eval()
    vae.load_state_dict(state["model"])
    return vae, state


@torch.no_grad()
def encode_all(encoder: Encoder, tokens, chunk=2048):
    """Posterior means and standard deviations [N, Z] of many molecules. Rows are encoded in length order,
    each chunk trimmed to its longest row: trailing padding changes nothing (masked) but costs half the time."""
    lengths = (tokens != PAD).sum(1)
    order = torch.argsort(lengths)
    mu = torch.empty(len(tokens), encoder.out.out_features // 2)
    sd = torch.empty_like(mu)
    for i in range(0, len(tokens), chunk):
        idx = order[i:i + chunk]
        n = int(lengths[idx].max())
        m, logvar = encoder(tokens[idx, :n])
        mu[idx], sd[idx] = m, (0.5 * logvar).exp()
    return mu, sd

