"""Retrain a model family with one command: its stages, declared in models/<family>/stages.py, run in order.

  npm run train -- FAMILY [--smoke] [--list] [--from NAME] [--to NAME] [--only NAME] [--data DIR] [--models DIR]
  (or /usr/bin/python3 models/train.py ...; FAMILY is mol-zinc, sa, crystal, or a path to a stages.py)

Each stage is one command (a training script with its key=value overrides, or a Node script) that writes files
the next stage reads. A stage counts as done when its marker {data}/.stages/NAME.done exists, holds the command
it ran, and every file it lists as output exists; the marker is written only after the command exits 0. A run
starts at the first stage that is not done and goes on to the last, so a run that failed or was killed resumes
at the stage it was in. Each stage's output goes to {data}/logs/NAME.log; the first failure stops the run with
the stage's name and its log.

--smoke runs every stage at the tiny sizes the pytest smoke tests use, into data/smoke-<dir> (models into its
models/ subfolder), never over static/models: CI runs it. --from NAME reruns from NAME on (whatever is done);
--to NAME stops after NAME; --only NAME runs that stage alone; --list shows the stages and which are done.

Python and not TypeScript: the runner sits beside the training scripts and their pytest smoke tests, needs
nothing beyond the standard library, and runs under the same /usr/bin/python3 the stages need for torch.
"""
import argparse
import dataclasses
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED = "static/models"


@dataclasses.dataclass
class Stage:
    name: str
    command: list          # argv, run from the repo root; the directories it reads and writes
    outputs: list = ()     # files it writes; one missing means the stage has to run again
    full: list = ()        # the real run's arguments (sizes, steps), appended to command
    smoke: list = ()       # tiny ones for --smoke, appended instead

    def argv(self, smoke: bool) -> list:
        return [*self.command, *(self.smoke if smoke else self.full)]


