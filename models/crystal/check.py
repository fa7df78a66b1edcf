"""Quick quality check of sampled crystals in Python, so a checkpoint can be judged without the browser.

usage: /usr/bin/python3 models/crystal/check.py [samples=data/crystal/perov5/samples.npz] [data=data/crystal/perov5]
Prints JSON: struct_validity (every distance between two different sites >= 0.5 Å, volume >= 0.1 Å³, CDVAE),
comp_validity (SMACT14 with the Pauling test as ../shared/data/smact14/README.md describes, mirroring
src/domain/crystal/smact.ts), w1_density and w1_nelements against the test split (valid samples only, as CDVAE),
uniqueness among the first `unique` valid samples (StructureMatcher defaults),
and for a structure-prediction file (sample.py csp=1) the match rate over test compositions with pymatgen's
StructureMatcher(stol 0.5, angle_tol 10, ltol 0.3) and the mean normalised RMS displacement of the matches.
The app's eval (npm run eval) is the reference; this is a training-time gauge.
"""
import itertools
import json
import math
import os
import sys
import warnings
from functools import reduce

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402

samples = ""
data = "data/crystal/perov5"
smact_dir = "../shared/data/smact14"
unique = 200            # uniqueness among the first N valid samples (StructureMatcher defaults); 0 = skip
override(globals())
samples = samples or os.path.join(data, "samples.npz")

warnings.simplefilter("ignore")
from pymatgen.analysis.structure_matcher import StructureMatcher  # noqa: E402
from pymatgen.core import Element, Lattice, Structure  # noqa: E402
from scipy.stats import wasserstein_distance  # noqa: E402

METALS = set(("Li Be Na Mg Al K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Cs Ba La "
              "Ce Pr Nd Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf "
              "Es Fm Md No").split())


def smact_tables():
    ox = {}
    for line in open(os.path.join(smact_dir, "oxidation_states.txt")):
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split()
        ox[parts[0]] = [int(x) for x in parts[1:]]
    en = {}
    lines = [ln for ln in open(os.path.join(smact_dir, "element_data.txt")) if ln.strip() and not ln.startswith("#")]
    header = None
    for ln in open(os.path.join(smact_dir, "element_data.txt")):
        if ln.startswith("#Symbol"):
            header = ln[1:].split()
    col = header.index("el_neg")
    for ln in lines:
        parts = ln.split()
        en[parts[0]] = None if parts[col] == "None" else float(parts[col])
    return ox, en


OX, EN = smact_tables()


def pauling_ok(ox, en):
    """SMACT v2.2's test as the benchmarks ran it (same early exits as src/domain/crystal/smact.ts)."""
    for i in range(len(ox)):
        for j in range(i + 1, len(ox)):
            if (ox[i] > 0 > ox[j]) or (ox[i] < 0 < ox[j]):
                if en[i] is None or en[j] is None:
                    return True
                cat, an = (en[i], en[j]) if ox[i] > 0 else (en[j], en[i])
                if cat >= an:
                    return False
            elif en[i] is None or en[j] is None:
                return False
    return True


def smact_valid(symbols):
    counts = {}
    for s in symbols:
        counts[s] = counts.get(s, 0) + 1
    elems = sorted(counts, key=lambda e: Element(e).Z)
    if len(elems) == 1 or all(e in METALS for e in elems):
        return True
    g = reduce(math.gcd, counts.values())
    n = [counts[e] // g for e in elems]
    en = [EN.get(e) for e in elems]
    for ox in itertools.product(*[OX.get(e, []) for e in elems]):
        if sum(o * k for o, k in zip(ox, n)) == 0 and pauling_ok(ox, en):
            return True
    return False


def structures(lattice, frac, species, natoms, vocab):
    out = []
    for i in range(len(lattice)):
        k = int(natoms[i])
        try:
            if not np.isfinite(lattice[i]).all():
                raise ValueError("non-finite lattice")
            out.append(Structure(Lattice.from_parameters(*map(float, lattice[i])), [vocab[j] for j in species[i, :k]], frac[i, :k]))
        except Exception:
            out.append(None)   # angles that close no cell
    return out


def struct_valid(s):
    if s is None or not (s.volume >= 0.1):
        return False
    if len(s) == 1:
        return True
    d = s.distance_matrix + np.eye(len(s)) * 1e9   # a site's distance to its own images is not checked (CDVAE)
    return bool(d.min() >= 0.5)


def load_split(split, meta):
    A = meta["max_atoms"]
    lat = np.fromfile(os.path.join(data, f"{split}.lattice.f32"), dtype=np.float32).reshape(-1, 6)
    frac = np.fromfile(os.path.join(data, f"{split}.frac.f32"), dtype=np.float32).reshape(-1, A, 3)
    sp = np.fromfile(os.path.join(data, f"{split}.species.u8"), dtype=np.uint8).reshape(-1, A).astype(np.int64)
    na = np.fromfile(os.path.join(data, f"{split}.natoms.u8"), dtype=np.uint8)
    return structures(lat, frac, sp, na, meta["vocab"])


meta = json.load(open(os.path.join(data, "meta.json")))
z = np.load(samples)
info = json.loads(str(z["info"]))
gen = structures(z["lattice"], z["frac"], z["species"], z["natoms"], meta["vocab"])
test = load_split("test", meta)
sv = [struct_valid(s) for s in gen]
cv = [smact_valid([meta["vocab"][j] for j in z["species"][i, :int(z["natoms"][i])]]) for i in range(len(gen))]
result = {"samples": samples, "n": len(gen), "steps": info["steps"], "w": info["w"], "target": info["target"],
          "struct_validity": float(np.mean(sv)), "comp_validity": float(np.mean(cv)),
          "validity": float(np.mean([a and b for a, b in zip(sv, cv)])), "sampling_seconds": round(info["seconds"], 2)}
ok = [s for s, v in zip(gen, sv) if v]
if ok:
    result["w1_density"] = float(wasserstein_distance([s.density for s in ok], [s.density for s in test]))
    result["w1_nelements"] = float(wasserstein_distance([len(s.composition.elements) for s in ok], [len(s.composition.elements) for s in test]))
if unique and ok and not info["csp"]:
    sub = ok[:unique]
    groups = StructureMatcher().group_structures(sub)
    result["uniqueness"] = {"n": len(sub), "unique": len(groups) / len(sub)}
if info["csp"]:
    sm = StructureMatcher(stol=0.5, angle_tol=10, ltol=0.3)
    rows = z["rows"]
    matched, rms = {}, {}
    for s, r in zip(gen, rows):
        r = int(r)
        matched.setdefault(r, False)
        if s is None or matched[r]:
            continue
        try:
            d = sm.get_rms_dist(s, test[r])
        except Exception:
            d = None
        if d is not None:
            matched[r] = True
            rms[r] = d[0]
    result["csp"] = {"k": info["csp_k"], "compositions": len(matched), "match_rate": float(np.mean(list(matched.values()))),
                     "rmse": float(np.mean(list(rms.values()))) if rms else None}
print(json.dumps(result, indent=1))
