"""Smoke test of the crystal pipeline on a few dozen structures: prepare -> train (and resume) -> predictors ->
sample (de novo, guided, structure prediction) -> check.py -> ONNX export, with the ONNX files run by
onnxruntime-web (WASM, in Node) against PyTorch; plus the denoiser's symmetries and the SMACT port."""
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# models/sa and models/crystal both hold a model.py: load this one under its own name, so that the module name
# "model" stays free for the SA tests collected in the same pytest run.
import importlib.util  # noqa: E402
_spec = importlib.util.spec_from_file_location("crystal_model", os.path.join(ROOT, "models", "crystal", "model.py"))
crystal_model = importlib.util.module_from_spec(_spec)
sys.modules["crystal_model"] = crystal_model
_spec.loader.exec_module(crystal_model)
CrystalConfig, Denoiser, sample = crystal_model.CrystalConfig, crystal_model.Denoiser, crystal_model.sample

PY = "/usr/bin/python3"
TINY = ["width=32", "layers=1", "heads=2", "pair=16", "freqs=3"]


def run(cmd):
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res.stdout


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crystal")
    data, ck, out = tmp / "perov5", tmp / "perov5" / "ckpt", tmp / "models"
    run([PY, "models/crystal/prepare.py", "domain=perov5", "limit=40", f"out={data}"])
    run([PY, "models/crystal/train.py", f"data={data}", "steps=20", "eval_every=10", "batch_size=16", *TINY])
    run([PY, "models/crystal/train.py", f"data={data}", "steps=30", "eval_every=10", "batch_size=16", "resume=1", *TINY])
    run([PY, "models/crystal/train_predictor.py", f"data={data}", "steps=20", "batch_size=16", "members=2", *TINY])
    run([PY, "models/crystal/sample.py", f"data={data}", "n=12", "steps=3", "w=2", "target=dir_gap:1.0", f"cif_dir={tmp / 'cifs'}"])
    run([PY, "models/crystal/sample.py", f"data={data}", "csp=1", "csp_limit=6", "csp_k=2", "steps=3"])
    run([PY, "models/crystal/distill.py", f"data={data}", "trajectories=24", "teacher_steps=8", "gen_batch=12", "steps=6", "batch_size=8"])
    run([PY, "models/crystal/sample.py", f"data={data}", f"ckpt={ck / 'student.pt'}", "n=8", "steps=2", "w=2", "target=heat_ref:1.0", f"out={data / 'student.npz'}"])
    run([PY, "models/crystal/export.py", f"data={data}", f"out={out}"])
    return tmp, data, ck, out


def test_prepare(pipeline):
    _, data, _, _ = pipeline
    meta = json.load(open(data / "meta.json"))
    assert meta["props"] == ["heat_ref", "dir_gap", "ind_gap"] and meta["max_atoms"] == 5
    assert meta["rows"]["test"] == 40 and meta["rows"]["train"] + meta["rows"]["valid"] == 80
    n = meta["rows"]["train"]
    lat = np.fromfile(data / "train.lattice.f32", dtype=np.float32).reshape(n, 6)
    frac = np.fromfile(data / "train.frac.f32", dtype=np.float32).reshape(n, 5, 3)
    assert (lat[:, :3] > 2).all() and np.allclose(lat[:, 3:], 90, atol=1)   # cubic perovskites
    assert (frac >= 0).all() and (frac < 1).all()
    assert (np.fromfile(data / "train.natoms.u8", dtype=np.uint8) == 5).all()


def test_train_resumes(pipeline):
    _, _, ck, _ = pipeline
    st = torch.load(ck / "ckpt.pt")
    assert st["step"] == 30 and len(st["runs"]) == 2 and "resume=1" in st["runs"][1]
    assert [h["step"] for h in st["history"]] == [10, 20, 30]
    assert os.path.exists(ck / "best.pt") and os.path.exists(ck / "predictor.pt")
    stu = torch.load(ck / "student.pt")
    assert stu["cfg"]["student"] and stu["step"] == 6 and stu["ks"] == [1, 2, 4]
    traj = torch.load(ck / "trajectories.pt")
    assert traj["lat"].shape == (24, 5, 6) and traj["frac"].shape == (24, 5, 5, 3)


