"""The SA predictor's training, stage by stage, for models/train.py (npm run train -- sa [--smoke]):
features by the app's own featuriser, the ensemble, its ONNX file and card. `full` holds nothing: the scripts'
defaults are the shipped model's sizes; `smoke` holds tests/python/test_sa_pipeline.py's tiny ones."""
DATA = "data/sa"
PY = "/usr/bin/python3"


def stages(data: str, models: str) -> list[dict]:
    split = lambda name: [f"{data}/{s}.{name}" for s in ("train", "valid", "test")]  # noqa: E731
    return [
        dict(name="prepare", command=["npx", "tsx", "models/sa/prepare.ts", "--out", data],
             outputs=[f"{data}/meta.json", *split("bits.u8"), *split("desc.f32"), *split("y.f32"), *split("smi")],
             smoke=["--limit", "240"]),
        dict(name="train", command=[PY, "models/sa/train.py", f"data={data}", f"out={data}/ckpt"], outputs=[f"{data}/ckpt/ckpt.pt"],
             smoke=["epochs=2", "members=2", "hidden=32,16"]),
        dict(name="export", command=[PY, "models/sa/export.py", f"ckpt={data}/ckpt/ckpt.pt", f"data={data}", f"out={models}"],
             outputs=[f"{models}/sa-mlp.onnx", f"{models}/sa-mlp.json"]),
    ]
