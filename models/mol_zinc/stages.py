"""The mol-zinc generator's training, stage by stage, for models/train.py (npm run train -- mol-zinc [--smoke]).

Each stage: its command with the directories it reads and writes, the files it writes, its real sizes (`full`,
the ones the shipped models were trained with) and the tiny ones of --smoke (tests/python/test_mol_zinc_pipeline.py's).
The scripts' headers say what each one does and why; the comments here say why a stage is where it is.
Stages that go on from a checkpoint in place (resume=1, init=, students=) go on from whatever it holds: after
--from NAME on such a stage, its checkpoint has already had the later stages' training too.
"""
DATA = "data/mol"
SHIPPED = "static/models"
PY = "/usr/bin/python3"
M = "models/mol_zinc"
TSX = ["npx", "tsx"]
TINY_VAE = ["batch_size=64", "latent=8", "dec_hidden=32", "emb=16"]
TINY_PRIOR = ["batch_size=64", "width=32", "blocks=1"]
PRIOR = ["width=384", "blocks=3"]
# The tiny VAE greedily decodes every latent to the same string, so the decoded labels do not vary and the prior
# would have nothing to condition on (train_prior.py stops): --smoke still decodes and labels, but trains the
# fine-tunes and the property head on the input molecules' labels, as tests/python/test_mol_zinc_pipeline.py does.
DECODED, INPUT = "props_file=train.decoded.props.f32", "props_file=train.props.f32"
TINY_ALIGN = ["trajectories=96", "gen_batch=64", "teacher_steps=8", "steps=6", "batch_size=32"]
ALIGN_ROUND = ["p_data=0.3", "p_few=0.6", "p_w_target=0.8", "lr=5e-5"]   # rounds 2 and 3: runs conditioned like targets
EXPORTED = ["encoder", "decoder-init", "decoder", "teacher", "student-k4", "student-k2", "student-k1", "latent-props", "latent-confidence"]
CONFIDENCE_ROWS = ["train.prior", "train.prior3", "train.renoise1", "train.renoise2", "train.renoise3", "train.renoise4"]