def test_check_reports(pipeline):
    tmp, data, _, _ = pipeline
    res = json.loads(run([PY, "models/crystal/check.py", f"data={data}"]))
    assert res["n"] == 12 and 0 <= res["struct_validity"] <= 1 and 0 <= res["comp_validity"] <= 1
    csp = json.loads(run([PY, "models/crystal/check.py", f"data={data}", f"samples={data / 'samples-csp.npz'}"]))
    assert csp["csp"]["k"] == 2 and csp["csp"]["compositions"] == 6
    z = np.load(data / "samples-csp.npz")
    test_sp = np.fromfile(data / "test.species.u8", dtype=np.uint8).reshape(-1, 5)
    assert (z["species"] == test_sp[z["rows"]]).all()     # structure prediction keeps the given species
    assert len(os.listdir(tmp / "cifs")) >= 10


def test_onnx_matches_torch(pipeline, tmp_path):
    _, data, ck, out = pipeline
    for id in ["crystal-perov5-denoiser", "crystal-perov5-student", "crystal-perov5-predictor"]:
        card = json.load(open(out / f"{id}.json"))
        model = onnx.load(out / f"{id}.onnx")
        onnx.checker.check_model(model)
        assert "Reshape" not in {n.op_type for n in model.graph.node}, id
        assert [i.name for i in model.graph.input] == [s["name"] for s in card["inputs"]], id
        assert card["bytes"] == os.path.getsize(out / f"{id}.onnx") and card["opset"] == 17
        diff = json.loads(run(["node", "tests/python/onnx_reference.mjs", str(out / f"{id}.onnx"), str(out / f"{id}.json")]))
        assert max(diff.values()) < 1e-4, (id, diff)
    # another batch size and atom count than the export's example: the graph has no fixed shapes
    st = torch.load(ck / "best.pt")
    den = Denoiser(CrystalConfig(**st["cfg"])).eval()
    den.load_state_dict(st["ema"])
    for p in den.parameters():   # the file stores large weights as float16
        if p.numel() >= 1024:
            p.data = p.data.half().float()
    V, P = st["cfg"]["vocab"], st["cfg"]["props"]
    g = torch.Generator().manual_seed(1)
    args = [torch.randn(3, 6, generator=g), torch.rand(3, 3, 3, generator=g), torch.randn(3, 3, V, generator=g), torch.ones(3, 3),
            torch.rand(3, generator=g), torch.randn(3, P, generator=g), torch.ones(3, P), torch.zeros(3)]
    with torch.no_grad():
        vl, vf, logits = den(*args)
    names = ["lattice", "frac", "species", "mask", "t", "c", "m", "given"]
    ref = {"reference": {"inputs": {n: a.flatten().tolist() for n, a in zip(names, args)}, "shapes": {n: list(a.shape) for n, a in zip(names, args)},
                         "outputs": {"v_lattice": vl.flatten().tolist(), "v_frac": vf.flatten().tolist(), "p_species": torch.softmax(logits, -1).flatten().tolist()}}}
    json.dump(ref, open(tmp_path / "ref.json", "w"))
    diff = json.loads(run(["node", "tests/python/onnx_reference.mjs", str(out / "crystal-perov5-denoiser.onnx"), str(tmp_path / "ref.json")]))
    assert max(diff.values()) < 1e-4, diff


def test_denoiser_symmetries():
    torch.manual_seed(0)
    cfg = CrystalConfig(vocab=7, props=2, width=32, layers=2, heads=2, pair=16, freqs=3)
    den = Denoiser(cfg).eval()
    B, N = 3, 6
    lat, f, s = torch.randn(B, 6), torch.rand(B, N, 3), torch.randn(B, N, 7)
    mask = torch.ones(B, N)
    mask[0, 4:] = 0
    s = s * mask.unsqueeze(-1)
    t, c, m, g = torch.rand(B), torch.randn(B, 2), torch.ones(B, 2), torch.zeros(B)
    with torch.no_grad():
        base = den(lat, f, s, mask, t, c, m, g)
        # a global translation and a whole-cell shift of one atom change nothing
        f2 = torch.remainder(f + torch.rand(B, 1, 3), 1.0)
        f2[:, 1] += 1.0
        moved = den(lat, f2, s, mask, t, c, m, g)
        perm = torch.tensor([3, 1, 5, 0, 2, 4])
        permuted = den(lat, f[:, perm], s[:, perm], mask[:, perm], t, c, m, g)
        padded = den(lat, torch.where(mask.unsqueeze(-1) > 0, f, torch.rand(B, N, 3)), s, mask, t, c, m, g)
    for a, b in zip(base, moved):
        assert torch.allclose(a, b, atol=1e-4)
    assert torch.allclose(base[0], permuted[0], atol=1e-4) and torch.allclose(base[1][:, perm], permuted[1], atol=1e-4)
    assert torch.allclose(base[0][0], padded[0][0], atol=1e-5)   # padding rows are invisible
    lat_s, frac_s, spec_s, mask_s = sample(den, torch.tensor([4, 6]), torch.zeros(2, 2), torch.zeros(2, 2), torch.ones(2), steps=2, max_atoms=6)
    assert (spec_s[0, 4:] == -1).all() and (spec_s[1] >= 0).all() and (frac_s >= 0).all() and (frac_s < 1).all()


