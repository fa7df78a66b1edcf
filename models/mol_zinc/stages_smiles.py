"""The mol-zinc generator with a SMILES decoder, the one that may fail (issue 24; docs/experiments-decoder.md):
the same stages as stages.py over SMILES tokens, without the decoder-only VAE stages, and with each sampled
latent's decode checked by RDKit.js before the latent confidence head learns from it.

  npm run train -- models/mol_zinc/stages_smiles.py --models data/mol_smiles/models [--smoke] [--from NAME]

Until its eval beats the shipped SELFIES chain it trains beside it (pass --models; static/models stays SELFIES).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stages as base  # noqa: E402

DATA = "data/mol_smiles"


def stages(data: str, models: str) -> list[dict]:
    return base.stages(data, models, tokens="smiles")
