"""Smoke test of the mol-zinc pipeline on a few hundred molecules: prepare (Node: SELFIES, RDKit.js, QED)
-> VAE -> diffusion prior -> distillation -> ONNX export, then checks of shapes, the student's step
semantics and the cards."""
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "models", "mol_zinc"))
from prior import Denoiser, PriorConfig, alpha_sigma, ddim_step, flops_per_eval, guided_v  # noqa: E402
from vae import EOS, PAD, VAE, VAEConfig, encode_all  # noqa: E402

PY = "/usr/bin/python3"
ALIGN_TINY = ["trajectories=96", "gen_batch=64", "teacher_steps=8", "steps=6", "batch_size=32"]
# the input molecules' own labels: the tiny pipeline skips decode_train.py (test_prior_on_decoded_labels runs it)
HEAD_TINY = ["props_file=train.props.f32", "steps=100", "eval_every=20", "batch_size=64", "width=32", "depth=2", "members=2"]


def run(cmd):
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, f"{' '.join(cmd)} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res.stdout


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("mol")
    data, ck, out = tmp / "data", tmp / "data" / "ckpt", tmp / "models"
    run(["npx", "tsx", "models/mol_zinc/prepare.ts", "--limit", "300", "--out", str(data)])
    tiny = ["latent=8", "dec_hidden=32", "emb=16"]
    run([PY, "models/mol_zinc/train_vae.py", f"data={data}", f"out={ck}", "epochs=1", "batch_size=64", *tiny])
    run([PY, "models/mol_zinc/train_vae.py", f"data={data}", f"out={ck}", "epochs=2", "batch_size=64", "resume=1", *tiny])
    run([PY, "models/mol_zinc/train_prior.py", f"data={data}", f"out={ck}", "steps=60", "batch_size=64", "width=32", "blocks=1"])
    run([PY, "models/mol_zinc/distill.py", f"data={data}", f"out={ck}", "guide_steps=20", "round_steps=10", "final_round_steps=12", "start_steps=8", "batch_size=64", "lr_decay=1"])
    run([PY, "models/mol_zinc/align_students.py", f"data={data}", f"ckpt={ck}", f"out={ck}", *ALIGN_TINY])
    run([PY, "models/mol_zinc/train_latent_props.py", f"data={data}", f"ckpt={ck}", *HEAD_TINY])
    run([PY, "models/mol_zinc/export.py", f"ckpt={ck}", f"out={out}", f"data={data}"])
    return data, ck, out


def test_prepare(pipeline):
    data, _, _ = pipeline
    meta = json.load(open(data / "meta.json"))
    L = meta["max_len"]
    assert meta["vocab"][:3] == ["[pad]", "[bos]", "[eos]"] and meta["props"] == ["logp", "qed", "sa", "mw", "tpsa"]
    for split in ["train", "valid", "test"]:
        n = meta["rows"][split]
        tok = np.fromfile(data / f"{split}.tok.u8", dtype=np.uint8).reshape(n, L)
        props = np.fromfile(data / f"{split}.props.f32", dtype=np.float32).reshape(n, 5)
        assert n >= 290
        assert (tok == EOS).sum(1).tolist() == [1] * n                       # exactly one [eos] per row
        first_pad = np.argmax(tok == EOS, 1)
        assert all((tok[i, first_pad[i] + 1:] == PAD).all() for i in range(n))
        assert (props[:, 1] > 0).all() and (props[:, 1] < 1).all()            # QED in (0, 1)
        assert (props[:, 3] > 50).all()                                        # MW


def test_checkpoints_and_exports(pipeline):
    _, ck, out = pipeline
    students = torch.load(ck / "students.pt")["students"]
    assert sorted(students) == [1, 2, 4]
    for id in ["mol-zinc-encoder", "mol-zinc-decoder-init", "mol-zinc-decoder", "mol-zinc-teacher", "mol-zinc-student-k4", "mol-zinc-student-k2", "mol-zinc-student-k1",
               "mol-zinc-latent-props"]:
        card = json.load(open(out / f"{id}.json"))
        model = onnx.load(out / f"{id}.onnx")
        onnx.checker.check_model(model)
        assert [i.name for i in model.graph.input] == [s["name"] for s in card["inputs"]], id
        assert [o.name for o in model.graph.output] == [s["name"] for s in card["outputs"]], id
        assert card["bytes"] == os.path.getsize(out / f"{id}.onnx")
        assert "command" in card["training"]
    teacher = json.load(open(out / "mol-zinc-teacher.json"))
    k4 = json.load(open(out / "mol-zinc-student-k4.json"))
    assert teacher["flops_per_sample"] > 10 * k4["flops_per_sample"]   # the point of distilling
    assert len(teacher["latent_norm"]["mean"]) == 8


