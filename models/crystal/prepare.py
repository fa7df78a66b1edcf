"""Turn the crystal CSVs into flat arrays for training (one folder per domain).

usage: /usr/bin/python3 models/crystal/prepare.py domain=perov5|carbon24 [out=data/crystal/perov5] [limit=N]

Writes, per split (train, valid, test), into {out}:
  {split}.lattice.f32  [n, 6]      a, b, c (Å), alpha, beta, gamma (degrees) of the Niggli-reduced cell
  {split}.frac.f32     [n, A, 3]   fractional coordinates in [0, 1), zero on padding rows
  {split}.species.u8   [n, A]      index into meta.vocab, 255 on padding rows
  {split}.natoms.u8    [n]
  {split}.props.f32    [n, P]      raw property values, NaN where unknown
  {split}.ids.txt      one source id per row
and meta.json: vocab, max_atoms A, property names with mean/std, lattice normalisation, atom-count histogram,
row counts, and how the split was made.

Perov-5: train = CDVAE val + dev_train minus a random 5 % kept for early stopping (valid); test = CDVAE test.
Carbon-24: every structure of the CDVAE val/test files and the OMatG deduplicated files is grouped with pymatgen's
StructureMatcher (default tolerances), one representative per group is kept, and whole groups go to one split, so
no test structure matches a training structure at those tolerances (details in meta.json "split").
"""
import json
import math
import os
import random
import sys
import time
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "common"))
from config import override  # noqa: E402

domain = "perov5"
src = "../shared/data"
out = ""               # default data/crystal/{domain}
limit = 0              # use only the first N rows of each source file (smoke tests)
valid_frac = 0.05      # Perov-5: share of the training pool kept for early stopping
test_frac = 0.15       # Carbon-24: share of structure groups held out for test
valid_groups = 0.05    # Carbon-24: share of the remaining groups kept for early stopping
seed = 1337
override(globals())
out = out or f"data/crystal/{domain}"

warnings.simplefilter("ignore")   # pymatgen's CIF parser warns about rounding on every file
from pymatgen.core import Element, Structure  # noqa: E402


def parse(cif):
    """The Niggli-reduced cell: one canonical lattice per crystal, so the 6 parameters are a fair target."""
    s = Structure.from_str(cif, fmt="cif")
    return s.get_reduced_structure()


def write_split(name, structs, props, ids, vocab, A):
    n = len(structs)
    lattice = np.zeros((n, 6), np.float32)
    frac = np.zeros((n, A, 3), np.float32)
    species = np.full((n, A), 255, np.uint8)
    natoms = np.zeros(n, np.uint8)
    index = {e: i for i, e in enumerate(vocab)}
    for r, s in enumerate(structs):
        lattice[r] = [*s.lattice.abc, *s.lattice.angles]
        k = len(s)
        natoms[r] = k
        frac[r, :k] = np.mod(s.frac_coords, 1.0)
        species[r, :k] = [index[site.specie.symbol] for site in s]
    lattice.tofile(os.path.join(out, f"{name}.lattice.f32"))
    frac.tofile(os.path.join(out, f"{name}.frac.f32"))
    species.tofile(os.path.join(out, f"{name}.species.u8"))
    natoms.tofile(os.path.join(out, f"{name}.natoms.u8"))
    np.asarray(props, np.float32).reshape(n, -1).tofile(os.path.join(out, f"{name}.props.f32"))
    open(os.path.join(out, f"{name}.ids.txt"), "w").write("".join(f"{i}\n" for i in ids))
    return lattice, natoms


def lattice_stats(lattice, natoms):
    """Mean/std of the model's lattice coordinates: log(length / natoms^(1/3)) and angles in radians.
    Lengths scale with the cube root of the atom count, so dividing by it leaves a spread the flow can learn
    the same way for 6 and 24 atoms. Angles that never vary (cubic perovskites) get a floor on their std so
    the model's unit noise maps to a few degrees, not to infinity."""
    x = lattice_to_model(lattice, natoms)
    mean, std = x.mean(0), x.std(0)
    return mean.tolist(), np.maximum(std, 0.05).tolist()


def lattice_to_model(lattice, natoms):
    n3 = np.cbrt(natoms.astype(np.float64))[:, None]
    return np.concatenate([np.log(lattice[:, :3] / n3), np.radians(lattice[:, 3:])], 1)


