"""The one way a PyTorch module becomes one of the app's ONNX files: opset 17, constant folding, checked by onnx,
its large weights stored as float16 when asked (onnx_fp16.py). Returns the file's size and SHA-256 for its card."""
import hashlib

import onnx
import torch

from onnx_fp16 import store_fp16

OPSET = 17


def write_onnx(module, args, path, names_in, names_out, dynamic, fp16=False) -> tuple[int, str]:
    module.eval()
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=names_in, output_names=names_out,
                      dynamic_axes=dynamic, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    if fp16:
        store_fp16(path)
    blob = open(path, "rb").read()
    return len(blob), hashlib.sha256(blob).hexdigest()