def test_vae_teacher_forcing_matches_step_decoder():
    torch.manual_seed(0)
    cfg = VAEConfig(vocab=12, max_len=7, emb=4, latent=3, dec_hidden=5, word_dropout=0.0)
    vae = VAE(cfg).eval()
    z = torch.randn(2, 3)
    inputs = torch.tensor([[1, 4, 5, 6], [1, 7, 3, 9]])
    seq = vae.decoder(inputs, z)                                   # [2, 4, V]
    h = vae.decoder.initial(z)
    for i in range(4):
        logits, h = vae.decoder.step(inputs[:, i], h, z)
        assert torch.allclose(logits, seq[:, i], atol=1e-5)


def test_ddim_recovers_x_with_the_true_v():
    x = torch.randn(4, 6)
    eps = torch.randn(4, 6)
    t, s = torch.full((4,), 0.7), torch.full((4,), 0.0)
    a, sg = alpha_sigma(t)
    zt = a.unsqueeze(1) * x + sg.unsqueeze(1) * eps
    v = a.unsqueeze(1) * eps - sg.unsqueeze(1) * x
    assert torch.allclose(ddim_step(zt, v, t, s), x, atol=1e-5)   # one exact step to t = 0 returns x


def test_guidance_is_linear_in_w():
    torch.manual_seed(0)
    cfg = PriorConfig(latent=4, props=2, width=8, blocks=1)
    d = Denoiser(cfg)
    for p in d.parameters():
        torch.nn.init.normal_(p, std=0.3)
    z, t, c, m = torch.randn(3, 4), torch.rand(3), torch.randn(3, 2), torch.ones(3, 2)
    v0, v1, v2 = (guided_v(d, z, t, c, m, torch.full((3,), w)) for w in (0.0, 1.0, 2.0))
    assert torch.allclose(v0, d(z, t, c, torch.zeros_like(m)), atol=1e-6)   # w = 0: unconditional
    assert torch.allclose(v1, d(z, t, c, m), atol=1e-6)                     # w = 1: conditional
    assert torch.allclose(v2 - v1, v1 - v0, atol=1e-5)
    assert flops_per_eval(PriorConfig(latent=4, props=2, width=8, blocks=1, guidance_input=True)) > flops_per_eval(cfg)


def test_encode_all_matches_one_batch(pipeline):
    # Length-ordered, trimmed encoding (train_prior.py, distill.py) must equal encoding padded rows at once.
    data, ck, _ = pipeline
    state = torch.load(ck / "vae.pt")
    vae = VAE(VAEConfig(**state["cfg"])).eval()
    vae.load_state_dict(state["model"])
    L = json.load(open(data / "meta.json"))["max_len"]
    tokens = torch.from_numpy(np.fromfile(data / "train.tok.u8", dtype=np.uint8).reshape(-1, L).astype(np.int64))
    mu, sd = encode_all(vae.encoder, tokens, chunk=37)
    with torch.no_grad():
        mu1, logvar1 = vae.encoder(tokens)
    assert torch.allclose(mu, mu1, atol=1e-5) and torch.allclose(sd, (0.5 * logvar1).exp(), atol=1e-5)


def test_cards_name_every_training_run(pipeline):
    _, ck, out = pipeline
    state = torch.load(ck / "vae.pt")
    assert state["epoch"] == 2 and len(state["history"]) == 2       # the resumed run went on from epoch 1
    command = json.load(open(out / "mol-zinc-decoder.json"))["training"]["command"]
    runs = [c for c in command.split(" && ") if "train_vae.py" in c]
    assert len(runs) == 2 and "resume=1" in runs[1] and "resume=1" not in runs[0]


