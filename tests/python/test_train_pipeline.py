"""models/train.py (npm run train -- FAMILY): the resume rules on a fake family of three stages that take no time,
then the mol-zinc and SA families end to end at their --smoke size, as CI runs them."""
import importlib.util
import json
import os
import signal
import subprocess
import textwrap
import time

import numpy as np
import onnx
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = "/usr/bin/python3"

# A fake family whose stages are this same file run as a script: each appends its name to ran.txt and writes its
# output; b fails while the file `fail` exists, and hangs (after appending "b-start") while `hang` exists.
# STAGE_ARG, when set, changes c's command.
FAKE = textwrap.dedent('''
    import os, sys, time
    DATA = "unused"

    def stages(data, models):
        return [dict(name=n, command=["/usr/bin/python3", __file__, data, n], outputs=[f"{data}/{n}.out"],
                     full=[os.environ.get("STAGE_ARG", "")] if n == "c" else [], smoke=["tiny"])
                for n in ("a", "b", "c")]

    if __name__ == "__main__":
        d, name = sys.argv[1], sys.argv[2]
        log = lambda s: open(os.path.join(d, "ran.txt"), "a").write(s + "\\n")
        if name == "b" and os.path.exists(os.path.join(d, "hang")):
            log("b-start")
            time.sleep(60)
        log(name)
        print("stage", name, "says hello")
        if name == "b" and os.path.exists(os.path.join(d, "fail")):
            sys.exit(3)
        open(os.path.join(d, name + ".out"), "w").write(name)
''')


@pytest.fixture
def fake(tmp_path):
    family = tmp_path / "stages.py"
    family.write_text(FAKE)
    data = tmp_path / "data"

    def train(*args, env=None):
        return subprocess.run([PY, "models/train.py", str(family), "--data", str(data), "--models", str(tmp_path / "models"), *args],
                              cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})})

    def ran():
        path = data / "ran.txt"
        return path.read_text().split() if path.exists() else []

    return train, ran, data


def test_list_shows_the_order_and_what_runs_next(fake):
    train, ran, data = fake
    out = train("--list").stdout.splitlines()
    assert [line.split()[1] for line in out] == ["a", "b", "c"]
    assert all("run next" in line for line in out) and ran() == []
    assert train("--to", "a").returncode == 0
    out = train("--list").stdout.splitlines()
    assert "done" in out[0] and "run next" in out[1] and "run next" in out[2]


def test_a_failure_stops_the_run_and_the_rerun_starts_at_the_failed_stage(fake):
    train, ran, data = fake
    data.mkdir()
    (data / "fail").touch()
    res = train()
    assert res.returncode != 0
    assert "stage b failed (exit 3)" in res.stderr and str(data / "logs" / "b.log") in res.stderr
    assert "stage b says hello" in (data / "logs" / "b.log").read_text()
    assert ran() == ["a", "b"]
    assert (data / ".stages" / "a.done").exists() and not (data / ".stages" / "b.done").exists()
    (data / "fail").unlink()
    assert train().returncode == 0
    assert ran() == ["a", "b", "b", "c"]                                  # a was done: not run again
    res = train()
    assert res.returncode == 0 and "every stage is done" in res.stdout and ran() == ["a", "b", "b", "c"]


