"""Smoke test of the SA-predictor pipeline on a few hundred molecules: prepare (Node, the app's own
featuriser) -> train -> export, then checks of the model, the ONNX file and its card."""
import json
import os
import subprocess
import sys

import numpy as np
import onnx
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "models", "sa"))
from model import SAConfig, SAEnsemble, flops_per_sample  # noqa: E402

PY = "/usr/bin/python3"


def run(cmd, **kw):
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    assert res.returncode == 0, f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res.stdout


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sa")
    data, out = tmp / "data", tmp / "models"
    run(["npx", "tsx", "models/sa/prepare.ts", "--limit", "240", "--out", str(data)])
    log = run([PY, "models/sa/train.py", f"data={data}", f"out={data}/ckpt", "epochs=2", "members=2", "hidden=32,16"])
    run([PY, "models/sa/export.py", f"ckpt={data}/ckpt/ckpt.pt", f"out={out}", "id=sa-smoke"])
    return data, out, log


def test_prepare_writes_aligned_arrays(pipeline):
    data, _, _ = pipeline
    meta = json.load(open(data / "meta.json"))
    n_bits, n_desc = meta["features"]["morganBits"], len(meta["features"]["descriptors"])
    for split in ["train", "valid", "test"]:
        n = meta["splits"][split]["rows"]
        assert n == 240
        assert os.path.getsize(data / f"{split}.bits.u8") == n * n_bits
        assert os.path.getsize(data / f"{split}.desc.f32") == n * n_desc * 4
        y = np.fromfile(data / f"{split}.y.f32", dtype=np.float32)
        assert len(y) == n and 1.0 <= y.min() and y.max() <= 10.0  # SA is defined on 1..10
        bits = np.fromfile(data / f"{split}.bits.u8", dtype=np.uint8)
        assert set(np.unique(bits)) <= {0, 1}
        assert len(open(data / f"{split}.smi").read().split()) == n


def test_training_learns_something(pipeline):
    _, _, log = pipeline
    ckpt = torch.load(pipeline[0] / "ckpt" / "ckpt.pt")
    test = ckpt["result"]["test"]
    # Even two epochs on 240 molecules beat predicting the mean (r2 > 0), and errors are finite.
    assert np.isfinite(test["mae"]) and test["r2"] > 0.0, log[-2000:]
    assert 0.0 <= test["coverage90"] <= 1.0


def test_export_and_card(pipeline):
    data, out, _ = pipeline
    card = json.load(open(out / "sa-smoke.json"))
    model = onnx.load(out / "sa-smoke.onnx")
    onnx.checker.check_model(model)
    assert [i.name for i in model.graph.input] == ["features"]
    assert [o.name for o in model.graph.output] == ["mean", "std"]
    assert card["opset"] == 17 and model.opset_import[0].version == 17
    assert card["bytes"] == os.path.getsize(out / "sa-smoke.onnx")
    assert card["inputs"][0]["shape"] == ["batch", card["features"]["morganBits"] + len(card["features"]["descriptors"])]
    ref = card["reference_outputs"]
    assert len(ref["smiles"]) == len(ref["mean"]) == len(ref["std"]) == 8
    assert all(s > 0 for s in ref["std"])
    for key in ["params", "flops_per_sample", "metrics", "training", "data", "sha256"]:
        assert key in card


def test_model_shapes_flops_and_normalisation():
    cfg = SAConfig(n_bits=16, n_desc=3, hidden=(8, 4), members=3, dropout=0.0)
    m = SAEnsemble(cfg).eval()
    m.desc_mean.copy_(torch.tensor([10.0, 0.0, 5.0]))
    m.desc_std.copy_(torch.tensor([2.0, 1.0, 5.0]))
    x = torch.rand(5, 19)
    mean, std = m(x)
    assert mean.shape == (5,) and std.shape == (5,) and bool((std > 0).all())
    z = m.normalise(x)
    assert torch.allclose(z[:, :16], x[:, :16])
    assert torch.allclose(z[:, 16], (x[:, 16] - 10.0) / 2.0)
    # 2 x (19*8 + 8*4 + 4*2) multiply-adds per member
    assert flops_per_sample(cfg) == 2 * (19 * 8 + 8 * 4 + 4 * 2) * 3
    assert sum(1 for _ in m.members) == 3