def stages(data: str, models: str, tokens: str = "selfies") -> list[dict]:
    """The stages over {data} into {models}; tokens="smiles" is the decoder that may fail (stages_smiles.py)."""
    smiles = tokens == "smiles"
    ck = f"{data}/ckpt"
    a2 = f"{data}/align2"
    # Outside static/models (--smoke, --models) the shipped eval file stays as it is, and the SA model, which the
    # labels and the eval score SA with and which the sa family trains, is copied in from the shipped ones.
    eval_file = "eval-mol-zinc.json" if models == SHIPPED else f"{data}/eval-mol-zinc.json"
    split = lambda name: [f"{data}/{s}.{name}" for s in ("train", "valid", "test")]  # noqa: E731
    pairs = lambda name: [f"{data}/{name}.z.f32", f"{data}/{name}.tok.u8", f"{data}/{name}.json"]  # noqa: E731
    exported = [f"{models}/mol-zinc-{id}.{ext}" for id in EXPORTED for ext in ("onnx", "json")]
    vae = [PY, f"{M}/train_vae.py", f"data={data}", f"out={ck}"]
    decoded_prior = [PY, f"{M}/train_prior.py", f"data={data}", f"out={ck}", "on_means=1", "lr=5e-4",
                     f"init={ck}/prior.pt"]
    renoise = [dict(name=f"renoise{s}", outputs=pairs(f"train.renoise{s}"),
                    command=[PY, f"{M}/prior_pairs.py", f"data={data}", f"ckpt={ck}", f"trajectories={a2}/trajectories.pt",
                             f"renoise={s}", f"name=train.renoise{s}"]) for s in (1, 2, 3, 4)]
    return [
        *([dict(name="sa-model", command=["cp", f"{SHIPPED}/sa-mlp.onnx", f"{SHIPPED}/sa-mlp.json", f"{models}/"],
                outputs=[f"{models}/sa-mlp.onnx", f"{models}/sa-mlp.json"])] if models != SHIPPED else []),
        dict(name="prepare", command=[*TSX, f"{M}/prepare.ts", *(["--tokens", "smiles"] if smiles else []), "--out", data,
                                      "--hashes", f"{models}/mol-zinc-train.hashes"],
             outputs=[f"{data}/meta.json", *split("tok.u8"), *split("props.f32"), f"{models}/mol-zinc-train.hashes"],
             smoke=["--limit", "300"]),
        *(smiles_vae(vae, ck) if smiles else selfies_vae(vae, ck)),
        dict(name="prior", command=[PY, f"{M}/train_prior.py", f"data={data}", f"out={ck}", "on_means=1"], outputs=[f"{ck}/prior.pt"],
             full=[*PRIOR, "steps=12000"], smoke=[*TINY_PRIOR, "steps=60"]),
        # the prior is then conditioned on what the decoder makes of each training latent (greedy, as the studio
        # decodes), not on the input molecule, which the decoder reproduces only loosely
        dict(name="decode-train", command=[PY, f"{M}/decode_train.py", f"data={data}", f"ckpt={ck}", "temperature=0"],
             outputs=[f"{data}/train.decoded.tok.u8", f"{data}/train.decoded.json"]),
        dict(name="label-decoded", command=[*TSX, f"{M}/label_decoded.ts", "--data", data, "--models", models],
             outputs=[f"{data}/train.decoded.props.f32"]),
        dict(name="label-stats", command=[PY, f"{M}/label_stats.py", f"data={data}"]),   # a report: decoded vs input labels
        dict(name="prior-decoded", command=decoded_prior, outputs=[f"{ck}/prior.pt"], full=[*PRIOR, "steps=4000", DECODED], smoke=[*TINY_PRIOR, "steps=30", INPUT]),
        # twice more: the teacher's hit rates kept rising; a third time they did not
        dict(name="prior-decoded-2", command=decoded_prior, outputs=[f"{ck}/prior.pt"], full=[*PRIOR, "steps=8000", DECODED], smoke=[*TINY_PRIOR, "steps=30", INPUT]),
        dict(name="prior-decoded-3", command=decoded_prior, outputs=[f"{ck}/prior.pt"], full=[*PRIOR, "steps=8000", DECODED], smoke=[*TINY_PRIOR, "steps=30", INPUT]),
        # SMILES: the decoder alone, one epoch on latent neighbourhoods twice as wide (the encoder, and so the latent
        # space the prior learnt, stays put): the prior's samples then decode more often and with fewer macrocycles
        # (docs/experiments-decoder.md). The labels the prior learnt came from the decoder before this stage.
        *([dict(name="decoder-z2", command=[*vae, "resume=1", "freeze_encoder=1", "z_noise=2"], outputs=[f"{ck}/vae.pt"],
                full=["epochs=17", "max_minutes=15"], smoke=["epochs=3", *TINY_VAE])] if smiles else []),
        dict(name="distill", command=[PY, f"{M}/distill.py", f"data={data}", f"out={ck}", "lr_decay=1"], outputs=[f"{ck}/students.pt"],
             full=["guide_steps=3000", "round_steps=1500"],
             smoke=["guide_steps=20", "round_steps=10", "final_round_steps=12", "start_steps=8", "batch_size=64"]),
        # the students learnt from runs that start at unit noise; the studio starts at 0.5 and conditions on real
        # molecules' properties: each student's own run is fitted to the teacher's runs started that way
        dict(name="align", command=[PY, f"{M}/align_students.py", f"data={data}", f"ckpt={ck}", f"out={ck}"],
             outputs=[f"{ck}/students.pt", f"{ck}/trajectories.pt"], smoke=TINY_ALIGN),
        # two more rounds on runs conditioned like targets (most ask for one or two properties, at guidance 5)
        dict(name="align2", command=[PY, f"{M}/align_students.py", f"data={data}", f"ckpt={ck}", f"out={a2}", *ALIGN_ROUND, "seed=2"],
             outputs=[f"{a2}/students.pt", f"{a2}/trajectories.pt"], full=["steps=3000"], smoke=TINY_ALIGN),
        dict(name="align3", command=[PY, f"{M}/align_students.py", f"data={data}", f"ckpt={ck}", f"students={a2}/students.pt", f"out={ck}",
                                     *ALIGN_ROUND, "seed=3"],
             outputs=[f"{ck}/students.pt"], full=["steps=3000"], smoke=TINY_ALIGN),
        # the head that screens latents learns from the samplers' own latents too: the teacher's endpoints of
        # round 2's runs and each student's run from the same noise, decoded greedily and labelled
        dict(name="prior-pairs", command=[PY, f"{M}/prior_pairs.py", f"data={data}", f"ckpt={ck}", f"students={a2}/students.pt",
                                          f"trajectories={a2}/trajectories.pt"], outputs=pairs("train.prior")),
        dict(name="label-prior", command=[*TSX, f"{M}/label_decoded.ts", "--data", data, "--models", models, "--rows", "train.prior"],
             outputs=[f"{data}/train.prior.props.f32"]),
        dict(name="latent-props", command=[PY, f"{M}/train_latent_props.py", f"data={data}", f"ckpt={ck}", "samples=train.prior"],
             outputs=[f"{ck}/latent_props.pt"],
             smoke=["steps=100", "eval_every=20", "batch_size=64", "width=32", "depth=2", "members=2", INPUT]),
        # the head that picks the runs the decoder will be surest of: the same pairs, the shipped students' runs
        # and four sets of their runs from new starting noise, each labelled with the decoder's confidence
        dict(name="prior-pairs-3", command=[PY, f"{M}/prior_pairs.py", f"data={data}", f"ckpt={ck}", f"trajectories={a2}/trajectories.pt",
                                            "name=train.prior3"], outputs=pairs("train.prior3")),
        *renoise,
        # a SMILES decode RDKit.js rejects is labelled least sure (decode_confidence.py): which rows those are
        *([dict(name=f"valid-{r}", command=[*TSX, f"{M}/tokens_to_smiles.ts", "--data", data, "--in", f"{data}/{r}.tok.u8",
                                             "--valid", f"{data}/{r}.valid.u8"], outputs=[f"{data}/{r}.valid.u8"])
           for r in CONFIDENCE_ROWS] if smiles else []),
        dict(name="decode-confidence", command=[PY, f"{M}/decode_confidence.py", f"data={data}", f"ckpt={ck}", f"rows={','.join(CONFIDENCE_ROWS)}"],
             outputs=[f"{data}/{r}.conf.f32" for r in CONFIDENCE_ROWS]),
        dict(name="latent-confidence", command=[PY, f"{M}/train_latent_confidence.py", f"data={data}", f"ckpt={ck}"],
             outputs=[f"{ck}/latent_confidence.pt"],
             smoke=["steps=60", "eval_every=20", "batch_size=32", "width=16", "depth=2", "members=2", "held_out=0.25"]),
        # a report: how well the head ranks the runs' end estimates along the way (PICK_TIME in defaults.ts)
        dict(name="pick-time", command=[PY, f"{M}/pick_time.py", f"ckpt={ck}", f"trajectories={a2}/trajectories.pt"], smoke=["runs=64"]),
        dict(name="export", command=[PY, f"{M}/export.py", f"ckpt={ck}", f"data={data}", f"out={models}"], outputs=exported),
        dict(name="stats", command=[*TSX, f"{M}/stats.ts", data, f"{models}/mol-zinc-stats.json"],
             outputs=[f"{models}/mol-zinc-stats.json", f"{models}/mol-zinc-conditions.f32"]),
        # the eval runs the exported files as the browser does; its headline numbers then go into the cards
        dict(name="eval", command=[*TSX, "scripts/eval.ts", "mol-zinc", "--models", models, "--out", eval_file], outputs=[eval_file],
             full=["--samples", "10000", "--target-samples", "1000", "--teacher-target-samples", "500", "--ceiling"],
             smoke=["--samples", "24", "--target-samples", "4", "--teacher-target-samples", "2", "--targets", "T1",
                    "--reference-rows", "200"]),
        dict(name="cards", command=[PY, f"{M}/export.py", f"ckpt={ck}", f"data={data}", f"out={models}", f"metrics_file={eval_file}"],
             outputs=exported),
    ]


