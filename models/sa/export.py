"""Export the trained SA ensemble to ONNX (opset 17) with its model card.

usage: /usr/bin/python3 models/sa/export.py [ckpt=data/sa/ckpt/ckpt.pt] [out=static/models] [id=sa-mlp] [data=data/sa]
Writes {out}/{id}.onnx and {out}/{id}.json (the card the app checks every session against).
"""
import datetime
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402
from model import SAConfig, SAEnsemble  # noqa: E402
from onnx_export import write_onnx  # noqa: E402

ckpt = "data/sa/ckpt/ckpt.pt"
out = "static/models"
id = "sa-mlp"
data = None  # the prepare.ts output folder; defaults to the checkpoint's grandparent (data/sa)
override(globals())

state = torch.load(ckpt, map_location="cpu")
cfg = SAConfig(**state["cfg"])
model = SAEnsemble(cfg)
model.load_state_dict(state["model"])
model.eval()
n_in = cfg.n_bits + cfg.n_desc

os.makedirs(out, exist_ok=True)
onnx_path = os.path.join(out, f"{id}.onnx")
example = torch.zeros(3, n_in)  # [batch, features]
size, sha = write_onnx(model, (example,), onnx_path, ["features"], ["mean", "std"],
                       {"features": {0: "batch"}, "mean": {0: "batch"}, "std": {0: "batch"}})

meta, result = state["meta"], state["result"]

# A few test-split molecules with the PyTorch outputs: the app's tests featurise the SMILES again
# (RDKit.js) and run the ONNX file, which checks export and featurisation together.
data_dir = os.path.dirname(os.path.dirname(ckpt)) if data is None else data
n_bits, n_desc = cfg.n_bits, cfg.n_desc
smiles = open(os.path.join(data_dir, "test.smi")).read().split()[:8]
bits = np.fromfile(os.path.join(data_dir, "test.bits.u8"), dtype=np.uint8, count=len(smiles) * n_bits).reshape(-1, n_bits)
desc = np.fromfile(os.path.join(data_dir, "test.desc.f32"), dtype=np.float32, count=len(smiles) * n_desc).reshape(-1, n_desc)
with torch.no_grad():
    ref_mean, ref_std = model(torch.from_numpy(np.concatenate([bits.astype(np.float32), desc], axis=1)))
card = {
    "id": id,
    "name": "SA score predictor (deep ensemble)",
    "family": "predictors",
    "domain": "drug-like",
    "file": f"{id}.onnx",
    "bytes": size,
    "sha256": sha,
    "opset": 17,
    "property": {"key": "sa", "label": "SA score", "range": [1, 10], "lower_is_better": True,
                 "what": "Ertl & Schuffenhauer synthetic accessibility (RDKit Contrib SA_Score), 1 easy to 10 hard"},
    "inputs": [{"name": "features", "dtype": "float32", "shape": ["batch", n_in]}],
    "outputs": [
        {"name": "mean", "dtype": "float32", "shape": ["batch"], "what": "predicted SA score"},
        {"name": "std", "dtype": "float32", "shape": ["batch"],
         "what": "predictive standard deviation (ensemble spread + per-member variance, calibrated on valid)"},
    ],
    "features": meta["features"],
    "data": {
        "name": "ZINC250k", "path": "../shared/data/zinc250k",
        "split": "DD-VAE train/valid/test (insilicomedicine/DD-VAE)",
        "target": meta["target"], "rows": {k: v["rows"] for k, v in meta["splits"].items()},
        "featurised_with": f"RDKit.js {meta['rdkitjs']} via src/domain/chem/features.ts (models/sa/prepare.ts)",
    },
    "architecture": f"{cfg.members} x MLP {n_in}->{'->'.join(map(str, cfg.hidden))}->(mean, logvar), SiLU, dropout {cfg.dropout}",
    "params": result["params"],
    "flops_per_sample": result["flops_per_sample"],
    "metrics": {"test": result["test"], "valid": result["valid"]},
    "reference_outputs": {"smiles": smiles, "mean": [round(float(v), 6) for v in ref_mean],
                          "std": [round(float(v), 6) for v in ref_std], "from": "PyTorch, before export"},
    "training": {
        "config": result["config"],
        "seconds": result["train_seconds"],
        "torch": torch.__version__,
        "date": datetime.date.today().isoformat(),
        "command": "npx tsx models/sa/prepare.ts && /usr/bin/python3 models/sa/train.py "
                   + " ".join(state["argv"]) + " && /usr/bin/python3 models/sa/export.py",
    },
}
json.dump(card, open(os.path.join(out, f"{id}.json"), "w"), indent=1)
print(f"wrote {onnx_path} ({size} bytes) and {id}.json; test MAE {result['test']['mae']:.4f}")
