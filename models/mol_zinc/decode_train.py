"""Decode every training molecule's posterior mean with the trained decoder, as a run would (temperature T):

  /usr/bin/python3 models/mol_zinc/decode_train.py [ckpt=data/mol/ckpt] [temperature=0.3]
  -> {data}/train.decoded.tok.u8 [N, max_len], row i decoded from training molecule i's latent

label_decoded.ts turns the rows into property labels. A prior conditioned on those labels asks for the
latents whose *decodes* have the target properties, which is what the user gets; the decoder does not
reproduce its input exactly, so the input's own properties are a looser guide (see the eval's
decoder_ceiling.targets).
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
from vae import encode_all, load_vae  # noqa: E402

data = "data/mol"
ckpt = "data/mol/ckpt"
temperature = 0.3      # 0 = greedy (argmax)
batch = 2048
limit = 0
seed = 1337
out = ""               # default {data}/train.decoded.tok.u8
override(globals())

torch.manual_seed(seed)
meta = json.load(open(os.path.join(data, "meta.json")))
L = meta["max_len"]
vae, state = load_vae(os.path.join(ckpt, "vae.pt"))
tokens = torch.from_numpy(np.fromfile(os.path.join(data, "train.tok.u8"), dtype=np.uint8).reshape(-1, L).astype(np.int64))
if limit:
    tokens = tokens[:limit]
t0 = time.time()
mu, _ = encode_all(vae.encoder, tokens)                      # [N, Z]
rows = np.zeros((len(mu), L), dtype=np.uint8)                 # [N, L] ids, [pad] after [eos]
with torch.no_grad():
    for i in range(0, len(mu), batch):
        ids = vae.sample(mu[i:i + batch], temperature=temperature, greedy=temperature == 0)   # [b, max_len]
        rows[i:i + batch, : ids.shape[1]] = ids.numpy()
        if (i // batch) % 10 == 0:
            print(f"decoded {i + len(ids)}/{len(mu)} {time.time() - t0:.0f}s", flush=True)
path = out or os.path.join(data, "train.decoded.tok.u8")
rows.tofile(path)
json.dump({"ckpt": ckpt, "vae_runs": state.get("runs"), "temperature": temperature, "rows": len(rows), "seed": seed},
          open(path.replace(".tok.u8", "") + ".json", "w"), indent=1)
print(f"wrote {path} ({len(rows)} rows, {time.time() - t0:.0f}s)")
