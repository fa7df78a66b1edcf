"""Carbon-24's crystal-flow models, stage by stage (models/crystal/stages.py with domain carbon24):

  npm run train -- models/crystal/stages_carbon24.py --models DIR [--smoke] [--from NAME]

Its prepare stage groups 8,190 structures with pymatgen's StructureMatcher (about 70 min). There is no eval stage
yet: the eval runs the studio's generator, and Carbon-24 is not a domain of the studio until its models are in.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stages as base  # noqa: E402

DATA = "data/crystal/carbon24"


def stages(data: str, models: str) -> list[dict]:
    return base.stages(data, models, domain="carbon24", evaluate=False)
