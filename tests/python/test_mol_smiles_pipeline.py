"""Smoke test of the SMILES variant of the mol-zinc data (issue 24: a decoder that may fail): prepare.ts
--tokens smiles -> a tiny VAE step on it -> decoder_profile.py; and the token rows of both variants turn back
into the split's molecules through tokens_to_smiles.ts."""
import json

import numpy as np
import pytest
from rdkit import Chem

from test_mol_zinc_pipeline import EOS, PAD, PY, run  # noqa: E402 (the same runner and token ids)

LIMIT = "120"


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mol_smiles")
    smiles, selfies = tmp / "smiles", tmp / "selfies"
    run(["npx", "tsx", "models/mol_zinc/prepare.ts", "--tokens", "smiles", "--limit", LIMIT, "--out", str(smiles)])
    run(["npx", "tsx", "models/mol_zinc/prepare.ts", "--limit", LIMIT, "--out", str(selfies)])
    return smiles, selfies


def test_smiles_arrays(folders):
    smiles, _ = folders
    meta = json.load(open(smiles / "meta.json"))
    assert meta["tokens"] == "smiles" and meta["vocab"][:3] == ["[pad]", "[bos]", "[eos]"]
    assert {"c", "(", ")", "1", "="} <= set(meta["vocab"])              # aromatic, not kekulised
    n, L = meta["rows"]["test"], meta["max_len"]
    tok = np.fromfile(smiles / "test.tok.u8", dtype=np.uint8).reshape(n, L)
    assert (tok == EOS).sum(1).tolist() == [1] * n
    first = np.argmax(tok == EOS, 1)
    assert all((tok[i, first[i] + 1:] == PAD).all() for i in range(n))


@pytest.mark.parametrize("variant", [0, 1])
def test_rows_decode_to_the_split(folders, tmp_path, variant):
    # SMILES rows join back to the split's canonical SMILES exactly; SELFIES rows (kekulised input) decode to
    # the same molecules.
    data = folders[variant]
    run(["npx", "tsx", "models/mol_zinc/tokens_to_smiles.ts", "--data", str(data), "--in", str(data / "test.tok.u8"), "--out", str(tmp_path / "t.smi")])
    got = open(tmp_path / "t.smi").read().split("\n")
    want = [s for s in open(data / "test.smi").read().split("\n") if s]
    if variant == 0:
        assert got[: len(want)] == want
    else:
        assert [Chem.CanonSmiles(s) for s in got[: len(want)]] == [Chem.CanonSmiles(s) for s in want]


def test_valid_marks_the_rows_rdkit_rejects(folders, tmp_path):
    # --valid: 1 where RDKit.js parses the row's SMILES as a run would, 0 where a run would discard it. The split's
    # own rows all parse; the same rows with their last ring-closure digit dropped leave a ring open and do not.
    smiles, _ = folders
    meta = json.load(open(smiles / "meta.json"))
    n, L = meta["rows"]["test"], meta["max_len"]
    tok = np.fromfile(smiles / "test.tok.u8", dtype=np.uint8).reshape(n, L)
    run(["npx", "tsx", "models/mol_zinc/tokens_to_smiles.ts", "--data", str(smiles), "--in", str(smiles / "test.tok.u8"), "--valid", str(tmp_path / "ok.u8")])
    assert np.fromfile(tmp_path / "ok.u8", dtype=np.uint8).tolist() == [1] * n
    digit = meta["vocab"].index("1")
    broken = tok.copy()
    for row in broken:
        at = np.flatnonzero(row == digit)
        if len(at):                                      # drop the closing '1', shift the rest left
            row[at[-1]:-1] = row[at[-1] + 1:].copy()
            row[-1] = PAD
    (tmp_path / "broken.u8").write_bytes(broken.tobytes())
    run(["npx", "tsx", "models/mol_zinc/tokens_to_smiles.ts", "--data", str(smiles), "--in", str(tmp_path / "broken.u8"), "--valid", str(tmp_path / "bad.u8")])
    bad = np.fromfile(tmp_path / "bad.u8", dtype=np.uint8)
    ringed = np.array([(row == digit).any() for row in tok])
    assert ringed.sum() > n // 2 and bad[ringed].sum() == 0 and bad[~ringed].tolist() == [1] * int((~ringed).sum())


def test_train_and_profile_on_smiles(folders, tmp_path):
    smiles, _ = folders
    run([PY, "models/mol_zinc/train_vae.py", f"data={smiles}", f"out={tmp_path}", "epochs=1", "batch_size=32", "latent=8", "dec_hidden=32", "emb=16"])
    out = tmp_path / "profile.json"
    run([PY, "models/mol_zinc/decoder_profile.py", f"ckpt={tmp_path / 'vae.pt'}", f"data={smiles}", f"out={out}", "n=64", "n_recon=32"])
    r = json.load(open(out))
    assert r["tokens"] == "smiles" and r["n_recon"] == 32
    for part in ["prior", "recon"]:
        assert r[part]["decodes"] == (64 if part == "prior" else 32)
        assert 0 <= r[part]["valid"] <= 1 and r[part]["discarded"] == pytest.approx(1 - r[part]["valid"])
    ref = r["reference"]
    assert ref["molecules"] == json.load(open(smiles / "meta.json"))["rows"]["test"]
    # a prior's own latents (sample_prior.py's float32 rows) instead of N(0, I), without the reconstructions
    (np.random.default_rng(0).standard_normal((10, 8)).astype(np.float32) * 0.5).tofile(tmp_path / "z.f32")
    out2 = tmp_path / "profile-latents.json"
    run([PY, "models/mol_zinc/decoder_profile.py", f"ckpt={tmp_path / 'vae.pt'}", f"data={smiles}", f"out={out2}", f"latents={tmp_path / 'z.f32'}", "n_recon=0"])
    r2 = json.load(open(out2))
    assert r2["n"] == 10 and r2["prior"]["decodes"] == 10 and r2["latents"].endswith("z.f32") and r2["recon"] == {} and r2["n_recon"] == 0
    # pick=0.5 keeps the half the decoder is surest of; sampled tokens (temperature=1) still decode every row
    out3 = tmp_path / "profile-pick.json"
    run([PY, "models/mol_zinc/decoder_profile.py", f"ckpt={tmp_path / 'vae.pt'}", f"data={smiles}", f"out={out3}", f"latents={tmp_path / 'z.f32'}",
         "n_recon=0", "pick=0.5", "temperature=1"])
    r3 = json.load(open(out3))
    assert r3["prior"]["decodes"] == 5 and r3["pick"] == 0.5 and r3["temperature"] == 1
    assert 0.3 < ref["frac_aromatic_heterocycle"] < 0.9 and sum(ref["ring_sizes"].values()) == pytest.approx(1, abs=1e-3)
