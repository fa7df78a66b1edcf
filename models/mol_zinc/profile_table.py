"""Markdown table of decoder_profile.py results, side by side with the test split's profile:

  /usr/bin/python3 models/mol_zinc/profile_table.py data/profile-a.json data/profile-b.json [...]
"""
import json
import sys

ROWS = [("valid (parsed and sanitised)", "valid", "{:.1%}"), ("discarded", "discarded", "{:.1%}"), ("unique among valid", "unique", "{:.1%}"),
        ("ring of >= 8 atoms", "frac_ring_ge8", "{:.1%}"), ("ring of >= 7 atoms", "frac_ring_ge7", "{:.1%}"),
        ("aromatic heterocycle", "frac_aromatic_heterocycle", "{:.1%}"), ("fr_allylic_oxid per molecule", "allylic_per_molecule", "{:.2f}"),
        (">= 1 specified stereocentre", "frac_stereocentre", "{:.1%}"), ("any charged atom", "frac_charged", "{:.1%}"),
        ("benzene as the whole Murcko scaffold", "frac_benzene_scaffold", "{:.1%}"), ("more than one fragment", "frac_multi_fragment", "{:.1%}"),
        ("heavy atoms (mean)", "heavy_atoms", "{:.1f}"), ("ring-size TVD to test", "ring_size_tvd", "{:.3f}"), ("exact reconstruction", "exact", "{:.1%}")]

runs = [(p, json.load(open(p))) for p in sys.argv[1:]]
cols = [(f"{r['tokens']} {part}", r[part]) for _, r in runs for part in ("prior", "recon")] + [("ZINC test", runs[0][1]["reference"])]
print("| | " + " | ".join(c for c, _ in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for label, key, fmt in ROWS:
    print(f"| {label} | " + " | ".join(fmt.format(r[key]) if key in r else "" for _, r in cols) + " |")
for p, r in runs:
    h = (r.get("vae_history") or [{}])[-1]
    print(f"\n{p}: {r['tokens']}, step {r['vae_step']}, {h.get('minutes')} min; trained by {r['vae_runs']}")