def test_weights_stored_as_float16_and_cast_back(pipeline):
    _, ck, out = pipeline
    state = torch.load(ck / "vae.pt")["model"]
    model = onnx.load(out / "mol-zinc-decoder.onnx")                 # its token table stays float16 (int8 below)
    halves = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer if i.data_type == onnx.TensorProto.FLOAT16}
    assert halves, "no float16 weights in the decoder"
    casts = {n.input[0]: n.output[0] for n in model.graph.node if n.op_type == "Cast"}
    for name, w in halves.items():
        assert casts[name] == name.removesuffix(".f16")                 # rebuilt under its PyTorch name
    E = state["decoder.emb.weight"].shape[1]
    table = halves["d.cell.weight_ih.emb.f16"]                          # the GRU's input weights on the embedding
    assert np.allclose(table.astype(np.float32), state["decoder.gru.weight_ih_l0"][:, :E].numpy(), rtol=1e-3, atol=1e-4)


def test_step_networks_ship_int8(pipeline):
    # export.py's int8 list: the decoder step and the students carry int8 weights whose dequantized values are
    # the trained ones (within half a step, plus float16's rounding); the teacher and the rest stay float16.
    from quantize import WEIGHTS
    _, ck, out = pipeline
    for id in ["mol-zinc-decoder", "mol-zinc-student-k4", "mol-zinc-student-k2", "mol-zinc-student-k1"]:
        assert json.load(open(out / f"{id}.json"))["weights"] == WEIGHTS, id
        assert "DynamicQuantizeMatMul" in [n.op_type for n in onnx.load(out / f"{id}.onnx").graph.node], id
    for id in ["mol-zinc-teacher", "mol-zinc-encoder", "mol-zinc-latent-props", "mol-zinc-decoder-init"]:
        assert json.load(open(out / f"{id}.json"))["weights"] == "float16, computed in float32", id
        assert "DynamicQuantizeMatMul" not in [n.op_type for n in onnx.load(out / f"{id}.onnx").graph.node], id
    decoder = onnx.load(out / "mol-zinc-decoder.onnx")
    inits = {i.name: numpy_helper.to_array(i) for i in decoder.graph.initializer}
    head = inits["d.head.weight.int8"].T * inits["d.head.weight.scale"][:, None]     # [V, H]
    want = torch.load(ck / "vae.pt")["model"]["decoder.head.weight"].numpy()
    assert np.all(np.abs(head - want) <= inits["d.head.weight.scale"][:, None] / 2 + 1e-3 * np.abs(want) + 1e-6)
    assert "d.cell.weight_ih.emb.f16" in inits                          # the token table's Gemm (two constants) stays float


def test_split_decoder_is_the_trained_gru(pipeline):
    # The start/step pair the app runs (split_decoder.py) computes PyTorch's decoder: teacher-forced
    # logits of the sequence GRU, step by step from h0(z), with the weights as the files store them.
    from split_decoder import init_np, parts, stored, step_np
    _, ck, out = pipeline
    state = torch.load(ck / "vae.pt")
    vae = VAE(VAEConfig(**state["cfg"])).eval()
    vae.load_state_dict(state["model"])
    w = {f"d.{k.removeprefix('decoder.')}": v.numpy() for k, v in state["model"].items() if k.startswith("decoder.") and ".gru." not in k}
    p = parts(stored(w, fp16=True))
    with torch.no_grad():
        for prm in vae.decoder.parameters():
            prm.copy_(prm.half().float() if prm.numel() >= 1024 else prm)
        torch.manual_seed(1)
        z = torch.randn(4, vae.cfg.latent)
        inputs = torch.randint(3, vae.cfg.vocab, (4, 6))
        want = vae.decoder(inputs, z).numpy()                            # [B, L, V]
    h, zx = init_np(p, z.numpy())
    for t in range(inputs.shape[1]):
        logits, h = step_np(p, inputs[:, t].numpy(), h, zx)
        assert np.allclose(logits, want[:, t], atol=1e-4), t
    card = json.load(open(out / "mol-zinc-decoder.json"))
    ref = card["reference"]
    H = card["hidden"]
    got, _ = step_np(p, np.array(ref["inputs"]["token"]), np.array(ref["inputs"]["h"], np.float32).reshape(-1, H),
                     np.array(ref["inputs"]["zx"], np.float32).reshape(-1, 3 * H))
    assert np.allclose(got.flatten(), ref["outputs"]["logits"], atol=1e-5)


