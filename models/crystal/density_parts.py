"""Where a sampler's density error comes from: density = mass per atom / volume per atom, so compare both against
the test split. For each sample file (sample.py output), the mean and sd of the volume per atom (log, Å³) and of
the mean atomic mass per atom (u), and the mean density, beside the test split's.

usage: /usr/bin/python3 models/crystal/density_parts.py [data=data/crystal/perov5] files=a.npz[,b.npz]
"""
import json
import os
import sys

import numpy as np
from pymatgen.core import Element

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402

data = "data/crystal/perov5"
files = ""
override(globals())

meta = json.load(open(os.path.join(data, "meta.json")))
A = meta["max_atoms"]
MASS = np.array([Element(e).atomic_mass for e in meta["vocab"]])
U_PER_A3 = 1.66053907   # g/cm³ for one atomic mass unit per Å³


def volume(lat):
    a, b, c = lat[:, 0], lat[:, 1], lat[:, 2]
    al, be, ga = (np.radians(lat[:, i]) for i in (3, 4, 5))
    cos = np.cos
    return a * b * c * np.sqrt(np.maximum(1 - cos(al) ** 2 - cos(be) ** 2 - cos(ga) ** 2 + 2 * cos(al) * cos(be) * cos(ga), 1e-12))


def parts(lat, species, natoms):
    """Per structure: log volume per atom, mean mass per atom, density; structures with an unknown species left out."""
    keep = np.array([(s[:n] >= 0).all() and (s[:n] < len(MASS)).all() for s, n in zip(species, natoms)])
    lat, species, natoms = lat[keep], species[keep], natoms[keep]
    mass = np.array([MASS[s[:n].astype(int)].mean() for s, n in zip(species, natoms)])
    v = volume(lat) / natoms
    return np.log(v), mass, mass / v * U_PER_A3


def row(name, lat, species, natoms):
    lv, m, rho = parts(lat, species, natoms)
    return f"| {name} | {len(lv)} | {lv.mean():.4f} ± {lv.std():.4f} | {m.mean():.2f} ± {m.std():.2f} | {rho.mean():.3f} ± {rho.std():.3f} |"


test = [np.fromfile(os.path.join(data, f"test.{k}"), dtype=t) for k, t in (("lattice.f32", np.float32), ("species.u8", np.uint8), ("natoms.u8", np.uint8))]
test[0] = test[0].reshape(-1, 6)
test[1] = test[1].reshape(-1, A).astype(np.int64)
test[1][test[1] == 255] = -1
print("| | structures | log(volume per atom / Å³) | mass per atom (u) | density (g/cm³) |")
print("|---|---|---|---|---|")
print(row("test split", *test))
for f in filter(None, files.split(",")):
    z = np.load(f)
    print(row(os.path.basename(f), z["lattice"], z["species"], z["natoms"]))