def load_family(family: str):
    """models/<family>/stages.py (mol-zinc -> models/mol_zinc/), or a stages.py path (the tests' fake family)."""
    path = family if family.endswith(".py") else os.path.join(ROOT, "models", family.replace("-", "_"), "stages.py")
    if not os.path.exists(path):
        raise SystemExit(f"unknown family {family!r}: no {os.path.relpath(path, ROOT)}")
    spec = importlib.util.spec_from_file_location(f"stages_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def marker(data: str, stage: Stage) -> str:
    return os.path.join(data, ".stages", f"{stage.name}.done")


def is_done(data: str, stage: Stage, smoke: bool) -> bool:
    # The marker holds the command it ran: a stage whose overrides were edited since is not done.
    path = os.path.join(ROOT, marker(data, stage))
    if not os.path.exists(path):
        return False
    try:
        with open(path) as f:
            ran = json.load(f)["argv"]
    except (ValueError, KeyError):   # half-written or from another version: run the stage again
        return False
    return ran == stage.argv(smoke) and all(os.path.exists(os.path.join(ROOT, o)) for o in stage.outputs)


def run_stage(data: str, stage: Stage, smoke: bool, number: str) -> None:
    argv = stage.argv(smoke)
    log = os.path.join(data, "logs", f"{stage.name}.log")
    os.makedirs(os.path.join(ROOT, data, "logs"), exist_ok=True)
    print(f"[{number}] {stage.name}: {shlex.join(argv)}\n      log: {log}", flush=True)
    t0 = time.time()
    with open(os.path.join(ROOT, log), "w") as f:
        f.write(f"$ {shlex.join(argv)}\n")
        f.flush()
        # unbuffered Python, so the log can be followed (tail -f) while a long stage trains
        try:
            code = subprocess.run(argv, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"}).returncode
        except KeyboardInterrupt:   # Ctrl-C reached the stage too (same process group); no marker, so a rerun starts here
            raise SystemExit(f"\nstage {stage.name} interrupted after {time.time() - t0:.0f}s; log: {log}; a rerun starts at it")
    seconds = time.time() - t0
    if code != 0:
        with open(os.path.join(ROOT, log)) as f:
            tail = f.readlines()[-15:]
        sys.stdout.write("".join(f"      | {line}" for line in tail))
        how = f"exit {code}" if code > 0 else f"killed by signal {-code}"
        raise SystemExit(f"stage {stage.name} failed ({how}) after {seconds:.0f}s; log: {log}")
    missing = [o for o in stage.outputs if not os.path.exists(os.path.join(ROOT, o))]
    if missing:
        raise SystemExit(f"stage {stage.name} exited 0 but did not write {', '.join(missing)}; log: {log}")
    path = os.path.join(ROOT, marker(data, stage))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:   # written whole or not at all: a kill here leaves the stage not done
        json.dump({"argv": argv, "finished": time.strftime("%Y-%m-%dT%H:%M:%S"), "seconds": round(seconds)}, f)
    os.replace(path + ".tmp", path)
    print(f"      done in {seconds:.0f}s", flush=True)


def main(args: list | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("family", help="mol-zinc, sa, crystal, or a path to a stages.py")
    p.add_argument("--smoke", action="store_true", help="tiny sizes, into data/smoke-<dir> and its models/ (CI)")
    p.add_argument("--list", action="store_true", help="list the stages, which are done, and exit")
    p.add_argument("--from", dest="start", metavar="NAME", help="rerun from this stage on, done or not")
    p.add_argument("--to", metavar="NAME", help="stop after this stage")
    p.add_argument("--only", metavar="NAME", help="run this stage alone (the others' markers are left as they are)")
    p.add_argument("--data", help="the family's data folder (default: its DATA, or data/smoke-<dir> with --smoke)")
    p.add_argument("--models", help=f"where ONNX files and cards go (default: {SHIPPED}, or <data>/models with --smoke)")
    a = p.parse_args(args)

    family = load_family(a.family)
    data = a.data or (os.path.join(os.path.dirname(family.DATA), "smoke-" + os.path.basename(family.DATA)) if a.smoke else family.DATA)
    models = a.models or (os.path.join(data, "models") if a.smoke else SHIPPED)
    if a.smoke and os.path.abspath(os.path.join(ROOT, models)) == os.path.abspath(os.path.join(ROOT, SHIPPED)):
        raise SystemExit("--smoke never writes to static/models: its tiny models would replace the shipped ones")
    stages = [Stage(**s) for s in family.stages(data, models)]
    names = [s.name for s in stages]
    assert len(set(names)) == len(names), f"stage names repeat: {names}"
    for name in (a.start, a.to, a.only):
        if name is not None and name not in names:
            raise SystemExit(f"no stage {name!r}; the stages are: {', '.join(names)}")

    done = [is_done(data, s, a.smoke) for s in stages]
    # resume at the first stage not done: everything after it read what it writes, so it runs again too
    first = names.index(a.start) if a.start else next((i for i, d in enumerate(done) if not d), len(stages))
    last = names.index(a.to) if a.to else len(stages) - 1
    todo = [names.index(a.only)] if a.only else list(range(first, last + 1))

    if a.list:
        for i, s in enumerate(stages):
            state = "run next" if i in todo else "done" if done[i] else ""
            print(f"{i + 1:2d}. {s.name:<22} {state:<9} {shlex.join(s.argv(a.smoke))}")
        return
    if not todo:
        print(f"{a.family}: every stage is done ({data}/.stages); --from NAME reruns from a stage")
        return
    os.makedirs(os.path.join(ROOT, data), exist_ok=True)
    os.makedirs(os.path.join(ROOT, models), exist_ok=True)
    # The stages about to run, and those after them, which read what they write, are no longer done until they
    # run again; --only leaves the later ones as they are (you asked for that one stage).
    for s in [stages[todo[0]]] if a.only else stages[first:]:
        path = os.path.join(ROOT, marker(data, s))
        if os.path.exists(path):
            os.remove(path)
    t0 = time.time()
    for i in todo:
        run_stage(data, stages[i], a.smoke, f"{i + 1}/{len(stages)}")
    print(f"{a.family}: stages {stages[todo[0]].name} to {stages[todo[-1]].name} done in {time.time() - t0:.0f}s; models in {models}")


if __name__ == "__main__":
    main()
