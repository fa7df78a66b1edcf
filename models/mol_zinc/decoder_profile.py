"""What a VAE's decoder emits, measured with RDKit against the ZINC test split (issue 24: SELFIES or SMILES?).

  /usr/bin/python3 models/mol_zinc/decoder_profile.py ckpt=data/mol/ckpt/vae.pt data=data/mol out=data/profile.json

(a) `prior`: n latents z ~ N(0, I), decoded greedily, or with latents=FILE the rows of a float32 [n, Z] file
(sample_prior.py's: what a trained prior proposes, before any export or distillation); (b) `recon`: the first
n_recon test molecules, each decoded greedily from its posterior mean (n_recon=0 skips it). For each: the fraction of decodes RDKit parses and sanitises (`valid`; the rest
are discarded and counted in `discarded`), unique among the valid ones, and the structure profile over the valid
ones; `reference` is the same profile of the test split. Token rows become SMILES in TypeScript
(tokens_to_smiles.ts: the app's SELFIES decoder, or joined SMILES tokens), so this script never reads a token's
meaning.

Profile (each over valid molecules): frac_ring_ge8 / frac_ring_ge7 (a ring of at least 8 / 7 atoms, SSSR),
frac_aromatic_heterocycle (a ring whose atoms are all aromatic, one of them not carbon), allylic_per_molecule
(rdkit.Chem.Fragments.fr_allylic_oxid, mean), frac_stereocentre (at least one specified tetrahedral centre),
frac_charged (any atom with a formal charge), frac_benzene_scaffold (the Murcko scaffold is benzene), ring_size_tvd
(total variation distance of the SSSR ring-size histogram, all rings pooled, to the test split's), frac_multi_fragment,
heavy_atoms (mean). recon also gives exact (canonical SMILES of the decode equals the input's, over all n_recon).
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter

import numpy as np
import torch
from rdkit import Chem

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from structure_profile import histogram, parse, profile, tvd  # noqa: E402
from decode_confidence import confidence  # noqa: E402
from vae import encode_all, load_vae  # noqa: E402

ckpt = "data/mol/ckpt/vae.pt"
data = "data/mol"
out = "data/decoder-profile.json"
n = 10000              # latents from N(0, I)
latents = ""           # a float32 [n, Z] file of latents in the decoder's space to decode for (a), instead of N(0, I)
n_recon = 5000         # test molecules to reconstruct (the first ones of the split); 0 skips (b)
n_reference = 0        # test molecules for the reference profile; 0 = all
batch = 2000
temperature = 0.0      # 0: greedy, as the studio decodes by default; above 0, sampled at this temperature
pick = 1.0             # keep this share of (a)'s decodes, those the decoder is surest of (mean token log-probability):
                       # what the studio's latent confidence head aims at, here with the decoder's own figure
seed = 1337
save_smiles = 1        # also write each decode, one line per row ('' = nothing), to {out without .json}.{prior,recon}.smi
override(globals())

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def to_smiles(rows: np.ndarray) -> list[str]:
    """Token rows [N, L] -> one SMILES per row ('' where nothing came out), by the app's TypeScript code."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = os.path.join(tmp, "rows.tok.u8"), os.path.join(tmp, "rows.smi")
        rows.astype(np.uint8).tofile(src)
        subprocess.run(["npx", "tsx", "models/mol_zinc/tokens_to_smiles.ts", "--data", os.path.abspath(data), "--in", src, "--out", dst],
                       cwd=ROOT, check=True, capture_output=True)
        return open(dst).read().split("\n")[: len(rows)]


def measure(smiles: list[str], ref_sizes: Counter) -> tuple[dict, list]:
    mols = [parse(s) for s in smiles]
    valid = [m for m in mols if m is not None]
    canon = [Chem.MolToSmiles(m) for m in valid]
    prof, sizes = profile(valid)
    return ({"decodes": len(smiles), "valid": len(valid) / len(smiles), "discarded": 1 - len(valid) / len(smiles),
             "unique": len(set(canon)) / max(1, len(canon)), **prof, "ring_size_tvd": tvd(sizes, ref_sizes), "ring_sizes": histogram(sizes),
             "examples": smiles[:8]}, mols)


