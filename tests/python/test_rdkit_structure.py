"""scripts/rdkit_structure.py, the eval's bridge to full RDKit: the protocol (one JSON line per SMILES, in
order, null for what RDKit cannot read) and that each field is what RDKit itself gives."""
import json
import os
import subprocess
import sys

from rdkit import Chem, RDConfig
from rdkit.Chem import AllChem
from rdkit.Chem.Scaffolds import MurckoScaffold

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "rdkit_structure.py")
sys.path.append(os.path.join(RDConfig.RDContribDir, "SA_Score"))
import sascorer  # noqa: E402

SMILES = ["CCOc1ccccc1C(=O)NC1CC1", "c1ccccc1", "CCO", "not a molecule", "O=C(Nc1ccccc1)c1ccc2ccccc2c1"]


def run(*flags):
    out = subprocess.run(["/usr/bin/python3", SCRIPT, *flags], input="\n".join(SMILES) + "\n", capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_rows_in_order_with_rdkits_values():
    rows = run()
    assert len(rows) == len(SMILES) and rows[3] is None
    for s, r in zip(SMILES, rows):
        mol = Chem.MolFromSmiles(s)
        if mol is None:
            continue
        assert abs(r["sa"] - sascorer.calculateScore(mol)) < 1e-6
        assert r["frags"] == Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(mol)).split(".")
        assert r["murcko"] == Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(mol))
    # MOSES's Scaf counts scaffolds of two rings or more: benzene and the acyclic molecule have none
    assert [r and r["scaffold"] for r in rows] == ["O=C(NC1CC1)c1ccccc1", None, None, None, "O=C(Nc1ccccc1)c1ccc2ccccc2c1"]
    assert rows[1]["murcko"] == "c1ccccc1" and rows[2]["murcko"] == ""


def test_sa_only():
    rows = run("--sa-only")
    assert [sorted(r) if r else None for r in rows] == [["sa"]] * 3 + [None, ["sa"]]
