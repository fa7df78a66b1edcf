"""Compare the decoded labels with the input molecules' own: does the decoder drift (shorter, lighter, more lipophilic)?

usage: /usr/bin/python3 models/mol_zinc/label_stats.py [data=data/mol]
reads {data}/train.tok.u8, train.props.f32 and decode_train.py / label_decoded.ts's train.decoded.tok.u8, .props.f32
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402

data = "data/mol"
override(globals())

meta = json.load(open(os.path.join(data, "meta.json")))
L, P = meta["max_len"], len(meta["props"])
read = lambda name, dtype, width: np.fromfile(os.path.join(data, name), dtype=dtype).reshape(-1, width)
inputs, decoded = read("train.props.f32", np.float32, P), read("train.decoded.props.f32", np.float32, P)
n_in, n_dec = (read("train.tok.u8", np.uint8, L) != 0).sum(1), (read("train.decoded.tok.u8", np.uint8, L) != 0).sum(1)
out = {"rows": len(inputs), "tokens": {"input_mean": float(n_in.mean()), "decoded_mean": float(n_dec.mean()),
                                       "decoded_shorter": float((n_dec < n_in).mean()), "decoded_longer": float((n_dec > n_in).mean())}}
for j, key in enumerate(meta["props"]):
    ok = ~np.isnan(decoded[:, j])
    out[key] = {"input_mean": round(float(inputs[ok, j].mean()), 3), "decoded_mean": round(float(decoded[ok, j].mean()), 3),
                "correlation": round(float(np.corrcoef(inputs[ok, j], decoded[ok, j])[0, 1]), 3)}
print(json.dumps(out, indent=1))
