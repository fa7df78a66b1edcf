"""Decoders compared on the same test molecules (decoder_profile.py's {out}.recon.smi files, row i = test molecule i).

  /usr/bin/python3 models/mol_zinc/profile_paired.py data/mol/test.smi data/profile-a.recon.smi data/profile-b.recon.smi

A decoder that may fail is profiled on the molecules it got valid, which may be the easy ones; here every file is
profiled on the rows where all of them are valid, beside the input molecules of those rows, and each file on the
rows where some other decoder failed (what the failures would have been, in a decoder that cannot fail).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from structure_profile import parse, profile, tvd  # noqa: E402

KEYS = ["frac_ring_ge8", "frac_ring_ge7", "frac_aromatic_heterocycle", "allylic_per_molecule", "frac_stereocentre", "frac_charged",
        "frac_benzene_scaffold", "heavy_atoms"]


def lines(path):
    return open(path).read().split("\n")


test, files = sys.argv[1], sys.argv[2:]
inputs = [parse(s) for s in lines(test) if s]
decodes = {f: [parse(s) for s in lines(f)[: len(inputs)]] for f in files}
n = min(len(d) for d in decodes.values())
all_valid = [i for i in range(n) if all(decodes[f][i] is not None for f in files)]
some_failed = [i for i in range(n) if not all(decodes[f][i] is not None for f in files)]
ref, ref_sizes = profile([inputs[i] for i in all_valid])
out = {"rows": n, "all_valid": len(all_valid), "inputs_of_all_valid": ref}
for f in files:
    p, sizes = profile([decodes[f][i] for i in all_valid])
    q, _ = profile([decodes[f][i] for i in some_failed if decodes[f][i] is not None])
    out[f] = {"on_all_valid": {**p, "ring_size_tvd_to_inputs": tvd(sizes, ref_sizes)},
              "on_rows_another_failed": {"rows": sum(decodes[f][i] is not None for i in some_failed), **q}}
json.dump(out, sys.stdout, indent=1)
print()
cols = [("inputs", ref)] + [(f"{os.path.basename(f)} (all valid)", out[f]["on_all_valid"]) for f in files] + \
       [(f"{os.path.basename(f)} (another failed)", out[f]["on_rows_another_failed"]) for f in files]
print(f"\n{len(all_valid)} of {n} rows valid in every file\n\n| | " + " | ".join(c for c, _ in cols) + " |\n" + "|---" * (len(cols) + 1) + "|")
for k in KEYS + ["ring_size_tvd_to_inputs"]:
    print(f"| {k} | " + " | ".join("" if k not in r else f"{r[k]:.3f}" for _, r in cols) + " |")