def test_decoder_fine_tune_keeps_the_encoder(pipeline, tmp_path):
    # freeze_encoder=1 z_noise=2: the latent space the prior learnt stays put; only the decoder moves.
    _, ck, _ = pipeline
    data = ck.parent
    (tmp_path / "vae.pt").write_bytes((ck / "vae.pt").read_bytes())
    run([PY, "models/mol_zinc/train_vae.py", f"data={data}", f"out={tmp_path}", "epochs=3", "batch_size=64", "resume=1",
         "freeze_encoder=1", "z_noise=2", "latent=8", "dec_hidden=32", "emb=16"])
    before, after = torch.load(ck / "vae.pt")["model"], torch.load(tmp_path / "vae.pt")["model"]
    enc = [k for k in before if k.startswith("encoder.")]
    dec = [k for k in before if k.startswith("decoder.")]
    assert enc and all(torch.equal(before[k], after[k]) for k in enc)
    assert any(not torch.equal(before[k], after[k]) for k in dec)


def test_prior_on_decoded_labels(pipeline, tmp_path):
    # decode_train.py -> label_decoded.ts -> train_prior.py props_file=... init=... -> distill.py follows the labels.
    _, ck, _ = pipeline
    data = ck.parent
    run([PY, "models/mol_zinc/decode_train.py", f"data={data}", f"ckpt={ck}", "temperature=0"])
    meta = json.load(open(data / "meta.json"))
    L, P = meta["max_len"], len(meta["props"])
    toks = np.fromfile(data / "train.decoded.tok.u8", dtype=np.uint8).reshape(-1, L)
    assert len(toks) == meta["rows"]["train"] and (toks[:, 0] != PAD).any()
    run(["npx", "tsx", "models/mol_zinc/label_decoded.ts", "--data", str(data)])
    labels = np.fromfile(data / "train.decoded.props.f32", dtype=np.float32).reshape(-1, P)
    assert labels.shape == (len(toks), P)
    assert np.isfinite(labels).all(1).mean() > 0.9   # a tiny decoder's rows are still molecules, mostly
    stats = json.loads(subprocess.run([PY, "models/mol_zinc/label_stats.py", f"data={data}"], check=True, capture_output=True, text=True).stdout)
    assert stats["rows"] == len(toks) and stats["tokens"]["input_mean"] == pytest.approx(float((np.fromfile(data / "train.tok.u8", dtype=np.uint8) != PAD).sum()) / len(toks))
    own = np.fromfile(data / "train.props.f32", dtype=np.float32).reshape(-1, P)
    ok = np.isfinite(labels).all(1)
    for j, k in enumerate(meta["props"]):   # the means it reports are the files' own
        assert stats[k]["input_mean"] == pytest.approx(own[ok, j].mean(), abs=2e-3)
        assert stats[k]["decoded_mean"] == pytest.approx(labels[ok, j].mean(), abs=2e-3)
    # rows without a molecule are trained as unconditional (the tiny decoder's labels barely vary, so use the inputs')
    own = np.fromfile(data / "train.props.f32", dtype=np.float32).reshape(-1, P)
    own[:5] = np.nan
    own.tofile(data / "train.nan.props.f32")
    for f in ["vae.pt"]:
        (tmp_path / f).write_bytes((ck / f).read_bytes())
    run([PY, "models/mol_zinc/train_prior.py", f"data={data}", f"out={tmp_path}", "steps=30", "batch_size=64", "width=32", "blocks=1",
         "props_file=train.nan.props.f32", f"init={ck / 'prior.pt'}"])
    prior = torch.load(tmp_path / "prior.pt")
    assert prior["props_file"] == "train.nan.props.f32"
    assert torch.isfinite(prior["p_mean"]).all() and torch.isfinite(prior["p_std"]).all()
    assert all(torch.isfinite(v).all() for v in prior["model"].values())
    run([PY, "models/mol_zinc/distill.py", f"data={data}", f"out={tmp_path}", "guide_steps=10", "round_steps=5", "start_steps=4", "batch_size=64"])
    students = torch.load(tmp_path / "students.pt")["students"]
    assert all(torch.isfinite(v).all() for s in students.values() for v in s.values())


