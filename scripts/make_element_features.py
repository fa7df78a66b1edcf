"""Writes src/domain/metrics/element-features.json: the elemental property table of our composition fingerprint
(src/domain/metrics/crystal-fingerprints.ts) and the standard scaler it is normalised with.

usage: /usr/bin/python3 scripts/make_element_features.py

Properties are read from Debian's pymatgen (python3-pymatgen) `Element` for Z = 1..94, in the spirit of Magpie's
ElementProperty preset (matminer is not available here, so the table is ours, not Magpie's):
  Z, Mendeleev number, atomic mass (amu), melting point (K), row, group, atomic radius (Å, empirical),
  Pauling electronegativity, valence s / p / d / f electron counts and their sum.
Valence counts come from the ground-state electronic structure: s and p electrons of the outermost shell n,
d electrons of shell n-1 and f electrons of shell n-2. A property pymatgen does not know for an element (for
example the electronegativity of He, Ne, Ar) is filled with the mean over the elements that have it; `missing`
lists those fills.

The scaler (mean and standard deviation of every fingerprint component) is fitted on the compositions of the
Perov-5 training rows (../shared/data/cdvae_perov_5 val.csv + dev_train.csv), as CDVAE standardises its Magpie
fingerprints with a fixed scaler (CompScalerMeans/Stds) before taking distances. A component with zero spread
there gets standard deviation 1. The fingerprint is recomputed here in Python the same way the TypeScript does
it; the file also stores three check vectors the unit test compares with the TypeScript.
"""
import json
import math
import os
import re
import sys
import warnings

import numpy as np

warnings.simplefilter("ignore")
from pymatgen.core import Element  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "src", "domain", "metrics", "element-features.json")
PEROV = os.path.join(ROOT, "..", "shared", "data", "cdvae_perov_5")
Z_MAX = 94
PROPS = ["Z", "mendeleev", "mass", "melting_point", "row", "group", "atomic_radius", "electronegativity",
         "valence_s", "valence_p", "valence_d", "valence_f", "valence_total"]
STATS = ["mean", "avg_dev", "min", "max", "range", "mode"]


def num(x):
    try:
        v = float(x)
    except Exception:
        return None
    return v if math.isfinite(v) else None


def valence(e):
    shells = e.full_electronic_structure  # [(n, 'l', count)]
    n_max = max(n for n, _, _ in shells)
    count = {"s": 0, "p": 0, "d": 0, "f": 0}
    for n, l, c in shells:
        if (l in "sp" and n == n_max) or (l == "d" and n == n_max - 1) or (l == "f" and n == n_max - 2):
            count[l] += c
    return [count["s"], count["p"], count["d"], count["f"], sum(count.values())]


def raw(z):
    e = Element.from_Z(z)
    return e.symbol, [z, num(e.mendeleev_no), num(e.atomic_mass), num(e.melting_point), e.row, e.group,
                      num(e.atomic_radius), num(e.X)] + valence(e)


symbols, table = [], []
for z in range(1, Z_MAX + 1):
    s, row = raw(z)
    symbols.append(s)
    table.append(row)
missing = {}
for k, p in enumerate(PROPS):
    vals = [r[k] for r in table if r[k] is not None]
    fill = float(np.mean(vals))
    for s, r in zip(symbols, table):
        if r[k] is None:
            r[k] = fill
            missing.setdefault(p, []).append(s)
table = [[float(x) for x in r] for r in table]
INDEX = {s: i for i, s in enumerate(symbols)}


def fingerprint(counts):
    """counts: {symbol: count}. Fraction-weighted statistics of every property, in the order PROPS x STATS."""
    els = list(counts)
    tot = sum(counts.values())
    w = np.array([counts[e] / tot for e in els])
    out = []
    for k in range(len(PROPS)):
        v = np.array([table[INDEX[e]][k] for e in els])
        mean = float((w * v).sum())
        dev = float((w * np.abs(v - mean)).sum())
        top = w.max()
        mode = float(min(v[i] for i in range(len(els)) if w[i] >= top - 1e-12))
        out += [mean, dev, float(v.min()), float(v.max()), float(v.max() - v.min()), mode]
    return out


def compositions():
    import pandas as pd
    rows = []
    for f in ["val.csv", "dev_train.csv"]:
        df = pd.read_csv(os.path.join(PEROV, f))
        for cif in df.cif:
            counts = {}
            in_loop = False
            for line in cif.splitlines():
                t = line.split()
                if line.strip().startswith("_atom_site_occupancy"):
                    in_loop = True
                    continue
                if in_loop and len(t) >= 7:
                    counts[t[0]] = counts.get(t[0], 0) + 1
            rows.append(counts)
    return rows


comps = compositions()
assert len(comps) == 3787 + 1024 and all(sum(c.values()) == 5 for c in comps), "unexpected Perov-5 CIF layout"
fps = np.array([fingerprint(c) for c in comps])
mean = fps.mean(axis=0)
std = fps.std(axis=0)
std[std < 1e-12] = 1.0
checks = {name: fingerprint(c) for name, c in
          [("SrTiO3", {"Sr": 1, "Ti": 1, "O": 3}), ("C", {"C": 8}), ("Fe2O3", {"Fe": 4, "O": 6})]}
out = {
    "source": "scripts/make_element_features.py from Debian pymatgen Element (Z 1-94); scaler fitted on Perov-5 val + dev_train compositions",
    "props": PROPS, "stats": STATS, "symbols": symbols, "table": table, "missing": missing,
    "scaler": {"fitted_on": "Perov-5 val.csv + dev_train.csv (4,811 compositions)", "mean": mean.tolist(), "std": std.tolist()},
    "checks": checks,
}
with open(OUT, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {OUT}: {len(symbols)} elements x {len(PROPS)} properties; filled {json.dumps(missing)}", file=sys.stderr)