def test_smact_port():
    sys.argv = ["check.py", "samples=/nonexistent"]   # check.py parses key=value from argv at import time
    import importlib.util
    spec = importlib.util.spec_from_file_location("crystal_check_tables", os.path.join(ROOT, "models", "crystal", "check.py"))
    src = open(spec.origin).read().split("def structures(")[0]   # the tables and the SMACT functions only
    ns = {"__file__": spec.origin}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(src, spec.origin, "exec"), ns)
    finally:
        os.chdir(cwd)
    ok = ns["smact_valid"]
    assert ok(["Sr", "Ti", "O", "O", "O"]) and ok(["Na", "Cl"]) and ok(["C"] * 8) and ok(["Fe", "Ni"])
    assert not ok(["Na", "Na", "Cl"]) and not ok(["Ne", "O"]) and not ok(["Ba", "O", "O", "O"])
    # the same verdicts as the app's TypeScript on random compositions over the Perov-5 elements and a few more
    rng = np.random.default_rng(0)
    els = "H Li Be B C N O F Na Mg Al Si S Cl K Ca Ti V Mn Fe Co Ni Cu Zn Ga Ge As Se Br Sr Y Zr Nb Mo Ag Sn Sb Te I Cs Ba La Pb Bi Ne".split()
    comps = [[e for e in rng.choice(els, rng.integers(2, 5), replace=False) for _ in range(rng.integers(1, 4))] for _ in range(300)]
    res = subprocess.run(["npx", "tsx", "tests/python/smact_ts.ts"], cwd=ROOT, input=json.dumps(comps), capture_output=True, text=True)
    assert res.returncode == 0, res.stderr[-2000:]
    ts = json.loads(res.stdout.strip().splitlines()[-1])
    py = [ok(c) for c in comps]
    assert py == ts, [c for c, a, b in zip(comps, py, ts) if a != b][:5]
    assert 0.05 < np.mean(py) < 0.95                          # both verdicts occur


def test_carbon_split_groups(tmp_path):
    out = tmp_path / "carbon"
    run([PY, "models/crystal/prepare.py", "domain=carbon24", "limit=8", f"out={out}", "test_frac=0.3"])
    meta = json.load(open(out / "meta.json"))
    assert meta["vocab"] == ["C"] and meta["props"] == ["energy_per_atom", "density"]
    assert sum(meta["rows"].values()) == meta["split"]["groups"] <= meta["split"]["structures"] == 8 * 7


def test_distill_variants_run(pipeline, tmp_path):
    # The two distillation variants the README reports (species head on the teacher's path; a density term):
    # they train from the same teacher runs and write a student that samples.
    _, data, ck, _ = pipeline
    for extra in (["spec_target=path"], ["lam_density=1"]):
        out = tmp_path / extra[0].split("=")[0]
        out.mkdir()
        shutil.copy(ck / "trajectories.pt", out / "trajectories.pt")
        log = run([PY, "models/crystal/distill.py", f"data={data}", f"out={out}", "steps=6", "batch_size=8", *extra])
        assert "reusing" in log
        state = torch.load(out / "student.pt")
        assert state["spec_target"] == ("path" if extra[0].startswith("spec") else "final") and state["step"] == 6
        run([PY, "models/crystal/sample.py", f"data={data}", f"ckpt={out / 'student.pt'}", "n=4", "steps=2", f"out={out / 's.npz'}"])