def test_align_follows_the_teacher_runs(pipeline):
    # align_students.py keeps the teacher's states at the 4-step grid times of DDIM runs from scaled noise;
    # rerunning the teacher from each kept start with the kept conditions must pass through the same states.
    data, ck, out = pipeline
    runs = torch.load(ck / "trajectories.pt")
    S, c, m, w = runs["states"], runs["c"], runs["m"], runs["w"]
    assert S.shape == (96, 5, 8)
    scale = S[:, 0].std(1)
    assert (scale < 0.85).float().mean() > 0.4                       # most runs start from the studio's scaled noise
    assert ((m.sum(1) == 5) & (w == 1)).float().mean() > 0.3         # the no-target condition: all properties at w = 1
    ps = torch.load(ck / "prior.pt")
    teacher = Denoiser(PriorConfig(**ps["cfg"])).eval()
    teacher.load_state_dict(ps["model"])
    z, grid = S[:, 0].clone(), torch.linspace(1, 0, 9)
    with torch.no_grad():
        for i in range(8):
            t, s = grid[i].expand(96), grid[i + 1].expand(96)
            z = ddim_step(z, guided_v(teacher, z, t, c, m, w), t, s)
            if i % 2 == 1:
                assert torch.allclose(z, S[:, (i + 1) // 2], atol=1e-5)
    aligned = torch.load(ck / "students.pt")
    assert sorted(aligned["students"]) == [1, 2, 4] and aligned["align_runs"][-1][-len(ALIGN_TINY):] == ALIGN_TINY
    training = json.load(open(out / "mol-zinc-student-k4.json"))["training"]
    assert "models/mol_zinc/align_students.py" in training["command"]
    assert set(training["align"]["endpoint_mse_held_out"]) == {"before", "after"}


def test_align_in_rounds(pipeline, tmp_path):
    # A second round starts from the first one's students; both rounds reach the cards' command, and recover.py
    # reads them back.
    data, ck, _ = pipeline
    second = ["seed=2", "p_few=0.5", "p_w_target=0.8"]
    for f in ["vae.pt", "prior.pt", "latent_props.pt"]:
        (tmp_path / f).write_bytes((ck / f).read_bytes())
    run([PY, "models/mol_zinc/align_students.py", f"data={data}", f"ckpt={ck}", f"students={ck / 'students.pt'}", f"out={tmp_path}", *ALIGN_TINY, *second])
    rounds = torch.load(tmp_path / "students.pt")["align_runs"]
    assert rounds[0] == torch.load(ck / "students.pt")["align_runs"][0] and rounds[1][-len(second):] == second
    runs = torch.load(tmp_path / "trajectories.pt")
    assert ((runs["m"].sum(1) <= 2) & (runs["m"].sum(1) >= 1)).float().mean() > 0.2   # p_few: one or two properties asked
    run([PY, "models/mol_zinc/export.py", f"ckpt={tmp_path}", f"out={tmp_path / 'models'}", f"data={data}"])
    command = json.load(open(tmp_path / "models" / "mol-zinc-student-k4.json"))["training"]["command"]
    assert command.count("models/mol_zinc/align_students.py") == 2 and " ".join(second) in command
    run([PY, "models/mol_zinc/recover.py", f"models={tmp_path / 'models'}", f"out={tmp_path / 'rec'}"])
    assert torch.load(tmp_path / "rec" / "students.pt")["align_runs"] == rounds


def test_recover_rebuilds_the_checkpoints_from_the_exports(pipeline, tmp_path):
    # A checkout without data/mol/ckpt/ goes on from the shipped files: recover.py, then export.py again,
    # gives the same weights in every file (float16 both times; int8 ones the same integers, their scales within
    # float16's rounding, since the recovered weights pass through float16 before they are quantized again).
    data, ck, out = pipeline
    rec, again = tmp_path / "ckpt", tmp_path / "models"
    run([PY, "models/mol_zinc/recover.py", f"models={out}", f"out={rec}"])
    assert torch.load(rec / "vae.pt")["runs"] == torch.load(ck / "vae.pt")["runs"]
    assert torch.load(rec / "prior.pt")["props_file"] == torch.load(ck / "prior.pt")["props_file"]
    assert torch.load(rec / "students.pt")["align_runs"] == torch.load(ck / "students.pt")["align_runs"]
    assert torch.load(rec / "latent_props.pt")["argv"] == torch.load(ck / "latent_props.pt")["argv"]
    run([PY, "models/mol_zinc/export.py", f"ckpt={rec}", f"out={again}", f"data={data}"])
    for id in ["mol-zinc-encoder", "mol-zinc-decoder-init", "mol-zinc-decoder", "mol-zinc-teacher", "mol-zinc-student-k4", "mol-zinc-student-k2", "mol-zinc-student-k1",
               "mol-zinc-latent-props"]:
        a = {i.name: numpy_helper.to_array(i) for i in onnx.load(out / f"{id}.onnx").graph.initializer}
        b = {i.name: numpy_helper.to_array(i) for i in onnx.load(again / f"{id}.onnx").graph.initializer}
        assert sorted(a) == sorted(b), id
        for name in a:
            if name.endswith(".scale") and name.removesuffix(".scale") + ".int8" in a:
                assert np.allclose(a[name], b[name], rtol=1e-3, atol=0), f"{id} {name}"
            else:
                assert np.array_equal(a[name], b[name]), f"{id} {name}"


def test_latent_props_head_predicts_the_labels(pipeline):
    # The head reads decoder-space latents and answers in the properties' units (its normalisations are inside):
    # on the training latents it must beat predicting the mean, and its card records the held-out fit.
    data, ck, out = pipeline
    from latent_props import LatentProps, LatentPropsConfig
    from vae import VAE, VAEConfig, encode_all
    state = torch.load(ck / "latent_props.pt")
    head = LatentProps(LatentPropsConfig(**state["cfg"])).eval()
    head.load_state_dict(state["model"])
    vs = torch.load(ck / "vae.pt")
    vae = VAE(VAEConfig(**vs["cfg"])).eval()
    vae.load_state_dict(vs["model"])
    meta = json.load(open(data / "meta.json"))
    n, L = meta["rows"]["train"], meta["max_len"]
    tok = torch.from_numpy(np.fromfile(data / "train.tok.u8", dtype=np.uint8).reshape(n, L).astype(np.int64))
    props = torch.from_numpy(np.fromfile(data / "train.props.f32", dtype=np.float32).reshape(n, 5))
    with torch.no_grad():
        mu, _ = encode_all(vae.encoder, tok)
        mean, std = head(mu)
    assert (std > 0).all()
    mse, var = (mean - props).pow(2).mean(0), props.var(0)
    assert (mse < var).all(), (mse.tolist(), var.tolist())
    card = json.load(open(out / "mol-zinc-latent-props.json"))
    assert card["props"] == meta["props"] and card["latent"] == 8
    assert set(card["metrics"]["held_out"]) == set(meta["props"])
    assert "models/mol_zinc/train_latent_props.py" in card["training"]["command"]


def test_latent_props_head_takes_sampler_pairs(pipeline, tmp_path):
    # prior_pairs.py decodes the teacher's endpoints of the align runs and each student's own runs from the same
    # noise and conditions; train_latent_props.py samples= trains on all of them.
    data, ck, _ = pipeline
    run([PY, "models/mol_zinc/prior_pairs.py", f"data={data}", f"ckpt={ck}", f"trajectories={ck / 'trajectories.pt'}", "name=train.sampled", "limit=40"])
    ps, runs = torch.load(ck / "prior.pt"), torch.load(ck / "trajectories.pt")
    z = torch.from_numpy(np.fromfile(data / "train.sampled.z.f32", dtype=np.float32).reshape(4 * 40, 8))
    assert torch.allclose(z[:40], runs["states"][:40, 4] * ps["z_std"] + ps["z_mean"], atol=1e-5)   # the teacher's endpoints first
    student = Denoiser(PriorConfig(**torch.load(ck / "students.pt")["cfg"])).eval()
    student.load_state_dict(torch.load(ck / "students.pt")["students"][1])
    with torch.no_grad():
        one = ddim_step(runs["states"][:40, 0], student(runs["states"][:40, 0], torch.ones(40), runs["c"][:40], runs["m"][:40], runs["w"][:40]),
                        torch.ones(40), torch.zeros(40))
    assert torch.allclose(z[40:80], one * ps["z_std"] + ps["z_mean"], atol=1e-4)        # then k = 1, 2, 4
    run(["npx", "tsx", "models/mol_zinc/label_decoded.ts", "--data", str(data), "--rows", "train.sampled"])
    labels = np.fromfile(data / "train.sampled.props.f32", dtype=np.float32).reshape(160, 5)
    (tmp_path / "vae.pt").write_bytes((ck / "vae.pt").read_bytes())
    log = run([PY, "models/mol_zinc/train_latent_props.py", f"data={data}", f"ckpt={tmp_path}", *HEAD_TINY, "samples=train.sampled"])
    trained = int(log.split("train.sampled: ")[1].split()[0])
    assert 0 < trained < int(np.isfinite(labels).all(1).sum())   # a share is held out to measure the fit on sampled latents
    state = torch.load(tmp_path / "latent_props.pt")
    assert state["samples"] == "train.sampled" and set(state["fit_samples"]) == set(state["props"])
    # the commands that made the pairs reach the cards, and recover.py reads them back
    for f in ["prior.pt", "students.pt"]:
        (tmp_path / f).write_bytes((ck / f).read_bytes())
    run([PY, "models/mol_zinc/export.py", f"ckpt={tmp_path}", f"out={tmp_path / 'models'}", f"data={data}"])
    card = json.load(open(tmp_path / "models" / "mol-zinc-latent-props.json"))
    assert state["pair_commands"] == [f"/usr/bin/python3 models/mol_zinc/prior_pairs.py data={data} ckpt={ck} trajectories={ck / 'trajectories.pt'} name=train.sampled limit=40",
                                      "npx tsx models/mol_zinc/label_decoded.ts --rows train.sampled"]
    assert " && ".join(state["pair_commands"]) + " && /usr/bin/python3 models/mol_zinc/train_latent_props.py" in card["training"]["command"]
    assert card["metrics"]["held_out_sampled"] == state["fit_samples"] and card["metrics"]["r2_qed"] == state["fit_samples"]["qed"]["r2"]
    run([PY, "models/mol_zinc/recover.py", f"models={tmp_path / 'models'}", f"out={tmp_path / 'rec'}"])
    back = torch.load(tmp_path / "rec" / "latent_props.pt")
    assert back["pair_commands"] == state["pair_commands"] and back["samples"] == "train.sampled" and back["fit_samples"] == state["fit_samples"]


def test_latent_confidence_head(pipeline, tmp_path):
    # prior_pairs.py renoise=SEED decodes the students' runs from new starting noise; decode_confidence.py labels each
    # row with the decoder's mean log-probability of its tokens, as the browser's loop scores it step by step;
    # train_latent_confidence.py learns it; export.py ships it and recover.py reads it back.
    data, ck, _ = pipeline
    run([PY, "models/mol_zinc/prior_pairs.py", f"data={data}", f"ckpt={ck}", f"trajectories={ck / 'trajectories.pt'}", "name=train.renoised", "limit=40", "renoise=3"])
    made = json.load(open(data / "train.renoised.json"))
    assert made["samplers"] == ["student-k1", "student-k2", "student-k4"] and made["rows"] == 120
    run([PY, "models/mol_zinc/decode_confidence.py", f"data={data}", f"ckpt={ck}", "rows=train.renoised"])
    conf = torch.from_numpy(np.fromfile(data / "train.renoised.conf.f32", dtype=np.float32))
    z = torch.from_numpy(np.fromfile(data / "train.renoised.z.f32", dtype=np.float32).reshape(120, 8))
    vs = torch.load(ck / "vae.pt")
    vae = VAE(VAEConfig(**vs["cfg"])).eval()
    vae.load_state_dict(vs["model"])
    # step by step, as the browser: log-softmax without [pad] and [bos], the chosen (greedy) token's, [eos] included
    with torch.no_grad():
        h, token = vae.decoder.initial(z), torch.full((120,), 1)
        total, count, done = torch.zeros(120), torch.zeros(120), torch.zeros(120, dtype=torch.bool)
        for _ in range(vae.cfg.max_len):
            logits, h = vae.decoder.step(token, h, z)
            logits[:, PAD], logits[:, 1] = -1e9, -1e9
            logp = torch.log_softmax(logits, 1)
            token = logp.argmax(1)
            total += logp.max(1).values * ~done
            count += ~done
            done |= token == EOS
    assert torch.allclose(conf, total / count, atol=1e-5)
    for f in ["vae.pt", "prior.pt", "students.pt", "latent_props.pt"]:
        (tmp_path / f).write_bytes((ck / f).read_bytes())
    tiny = ["steps=60", "eval_every=20", "batch_size=32", "width=16", "depth=2", "members=2", "held_out=0.25"]
    run([PY, "models/mol_zinc/train_latent_confidence.py", f"data={data}", f"ckpt={tmp_path}", "samples=train.renoised", *tiny])
    state = torch.load(tmp_path / "latent_confidence.pt")
    assert state["props"] == ["confidence"] and {"r2", "spearman", "gain_keep_0.4"} <= set(state["fit"])
    assert state["train_rows"] == 90   # 10 of the 40 runs held out, in each sampler's block
    out = tmp_path / "models"
    run([PY, "models/mol_zinc/export.py", f"ckpt={tmp_path}", f"out={out}", f"data={data}"])
    card = json.load(open(out / "mol-zinc-latent-confidence.json"))
    assert card["outputs"][0]["shape"] == ["batch", 1] and card["metrics"]["spearman"] == state["fit"]["spearman"]
    assert (f"decode_confidence.py rows=train.renoised && /usr/bin/python3 models/mol_zinc/train_latent_confidence.py data={data} ckpt={tmp_path} samples=train.renoised"
            in card["training"]["command"])
    run([PY, "models/mol_zinc/recover.py", f"models={out}", f"out={tmp_path / 'rec'}"])
    back = torch.load(tmp_path / "rec" / "latent_confidence.pt")
    assert back["pair_commands"] == state["pair_commands"] and back["argv"] == state["argv"] and back["fit"] == state["fit"]
    for k, v in state["model"].items():   # the weights as the file stores them: float16, or float32 for the normalisations
        assert torch.equal(back["model"][k], v.half().float()) or torch.equal(back["model"][k], v), k
    # label=valid: the head learns whether a run's decode parses (tokens_to_smiles.ts's NAME.valid.u8) instead
    (np.arange(120) % 3 == 0).astype(np.uint8).tofile(data / "train.renoised.valid.u8")
    (tmp_path / "v").mkdir()
    run([PY, "models/mol_zinc/train_latent_confidence.py", f"data={data}", f"ckpt={tmp_path / 'v'}", "samples=train.renoised", "label=valid", *tiny])
    valid = torch.load(tmp_path / "v" / "latent_confidence.pt")
    assert valid["label"] == "valid" and float(valid["model"]["p_mean"][0]) == pytest.approx(1 / 3, abs=0.08)
    assert "tokens_to_smiles.ts" in valid["pair_commands"][1] and "decode_confidence.py" not in " ".join(valid["pair_commands"])


def test_prior_stopped_and_resumed_equals_one_run(pipeline, tmp_path):
    # a prior longer than a session: max_minutes stops it with its state checkpointed (exit 75, no prior.pt),
    # resume=1 continues, and the result is the uninterrupted run's, weight for weight
    data, ck, _ = pipeline
    args = ["models/mol_zinc/train_prior.py", f"data={data}", "steps=40", "batch_size=64", "width=32", "blocks=1", "ckpt_every=10"]
    whole, split = tmp_path / "whole", tmp_path / "split"
    for d in (whole, split):
        d.mkdir()
        (d / "vae.pt").write_bytes((ck / "vae.pt").read_bytes())
    run([PY, *args, f"out={whole}"])
    res = subprocess.run([PY, *args, f"out={split}", "max_minutes=1e-9"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 75, res.stdout + res.stderr
    assert "stopped at step 1/40" in res.stdout and not (split / "prior.pt").exists() and (split / "prior.ckpt.pt").exists()
    # a checkpoint of another run is refused, not continued
    res = subprocess.run([PY, *args, f"out={split}", "resume=1", "lr=0.01"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode != 0 and "belongs to another run" in res.stderr
    assert "resumed at step 1" in run([PY, *args, f"out={split}", "resume=1"])
    assert not (split / "prior.ckpt.pt").exists()   # removed once prior.pt is written
    a, b = torch.load(whole / "prior.pt")["model"], torch.load(split / "prior.pt")["model"]
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