t0 = time.time()
torch.manual_seed(seed)
vae, state = load_vae(ckpt)
meta = json.load(open(os.path.join(data, "meta.json")))
L = meta["max_len"]
assert len(meta["vocab"]) == vae.cfg.vocab and L == vae.cfg.max_len, "the checkpoint was not trained on this data folder"


def decode(z):
    rows = np.zeros((len(z), L), dtype=np.uint8)   # [N, L], [pad] after [eos]
    for i in range(0, len(z), batch):
        ids = vae.sample(z[i:i + batch], temperature=temperature or 1.0, greedy=temperature == 0)
        rows[i:i + len(ids), : ids.shape[1]] = ids.numpy()
    return rows


test_smiles = [s for s in open(os.path.join(data, "test.smi")).read().split("\n") if s]
test_mols = [parse(s) for s in (test_smiles[:n_reference] if n_reference else test_smiles)]
reference, ref_sizes = profile([m for m in test_mols if m is not None])
reference = {"molecules": len(test_mols), **reference, "ring_sizes": histogram(ref_sizes)}

z = torch.from_numpy(np.fromfile(latents, dtype=np.float32).reshape(-1, vae.cfg.latent)) if latents else torch.randn(n, vae.cfg.latent)
prior_rows = decode(z)
if pick < 1:   # the surest share, in the latents' order
    sure = torch.cat([confidence(vae, z[i:i + batch], torch.from_numpy(prior_rows[i:i + batch].astype(np.int64))) for i in range(0, len(z), batch)])
    keep = np.sort(np.argsort(-sure.numpy(), kind="stable")[: max(1, round(pick * len(z)))])
    prior_rows = prior_rows[keep]
prior_smiles = to_smiles(prior_rows)
prior, _ = measure(prior_smiles, ref_sizes)

recon_smiles, recon, tokens = [], {}, []
if n_recon:
    tokens = torch.from_numpy(np.fromfile(os.path.join(data, "test.tok.u8"), dtype=np.uint8).reshape(-1, L)[:n_recon].astype(np.int64))
    mu, _ = encode_all(vae.encoder, tokens)
    recon_smiles = to_smiles(decode(mu))
    recon, recon_mols = measure(recon_smiles, ref_sizes)
    want = [Chem.MolToSmiles(m) for m in test_mols[: len(tokens)]]
    recon["exact"] = float(np.mean([m is not None and Chem.MolToSmiles(m) == w for m, w in zip(recon_mols, want)]))

result = {"ckpt": ckpt, "data": data, "tokens": meta.get("tokens", "selfies"), "vae_runs": state.get("runs"), "vae_step": state.get("step"),
          "vae_history": state.get("history"), "n": len(z), "latents": latents or None, "n_recon": len(tokens), "temperature": temperature, "pick": pick, "seed": seed, "prior": prior, "recon": recon, "reference": reference,
          "seconds": round(time.time() - t0, 1), "made_by": "/usr/bin/python3 models/mol_zinc/decoder_profile.py " + " ".join(sys.argv[1:])}
os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
json.dump(result, open(out, "w"), indent=1)
if save_smiles:   # row i of recon is test molecule i: decoders can be compared on the same molecules
    for part, lines in [("prior", prior_smiles), ("recon", recon_smiles)]:
        if not lines:
            continue
        open(out.removesuffix(".json") + f".{part}.smi", "w").write("\n".join(lines) + "\n")
keys = ["valid", "unique", "frac_ring_ge8", "frac_ring_ge7", "frac_aromatic_heterocycle", "allylic_per_molecule", "frac_stereocentre", "frac_charged",
        "frac_benzene_scaffold", "ring_size_tvd"]
for name, r in [("prior", prior), ("recon", recon), ("reference", reference)]:
    if not r:
        continue
    print(name, " ".join(f"{k} {r[k]:.3f}" for k in keys if k in r), f"exact {r['exact']:.3f}" if "exact" in r else "")
print(f"wrote {out} ({result['seconds']}s)")