def read(path):
    df = pd.read_csv(path)
    return df.head(limit) if limit else df


def perov5():
    d = os.path.join(src, "cdvae_perov_5")
    props = ["heat_ref", "dir_gap", "ind_gap"]
    pool = pd.concat([read(os.path.join(d, "val.csv")).assign(source="val"), read(os.path.join(d, "dev_train.csv")).assign(source="dev_train")])
    test = read(os.path.join(d, "test.csv")).assign(source="test")
    rng = random.Random(seed)
    order = list(range(len(pool)))
    rng.shuffle(order)
    n_valid = max(1, round(valid_frac * len(pool)))
    splits = {"train": pool.iloc[sorted(order[n_valid:])], "valid": pool.iloc[sorted(order[:n_valid])], "test": test}
    structs = {k: [parse(c) for c in v.cif] for k, v in splits.items()}
    values = {k: v[props].to_numpy(np.float32) for k, v in splits.items()}
    ids = {k: [f"{s}:{m}" for s, m in zip(v.source, v.material_id)] for k, v in splits.items()}
    how = {"train": "CDVAE perov_5 val.csv + perov_5_dev train.csv (dev_train.csv), minus valid",
           "valid": f"a random {valid_frac:.0%} of that pool (seed {seed}), for early stopping",
           "test": "CDVAE perov_5 test.csv",
           "note": "CDVAE's own train.csv (about 11,356 rows) is not available: trained on less than the published split. "
                   "About 19 % of test rows share a composition with a val row (A and B swapped)."}
    units = {"heat_ref": "eV (heat of formation; CDVAE gives no unit, CMR ABX3 uses eV)", "dir_gap": "eV", "ind_gap": "eV"}
    return structs, values, ids, props, units, how


def carbon24():
    from pymatgen.analysis.structure_matcher import StructureMatcher
    from pymatgen.symmetry.analyzer import SpacegroupAnalyzer
    items = []   # (id, structure, energy per atom or NaN)
    for f in ["val", "test"]:
        df = read(os.path.join(src, "cdvae_carbon_24", f"{f}.csv"))
        items += [(f"cdvae-{f}:{m}", c, e) for m, c, e in zip(df.material_id, df.cif, df.energy_per_atom)]
    for f in ["unique_val", "unique_test", "nsplit_htl_val", "nsplit_htl_test", "nsplit_lth_test"]:
        df = read(os.path.join(src, "omatg_carbon_24_unique", f"{f}.csv"))
        items += [(f"omatg-{f}:{r}", c, math.nan) for r, c in zip(df.row, df.cif)]
    t0 = time.time()
    structs = [parse(c) for _, c, _ in items]
    # Bucket key: atoms in the primitive cell and space group. The matcher (primitive_cell=True, no supercell
    # attempts) never matches across primitive atom counts; the space group is a prefilter that keeps the
    # pairwise matching affordable (checked afterwards, see "leak_check").
    keys = []
    for s in structs:
        try:
            sga = SpacegroupAnalyzer(s, symprec=0.1)
            prim = sga.find_primitive() or s
            keys.append((len(prim), sga.get_space_group_number()))
        except Exception:
            keys.append((len(s), 0))
    print(f"parsed {len(structs)} structures, {len(set(keys))} buckets, {time.time() - t0:.0f}s", flush=True)
    sm = StructureMatcher()
    group_of = [-1] * len(structs)
    reps = []   # representative index per group
    buckets = {}
    for i, k in enumerate(keys):
        buckets.setdefault(k, []).append(i)
    for k, members in sorted(buckets.items()):
        local = []   # groups of this bucket
        for i in members:
            for g in local:
                if sm.fit(structs[reps[g]], structs[i]):
                    group_of[i] = g
                    break
            else:
                group_of[i] = len(reps)
                local.append(len(reps))
                reps.append(i)
    print(f"{len(reps)} groups from {len(structs)} structures, {time.time() - t0:.0f}s", flush=True)
    energy = np.full(len(reps), np.nan)
    for i, g in enumerate(group_of):
        e = items[i][2]
        if not math.isnan(e):
            energy[g] = e if math.isnan(energy[g]) else min(energy[g], e)
    rng = random.Random(seed)
    order = list(range(len(reps)))
    rng.shuffle(order)
    n_test = round(test_frac * len(reps))
    n_valid = round(valid_groups * len(reps))
    parts = {"test": order[:n_test], "valid": order[n_test:n_test + n_valid], "train": order[n_test + n_valid:]}
    # Leak check across buckets: every test representative against every training representative with the same
    # primitive atom count (any space group), with the matcher at its defaults.
    train_by_n = {}
    for g in parts["train"]:
        train_by_n.setdefault(keys[reps[g]][0], []).append(g)
    leaked = set()
    for g in parts["test"]:
        for h in train_by_n.get(keys[reps[g]][0], []):
            if keys[reps[h]][1] != keys[reps[g]][1] and sm.fit(structs[reps[h]], structs[reps[g]]):
                leaked.add(g)
                break
    parts["train"] += sorted(leaked)           # a test group that matches training goes to training
    parts["test"] = [g for g in parts["test"] if g not in leaked]
    print(f"leak check: {len(leaked)} test groups matched training across buckets and moved to train, {time.time() - t0:.0f}s", flush=True)
    props = ["energy_per_atom", "density"]
    split_structs = {k: [structs[reps[g]] for g in v] for k, v in parts.items()}
    values = {k: np.array([[energy[g], float(structs[reps[g]].density)] for g in v], np.float32).reshape(-1, 2) for k, v in parts.items()}
    ids = {k: [items[reps[g]][0] for g in v] for k, v in parts.items()}
    how = {"pool": "cdvae_carbon_24 val.csv + test.csv (with energies) and omatg_carbon_24_unique unique_*/nsplit_* (no energies)",
           "dedup": "pymatgen StructureMatcher() defaults (ltol 0.2, stol 0.3, angle_tol 5, primitive_cell, scale) within buckets "
                    "keyed by (primitive atom count, space group at symprec 0.1); one representative per group",
           "split": f"whole groups at random (seed {seed}): test {test_frac:.0%}, valid {valid_groups:.0%} of groups, train the rest",
           "leak_check": f"every test representative matched against every training representative with the same primitive atom "
                         f"count in another space-group bucket; {len(leaked)} matched and were moved to train",
           "energy": "energy_per_atom of a group = the lowest CDVAE energy among its members; NaN when no member came from CDVAE",
           "structures": len(structs), "groups": len(reps),
           "note": "CDVAE's own train.csv (about 6,091 rows) and OMatG's train files are not available: trained on less than the published splits."}
    units = {"energy_per_atom": "eV/atom", "density": "g/cm^3"}
    return split_structs, values, ids, props, units, how