def selfies_vae(vae: list, ck: str) -> list[dict]:
    return [
        # the VAE in two runs (the second resumes), then the decoder alone on ever wider latent neighbourhoods:
        # the encoder, and so the latent space the prior learns, stays put
        dict(name="vae", command=vae, outputs=[f"{ck}/vae.pt"], full=["epochs=3", "max_minutes=45"], smoke=["epochs=1", *TINY_VAE]),
        dict(name="vae-resume", command=[*vae, "resume=1"], outputs=[f"{ck}/vae.pt"],
             full=["epochs=12", "max_minutes=110"], smoke=["epochs=2", *TINY_VAE]),
        dict(name="decoder-z2", command=[*vae, "resume=1", "freeze_encoder=1", "z_noise=2"], outputs=[f"{ck}/vae.pt"],
             full=["epochs=13", "max_minutes=25"], smoke=["epochs=3", *TINY_VAE]),
        dict(name="decoder-z3", command=[*vae, "resume=1", "freeze_encoder=1", "z_noise=3"], outputs=[f"{ck}/vae.pt"],
             full=["epochs=14", "max_minutes=10"], smoke=["epochs=4", *TINY_VAE]),
        dict(name="decoder-z4", command=[*vae, "resume=1", "freeze_encoder=1", "z_noise=4"], outputs=[f"{ck}/vae.pt"],
             full=["epochs=15", "max_minutes=7"], smoke=["epochs=5", *TINY_VAE]),
    ]


def smiles_vae(vae: list, ck: str) -> list[dict]:
    # Without the SELFIES chain's three decoder-only stages at wider latent noise here: they cost the SELFIES decoder
    # fidelity (42 % to 14 % exact reconstruction). One, milder, comes after the prior (decoder-z2, above).
    # A step budget, not epochs: the cosine schedule ends at max_steps, and the resumed run goes on to it.
    steps = ["max_steps=12000", "epochs=20"]
    return [
        dict(name="vae", command=vae, outputs=[f"{ck}/vae.pt"], full=[*steps, "max_minutes=45"], smoke=["epochs=1", *TINY_VAE]),
        dict(name="vae-resume", command=[*vae, "resume=1"], outputs=[f"{ck}/vae.pt"], full=[*steps, "max_minutes=150"],
             smoke=["epochs=2", *TINY_VAE]),
    ]