def test_a_killed_run_resumes_at_the_stage_it_was_in(fake):
    train, ran, data = fake
    data.mkdir()
    (data / "hang").touch()
    proc = subprocess.Popen([PY, "models/train.py", str(data.parent / "stages.py"), "--data", str(data), "--models", str(data.parent / "models")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 30
        while "b-start" not in ran():
            assert time.time() < deadline and proc.poll() is None, "stage b never started"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)   # the runner and its stage, as a kill -9 or a lost machine would
        proc.wait()
    assert ran() == ["a", "b-start"] and not (data / ".stages" / "b.done").exists()
    (data / "hang").unlink()
    assert train().returncode == 0
    assert ran() == ["a", "b-start", "b", "c"]


def test_a_missing_output_or_an_edited_command_reruns_from_that_stage(fake):
    train, ran, data = fake
    assert train().returncode == 0
    (data / "b.out").unlink()
    assert train().returncode == 0 and ran() == ["a", "b", "c", "b", "c"]
    assert train(env={"STAGE_ARG": "more"}).returncode == 0 and ran()[-1] == "c" and len(ran()) == 6   # c's command changed


def test_from_to_and_only(fake):
    train, ran, data = fake
    assert train().returncode == 0
    assert train("--from", "b", "--to", "b").returncode == 0 and ran()[3:] == ["b"]
    assert train().returncode == 0 and ran()[4:] == ["c"]                # --from made c not done: it read b's output
    assert train("--only", "a").returncode == 0 and ran()[5:] == ["a"]
    assert "every stage is done" in train().stdout                       # --only leaves the others' markers alone
    res = train("--from", "nope")
    assert res.returncode != 0 and "no stage 'nope'" in res.stderr


def test_smoke_never_writes_the_shipped_models(fake):
    train, _, _ = fake
    res = train("--smoke", "--models", "static/models")
    assert res.returncode != 0 and "never writes to static/models" in res.stderr


def strict_json(path):
    # JSON.parse (the app, the eval) rejects the NaN and Infinity Python's json writes by default
    def reject(c):
        raise ValueError(f"{path}: {c} is not JSON")
    return json.loads(path.read_text(), parse_constant=reject)


def test_mol_zinc_smoke_end_to_end(tmp_path):
    spec = importlib.util.spec_from_file_location("mol_zinc_stages", os.path.join(ROOT, "models", "mol_zinc", "stages.py"))
    mz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mz)
    data, models = tmp_path / "data", tmp_path / "models"
    shipped = {f: os.path.getmtime(os.path.join(ROOT, "static", "models", f)) for f in os.listdir(os.path.join(ROOT, "static", "models"))}
    res = subprocess.run([PY, "models/train.py", "mol-zinc", "--smoke", "--data", str(data), "--models", str(models)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    names = [s["name"] for s in mz.stages(str(data), str(models))]
    assert sorted(p.name for p in (data / ".stages").iterdir()) == sorted(f"{n}.done" for n in names)
    assert sorted(p.name for p in (data / "logs").iterdir()) == sorted(f"{n}.log" for n in names)
    for id in mz.EXPORTED:
        card = strict_json(models / f"mol-zinc-{id}.json")
        onnx.checker.check_model(onnx.load(models / f"mol-zinc-{id}.onnx"))
        assert card["bytes"] == os.path.getsize(models / f"mol-zinc-{id}.onnx")
    # the cards stage wrote the eval's numbers into the samplers' cards
    assert strict_json(models / "mol-zinc-student-k4.json")["metrics"]["eval"]["file"] == str(data / "eval-mol-zinc.json")
    assert strict_json(data / "eval-mol-zinc.json")["settings"]["reference_rows"] == 200
    assert {f: os.path.getmtime(os.path.join(ROOT, "static", "models", f)) for f in os.listdir(os.path.join(ROOT, "static", "models"))} == shipped
    res = subprocess.run([PY, "models/train.py", "mol-zinc", "--smoke", "--data", str(data), "--models", str(models)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0 and "every stage is done" in res.stdout


def test_mol_zinc_smiles_smoke_end_to_end(tmp_path):
    # The SMILES decoder's chain (issue 24): the same stages on SMILES tokens, with the decodes' validity checked
    # before the confidence head learns. Its tiny decoder may spell no molecule at all; every stage must still
    # write what the next reads, and the cards must say which tokens the decoder writes and how many parse.
    data, models = tmp_path / "data", tmp_path / "models"
    res = subprocess.run([PY, "models/train.py", "models/mol_zinc/stages_smiles.py", "--smoke", "--data", str(data), "--models", str(models)],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert json.load(open(data / "meta.json"))["tokens"] == "smiles"
    assert (data / ".stages" / "decoder-z2.done").exists() and not (data / ".stages" / "decoder-z3.done").exists()
    rows = len(np.fromfile(data / "train.prior.props.f32", dtype=np.float32)) // 5
    valid = np.fromfile(data / "train.prior.valid.u8", dtype=np.uint8)
    assert len(valid) == rows and set(valid.tolist()) <= {0, 1}
    for id in ["encoder", "decoder", "decoder-init"]:
        assert strict_json(models / f"mol-zinc-{id}.json")["name"].startswith("SMILES VAE")
    for id in ["encoder", "decoder"]:   # the cards whose vocabulary the browser reads
        assert strict_json(models / f"mol-zinc-{id}.json")["vocab"]["kind"] == "smiles"
    decodes = strict_json(models / "mol-zinc-decoder.json")["decodes"]
    labelled = ~np.isnan(np.fromfile(data / "train.prior.props.f32", dtype=np.float32).reshape(rows, 5)).any(1)
    assert decodes["rows"] == rows and decodes["valid"] == pytest.approx(labelled.mean(), abs=1e-4)
    assert strict_json(data / "eval-mol-zinc.json")["variants"]


def test_sa_smoke_end_to_end(tmp_path):
    data, models = tmp_path / "data", tmp_path / "models"
    res = subprocess.run([PY, "models/train.py", "sa", "--smoke", "--data", str(data), "--models", str(models)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    card = strict_json(models / "sa-mlp.json")
    assert card["bytes"] == os.path.getsize(models / "sa-mlp.onnx")
    assert sorted(p.name for p in (data / ".stages").iterdir()) == ["export.done", "prepare.done", "train.done"]


@pytest.mark.parametrize("family,domain,stages", [
    ("crystal", "perov5", ["prepare", "teacher", "predictor", "distill", "export", "eval"]),
    ("models/crystal/stages_carbon24.py", "carbon24", ["prepare", "teacher", "predictor", "distill", "export"]),
])
def test_crystal_smoke_end_to_end(tmp_path, family, domain, stages):
    # One command per crystal domain (issue 23): prepare -> teacher -> predictors -> student -> ONNX, and for a
    # domain the studio has, its eval through the studio's own generator on the models just written.
    data, models = tmp_path / "data", tmp_path / "models"
    res = subprocess.run([PY, "models/train.py", family, "--smoke", "--data", str(data), "--models", str(models)], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert sorted(p.name for p in (data / ".stages").iterdir()) == sorted(f"{s}.done" for s in stages)
    assert json.load(open(data / "meta.json"))["domain"] == domain
    for id in ["denoiser", "student", "predictor"]:
        card = strict_json(models / f"crystal-{domain}-{id}.json")
        assert card["bytes"] == os.path.getsize(models / f"crystal-{domain}-{id}.onnx")
    if "eval" in stages:
        ev = strict_json(data / f"eval-crystal-{domain}.json")
        assert [v["sampler"] for v in ev["variants"]] == ["student-k1", "student-k2", "student-k4", "teacher"]
        assert all(0 <= v["metrics"]["struct_validity"] <= 1 for v in ev["variants"])