os.makedirs(out, exist_ok=True)
t0 = time.time()
structs, values, ids, props, units, how = perov5() if domain == "perov5" else carbon24() if domain == "carbon24" else sys.exit(f"unknown domain {domain}")
vocab = sorted({site.specie.symbol for v in structs.values() for s in v for site in s}, key=lambda e: Element(e).Z)
A = max(len(s) for v in structs.values() for s in v)
written = {k: write_split(k, structs[k], values[k], ids[k], vocab, A) for k in ["train", "valid", "test"]}
lat, nat = written["train"]
lmean, lstd = lattice_stats(lat, nat)
tv = values["train"]
pmean = [float(np.nanmean(tv[:, j])) for j in range(len(props))]
pstd = [float(max(np.nanstd(tv[:, j]), 1e-6)) for j in range(len(props))]
hist = np.bincount(nat, minlength=A + 1).tolist()
meta = {
    "domain": domain, "vocab": vocab, "max_atoms": A,
    "props": props, "prop_units": units, "prop_mean": pmean, "prop_std": pstd,
    "prop_known": {p: int(np.isfinite(tv[:, j]).sum()) for j, p in enumerate(props)},
    "lattice": {"what": "model coordinates: log(a, b, c / natoms^(1/3)), alpha, beta, gamma in radians; normalised by mean/std",
                "mean": lmean, "std": lstd},
    "natoms_hist": hist,
    "rows": {k: len(v) for k, v in structs.items()},
    "split": how, "limit": limit, "seed": seed, "seconds": round(time.time() - t0),
}
json.dump(meta, open(os.path.join(out, "meta.json"), "w"), indent=1)
print(f"wrote {out}: rows {meta['rows']}, vocab {len(vocab)}, max_atoms {A}, {meta['seconds']}s")
