"""The brute-force alternative the cost line compares against: GFN2-xTB (geometry optimisation, then the
HOMO-LUMO gap) on every candidate instead of a small predictor. Times it on one core for molecules drawn from
the ZINC250k test split, and writes the per-molecule seconds the studio shows (static/models/brute-force.json).

usage: /usr/bin/python3 scripts/xtb_cost.py [n=40] [seed=0] [out=static/models/brute-force.json]
Needs Debian's xtb (apt-get install xtb) and python3-rdkit. 3D input from RDKit ETKDG + MMFF, as the oracle
would get it; `xtb in.xyz --opt --gfn 2 -P 1` in a fresh directory per molecule (stack-notes: two -P 1 jobs
beat one -P 2 job, so a core per molecule is the fair unit).
"""
import datetime
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from rdkit import Chem
from rdkit.Chem import AllChem

args = dict(a.split("=", 1) for a in sys.argv[1:])
n = int(args.get("n", 40))
seed = int(args.get("seed", 0))
out = args.get("out", "static/models/brute-force.json")
here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "..", "shared", "data", "zinc250k", "dd_vae_split", "test.csv.gz")
smiles = [l.strip() for l in gzip.open(path, "rt") if l.strip()]
random.Random(seed).shuffle(smiles)

times, gaps, used = [], [], []
for s in smiles:
    if len(times) >= n:
        break
    m = Chem.AddHs(Chem.MolFromSmiles(s))
    if AllChem.EmbedMolecule(m, randomSeed=seed) != 0:
        continue
    AllChem.MMFFOptimizeMolecule(m)
    d = tempfile.mkdtemp()
    try:
        Chem.MolToXYZFile(m, os.path.join(d, "in.xyz"))
        t0 = time.perf_counter()
        r = subprocess.run(["xtb", "in.xyz", "--opt", "--gfn", "2", "-P", "1", "--json"], cwd=d, capture_output=True, text=True,
                           env={**os.environ, "OMP_NUM_THREADS": "1", "OMP_STACKSIZE": "1G"})
        dt = time.perf_counter() - t0
        if r.returncode != 0 or not os.path.exists(os.path.join(d, "xtbout.json")):
            continue
        gaps.append(json.load(open(os.path.join(d, "xtbout.json")))["HOMO-LUMO gap/eV"])
        times.append(dt)
        used.append(s)
    finally:
        shutil.rmtree(d)

res = {
    "what": "GFN2-xTB geometry optimisation and HOMO-LUMO gap of one drug-like molecule on one CPU core",
    "seconds_per_molecule": {"median": round(statistics.median(times), 3), "mean": round(statistics.mean(times), 3),
                             "min": round(min(times), 3), "max": round(max(times), 3)},
    "molecules": len(times),
    "source": "ZINC250k test split (dd_vae_split/test.csv.gz), shuffled with seed %d" % seed,
    "command": "/usr/bin/python3 scripts/xtb_cost.py n=%d seed=%d" % (n, seed),
    "xtb": subprocess.run(["xtb", "--version"], capture_output=True, text=True).stdout.split("version")[1].split()[0],
    "cpu": open("/proc/cpuinfo").read().split("model name")[1].split("\n")[0].split(":", 1)[1].strip(),
    "date": datetime.date.today().isoformat(),
}
json.dump(res, open(out, "w"), indent=1)
print(json.dumps(res))
