"""The decoder's confidence in its greedy decodes: for rows of latents and the tokens they decoded to (prior_pairs.py
or decode_train.py output), each row's mean log-probability of its tokens, [eos] included, as the browser's
decode loop scores it (tokenLogProb in src/domain/random.ts: a softmax without [pad] and [bos]). One teacher-forced
pass per batch gives the same numbers as stepping, because a greedy decode's tokens are the argmax at every step.

  /usr/bin/python3 models/mol_zinc/decode_confidence.py rows=train.prior[,train.prior3] [ckpt=data/mol/ckpt]
  -> {data}/{name}.conf.f32 [R] per name: the labels of the latent confidence head (train_latent_confidence.py)

A SMILES decoder (meta.json tokens = smiles) can fail: the rows RDKit.js rejects ({name}.valid.u8 from
tokens_to_smiles.ts --valid, 0 = discarded by a run) are labelled with the lowest confidence of the file's valid rows,
so the head learns to rank latents by how sure the decoder is *and* how likely its decode is a molecule at all, and a
run spends its decodes where they parse.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from vae import BOS, EOS, PAD, load_vae  # noqa: E402


def confidence(vae, z, tokens):
    """The decoder's mean log-probability of each row's tokens: z [B, Z], tokens [B, L] (t1 .. tn [eos] [pad] ..,
    no [eos] when the decode ran to max_len) -> [B]."""
    inputs = torch.cat([torch.full_like(tokens[:, :1], BOS), tokens[:, :-1]], 1)     # [B, L]
    with torch.no_grad():
        logits = vae.decoder(inputs, z)                                                   # [B, L, V]
    logits[..., PAD] = -float("inf")
    logits[..., BOS] = -float("inf")
    logp = F.log_softmax(logits, 2).gather(2, tokens.unsqueeze(2)).squeeze(2)  # [B, L]
    # the chosen tokens: every position up to and including the first [eos]; [pad] after it was never chosen
    chosen = tokens != PAD
    return logp.masked_fill(~chosen, 0).sum(1) / chosen.sum(1).clamp_min(1)


if __name__ == "__main__":
    data = "data/mol"
    ckpt = "data/mol/ckpt"
    rows = "train.prior"   # comma-separated names of {data}/NAME.z.f32 + NAME.tok.u8
    batch = 4096
    limit = 0              # first rows only (tests)
    override(globals())

    torch.set_grad_enabled(False)
    meta = json.load(open(os.path.join(data, "meta.json")))
    L = meta["max_len"]
    vae, _ = load_vae(os.path.join(ckpt, "vae.pt"))
    Z = vae.cfg.latent

    for name in rows.split(","):
        t0 = time.time()
        z = np.fromfile(os.path.join(data, f"{name}.z.f32"), dtype=np.float32).reshape(-1, Z)
        tok = np.fromfile(os.path.join(data, f"{name}.tok.u8"), dtype=np.uint8).reshape(-1, L)
        if len(z) != len(tok):
            raise SystemExit(f"{name}: {len(z)} latents but {len(tok)} token rows")
        n = min(len(z), limit or len(z))
        out = np.zeros(n, dtype=np.float32)
        for i in range(0, n, batch):
            zb = torch.from_numpy(z[i:min(i + batch, n)])
            tb = torch.from_numpy(tok[i:min(i + batch, n)].astype(np.int64))
            out[i:i + len(zb)] = confidence(vae, zb, tb).numpy()
        invalid = ""
        if meta.get("tokens") == "smiles":
            valid = np.fromfile(os.path.join(data, f"{name}.valid.u8"), dtype=np.uint8)[:n].astype(bool)
            if len(valid) != n:
                raise SystemExit(f"{name}.valid.u8: {len(valid)} rows for {n}")
            floor = out[valid].min() if valid.any() else out.min()   # (a tiny smoke-test decoder may spell no molecule at all)
            invalid = f", {1 - valid.mean():.3f} invalid (labelled {floor:.4f})"
            out[~valid] = floor
        out.tofile(os.path.join(data, f"{name}.conf.f32"))
        ends = (tok[:n] == EOS).any(1).mean()
        print(f"{name}: {n} rows, mean confidence {out.mean():.4f} (sd {out.std():.4f}), {ends:.3f} end in [eos]{invalid}, {time.time() - t0:.0f}s")
