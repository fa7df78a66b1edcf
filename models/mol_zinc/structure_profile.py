"""The structure profile of issue 24 (what a medicinal chemist would notice), over RDKit molecules: shared by
decoder_profile.py and profile_paired.py. Definitions are in decoder_profile.py's docstring."""
from collections import Counter

from rdkit import Chem, RDLogger
from rdkit.Chem import Fragments
from rdkit.Chem.Scaffolds import MurckoScaffold

RDLogger.DisableLog("rdApp.*")   # invalid decodes are expected; they are counted, not logged
BENZENE = Chem.CanonSmiles("c1ccccc1")


def parse(smiles: str):
    return Chem.MolFromSmiles(smiles) if smiles else None   # parses and sanitises; None when either fails


def profile(mols: list) -> tuple[dict, Counter]:
    """The structure fractions over molecules (all valid), and their pooled ring-size counts."""
    sizes = Counter()
    f = Counter()
    heavy = 0
    for m in mols:
        rings = m.GetRingInfo().AtomRings()
        sizes.update(len(r) for r in rings)
        f["ring_ge8"] += any(len(r) >= 8 for r in rings)
        f["ring_ge7"] += any(len(r) >= 7 for r in rings)
        f["aromatic_heterocycle"] += any(all(m.GetAtomWithIdx(i).GetIsAromatic() for i in r) and any(m.GetAtomWithIdx(i).GetAtomicNum() != 6 for i in r)
                                         for r in rings)
        f["allylic"] += Fragments.fr_allylic_oxid(m)
        f["stereocentre"] += len(Chem.FindMolChiralCenters(m, includeUnassigned=False, useLegacyImplementation=False)) > 0
        f["charged"] += any(a.GetFormalCharge() != 0 for a in m.GetAtoms())
        f["benzene_scaffold"] += Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(m)) == BENZENE
        f["multi_fragment"] += len(Chem.GetMolFrags(m)) > 1
        heavy += m.GetNumHeavyAtoms()
    k = max(1, len(mols))
    return ({"frac_ring_ge8": f["ring_ge8"] / k, "frac_ring_ge7": f["ring_ge7"] / k, "frac_aromatic_heterocycle": f["aromatic_heterocycle"] / k,
             "allylic_per_molecule": f["allylic"] / k, "frac_stereocentre": f["stereocentre"] / k, "frac_charged": f["charged"] / k,
             "frac_benzene_scaffold": f["benzene_scaffold"] / k, "frac_multi_fragment": f["multi_fragment"] / k, "heavy_atoms": heavy / k}, sizes)


def tvd(a: Counter, b: Counter) -> float:
    ta, tb = sum(a.values()) or 1, sum(b.values()) or 1
    return 0.5 * sum(abs(a[s] / ta - b[s] / tb) for s in set(a) | set(b))


def histogram(sizes: Counter) -> dict:
    total = sum(sizes.values()) or 1
    return {str(s): round(sizes[s] / total, 5) for s in sorted(sizes)}
