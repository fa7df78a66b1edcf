"""Cross-check of the app's crystal metrics (src/domain/metrics/crystal.ts, run through npx tsx) with pymatgen on
about 50 CIFs: Perov-5 and Carbon-24 test structures, some with their coordinates redrawn at random (so that
structural validity has both verdicts) and some with their A site swapped for an alkali (so that SMACT has both).
Compared: per-structure structural validity (CDVAE's rule on pymatgen's distance matrix), compositional validity
(the SMACT port of models/crystal/check.py, itself checked against the TypeScript in test_crystal_pipeline.py),
density, and the W1 distances of density and element count of the valid ones against 300 test rows."""
import json
import os
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")
from pymatgen.core import Structure  # noqa: E402
from pymatgen.io.cif import CifWriter  # noqa: E402
from scipy.stats import wasserstein_distance  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data")
REF_ROWS = 300


def smact_valid():
    path = os.path.join(ROOT, "models", "crystal", "check.py")
    argv, sys.argv = sys.argv, ["check.py", "samples=/nonexistent"]   # check.py parses key=value from argv at import
    src = open(path).read().split("def structures(")[0]   # the tables and the SMACT functions only
    ns = {"__file__": path}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(src, path, "exec"), ns)
    finally:
        os.chdir(cwd)
        sys.argv = argv
    return ns["smact_valid"]


def struct_valid(s):
    if not s.volume >= 0.1:
        return False
    if len(s) == 1:
        return True
    d = s.distance_matrix + np.eye(len(s)) * 1e9
    return bool(d.min() >= 0.5)


def test_metrics_agree_with_pymatgen(tmp_path):
    rng = np.random.default_rng(0)
    perov = pd.read_csv(os.path.join(DATA, "cdvae_perov_5", "test.csv"))
    carbon = pd.read_csv(os.path.join(DATA, "cdvae_carbon_24", "test.csv"))
    structs = [Structure.from_str(c, fmt="cif") for c in perov.cif[:30]] + [Structure.from_str(c, fmt="cif") for c in carbon.cif[:10]]
    for s in structs[:10]:                     # redrawn coordinates: some overlap
        s2 = Structure(s.lattice, s.species, rng.random((len(s), 3)))
        structs.append(s2)
    for s in structs[10:15]:                   # an alkali on the first site
        s2 = s.copy()
        s2.replace(0, "K")
        structs.append(s2)
    for i, s in enumerate(structs):
        CifWriter(s).write_file(str(tmp_path / f"s{i:03d}.cif"))
    ok = smact_valid()
    py_struct = [struct_valid(s) for s in structs]
    py_comp = [ok([site.specie.symbol for site in s]) for s in structs]
    assert 0 < sum(py_struct) < len(structs) and 0 < sum(py_comp) < len(structs)
    ref = [Structure.from_str(c, fmt="cif") for c in perov.cif[:REF_ROWS]]
    valid = [s for s, a, b in zip(structs, py_struct, py_comp) if a and b]
    py_w1 = wasserstein_distance([s.density for s in valid], [s.density for s in ref])
    py_w1n = wasserstein_distance([len(s.composition.elements) for s in valid], [len(s.composition.elements) for s in ref])

    q = {"dir": str(tmp_path), "reference": os.path.join(DATA, "cdvae_perov_5", "test.csv"), "rows": REF_ROWS}
    res = subprocess.run(["npx", "tsx", "tests/python/crystal_metrics_ts.ts"], cwd=ROOT, input=json.dumps(q), capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    ts = json.loads(res.stdout.strip().splitlines()[-1])
    assert ts["names"] == [f"s{i:03d}.cif" for i in range(len(structs))]
    assert ts["struct"] == py_struct
    assert ts["comp"] == py_comp
    np.testing.assert_allclose(ts["density"], [float(s.density) for s in structs], rtol=1e-6)
    assert abs(ts["w1_density"] - py_w1) < 1e-6
    assert abs(ts["w1_nelements"] - py_w1n) < 1e-9
