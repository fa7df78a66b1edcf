#!/usr/bin/python3
"""What `npm run eval` needs from full RDKit that RDKit.js MinimalLib cannot compute exactly.

Run with Debian's RDKit (python3-rdkit), not a venv python. Reads SMILES, one a line, on stdin; writes one
JSON object a line on stdout, in input order ("null" where this RDKit cannot parse the SMILES):

    {"sa": 2.31, "frags": ["[4*]CC", ...], "scaffold": "c1ccc(C2CC2)cc1" | null, "murcko": "c1ccccc1" | ""}

- sa: the Ertl-Schuffenhauer synthetic accessibility score, RDKit's contributed sascorer (its Morgan count
  fingerprint with unhashed ids and fpscores table are not in MinimalLib; the studio's sa-mlp only predicts it);
- frags: BRICS fragments as MOSES counts them (FragmentOnBRICSBonds, the canonical SMILES split on '.');
- scaffold: the Bemis-Murcko scaffold as MOSES's Scaf counts it (None below 2 rings, so benzene is left out);
- murcko: the same scaffold's SMILES without that cut ('' for an acyclic molecule), for "benzene is the
  whole scaffold".

`--sa-only` writes {"sa": ...} alone: the training-split sample and the target runs need nothing else.
"""
import json
import sys

from rdkit import Chem, RDConfig, RDLogger
from rdkit.Chem import AllChem
from rdkit.Chem.Scaffolds import MurckoScaffold

sys.path.append(f'{RDConfig.RDContribDir}/SA_Score')
import sascorer  # noqa: E402  (lives in RDKit's Contrib directory, found through the path above)

MIN_SCAFFOLD_RINGS = 2  # MOSES compute_scaffolds' default


def row(smiles, sa_only):
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return None
    out = {'sa': round(sascorer.calculateScore(mol), 6)}
    if sa_only:
        return out
    # FragmentOnBRICSBonds cuts every BRICS bond and caps both ends with dummy atoms labelled by rule.
    out['frags'] = Chem.MolToSmiles(AllChem.FragmentOnBRICSBonds(mol)).split('.')
    try:
        scaffold = MurckoScaffold.GetScaffoldForMol(mol)
        murcko = Chem.MolToSmiles(scaffold)
        rings = scaffold.GetRingInfo().NumRings()
    except (ValueError, RuntimeError):  # MOSES drops a molecule whose scaffold RDKit cannot make
        murcko, rings = None, 0
    out['murcko'] = murcko
    out['scaffold'] = murcko if murcko and rings >= MIN_SCAFFOLD_RINGS else None
    return out


def main():
    RDLogger.DisableLog('rdApp.*')
    sa_only = '--sa-only' in sys.argv[1:]
    out = sys.stdout
    for line in sys.stdin:
        out.write(json.dumps(row(line.strip(), sa_only), separators=(',', ':')) + '\n')


if __name__ == '__main__':
    main()
