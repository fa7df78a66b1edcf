"""The crystal-flow models of one domain, stage by stage, for models/train.py:

  npm run train -- crystal [--smoke] [--from NAME] ...                    Perov-5 (static/models' crystal-perov5-*)
  npm run train -- models/crystal/stages_carbon24.py --models DIR ...     Carbon-24

prepare -> teacher -> predictors -> student (distilled from the teacher's annealed runs) -> ONNX export -> eval.
Every training stage runs with resume=1 and checkpoints every few minutes, so a stage cut off (a session that
ends, a kill) goes on from its last checkpoint when the runner starts it again. The flip side, as in
models/mol_zinc/stages.py: after --from NAME, a resumed stage goes on from whatever its checkpoint holds; delete
{data}/ckpt for a fresh start. The scripts' headers say what each does; models/crystal/README.md, why.
"""
DATA = "data/crystal/perov5"
PY = "/usr/bin/python3"
C = "models/crystal"
TINY = ["width=32", "layers=1", "heads=2", "pair=16", "freqs=3"]   # tests/python/test_crystal_pipeline.py's sizes

# The real sizes per domain. Perov-5's are the shipped models' (docs/experiments.md, "Crystals"): its teacher was
# stopped by the time limit, at step 21,817 of the 25,000 schedule. Carbon-24 cells hold up to 24 atoms against
# Perov-5's 5, so a step costs several times more and its batches are halved; its teacher takes more than one
# session (about 100 steps a minute on the two cores) and resumes.
FULL = {
    "perov5": {
        "teacher": ["steps=25000", "max_minutes=62"],
        "predictor": ["steps=4000"],
        "distill": ["trajectories=12288", "steps=6000"],
    },
    "carbon24": {
        "teacher": ["steps=20000", "batch_size=64"],
        "predictor": ["steps=4000", "batch_size=64"],
        "distill": ["trajectories=8192", "steps=6000", "batch_size=64"],
    },
}


def stages(data: str, models: str, domain: str = "perov5", evaluate: bool = True) -> list[dict]:
    ck = f"{data}/ckpt"
    full = FULL[domain]
    ids = [f"crystal-{domain}-{m}" for m in ("denoiser", "student", "predictor")]
    exported = [f"{models}/{id}.{ext}" for id in ids for ext in ("onnx", "json")] + [f"{models}/crystal-{domain}-train.bin"]
    eval_file = f"eval-crystal-{domain}.json" if models == "static/models" else f"{data}/eval-crystal-{domain}.json"
    out = [
        dict(name="prepare", command=[PY, f"{C}/prepare.py", f"domain={domain}", f"out={data}"],
             outputs=[f"{data}/meta.json", f"{data}/train.lattice.f32", f"{data}/test.lattice.f32"], smoke=["limit=40"]),
        dict(name="teacher", command=[PY, f"{C}/train.py", f"data={data}", f"out={ck}", "resume=1"], outputs=[f"{ck}/best.pt"],
             full=full["teacher"], smoke=["steps=20", "eval_every=10", "batch_size=16", *TINY]),
        dict(name="predictor", command=[PY, f"{C}/train_predictor.py", f"data={data}", f"out={ck}", "resume=1"], outputs=[f"{ck}/predictor.pt"],
             full=full["predictor"], smoke=["steps=20", "batch_size=16", "members=2", *TINY]),
        # the students learn the teacher's anti-annealed runs (anneal=5, README "Sampling: anti-annealing")
        dict(name="distill", command=[PY, f"{C}/distill.py", f"data={data}", f"teacher={ck}/best.pt", f"out={ck}", "anneal=5", "resume=1"],
             outputs=[f"{ck}/student.pt"], full=full["distill"],
             smoke=["trajectories=24", "teacher_steps=8", "gen_batch=12", "steps=6", "batch_size=8"]),
        dict(name="export", command=[PY, f"{C}/export.py", f"data={data}", f"ckpt={ck}", f"out={models}"], outputs=exported),
    ]
    if evaluate:
        # the studio's own generator in Node (scripts/eval-crystal.ts), so the domain must be registered in src/domains
        out.append(dict(name="eval", command=["npx", "tsx", "scripts/eval.ts", f"crystal-{domain}", "--models", models, "--out", eval_file],
                        outputs=[eval_file], full=["--samples", "1000", "--csp-rows", "500", "--csp-k", "1", "--target-samples", "1000"],
                        smoke=["--samples", "20", "--csp-rows", "4", "--target-samples", "10", "--reference-rows", "40"]))
    return out
