"""Move reader weights to and from a GPU machine whose transfers are capped (~16 MB a file).

* ``base``: the packaged all-MiniLM-L6-v2 as an fp16 copy (45 MB instead of 91 MB) to start
  training from; ``train.reader`` loads it back as fp32.
* ``pack_state_dict`` (used by ``train.reader --packed``): every 2-D float weight as int8 with
  one fp32 scale per output row (symmetric, max|row| / 127), everything else as is; ~23 MB.
  That is the very grid ``train.export --scheme dynamic-pc`` quantises to (per output channel
  for MatMuls, per row for the embedding tables), so exporting the unpacked weights gives the
  same int8 model as exporting the fp32 weights would.
* ``unpack``: packed file (or its ``split`` parts) -> a Hugging Face checkpoint folder for
  ``train.export --ckpt``; with ``--onto`` an int8 reader supplies the weights the run did not
  train (a run with ``--freeze-embeddings`` packs only what it trained, ~12 MB).
* ``from-onnx``: the shipped int8 reader (``models/reader/model.int8.onnx``) back as a Hugging Face
  checkpoint, to train further from it: every weight on the int8 grid it was exported to, so
  packing it again gives the same int8 values. Needs only the base's config and tokenizer files
  (``base --no-weights``, ~1 MB): the shipped model travels with the repository.

    python -m train.pack base .gpu/base
    python -m train.pack base --no-weights .gpu/config
    python -m train.pack from-onnx models/reader/model.int8.onnx .gpu/config /tmp/init
    python -m train.pack unpack OUT/A.packed.part- /tmp/reader_A [--onto models/reader/model.int8.onnx]
"""
from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

import numpy as np
import torch

BASE_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def _default_base() -> str:
    from index.embed import default_model_path

    return default_model_path()


def write_fp16_base(out: Path, weights: bool = True) -> None:
    from safetensors.torch import load_file, save_file

    src = Path(_default_base())
    out.mkdir(parents=True, exist_ok=True)
    for name in BASE_FILES:
        shutil.copy(src / name, out / name)
    if not weights:
        return
    sd = load_file(src / "model.safetensors")
    save_file({k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}, out / "model.safetensors",
              metadata={"format": "pt"})


def pack_state_dict(sd: dict) -> dict:
    packed = {}
    for k, v in sd.items():
        v = v.detach().cpu()
        if v.is_floating_point() and v.dim() == 2:
            v = v.float()
            scale = v.abs().amax(dim=1, keepdim=True).clamp_min(1e-8) / 127.0
            packed[k] = {"q": torch.clamp(torch.round(v / scale), -127, 127).to(torch.int8), "scale": scale}
        else:
            packed[k] = v.float() if v.is_floating_point() else v
    return packed


def unpack_state_dict(packed: dict) -> dict:
    return {k: (v["q"].float() * v["scale"] if isinstance(v, dict) else v) for k, v in packed.items()}


def read_packed(path: str) -> dict:
    """A packed file, or the prefix of its ``split`` parts (joined in name order)."""
    p = Path(path)
    if p.is_file():
        return torch.load(p, map_location="cpu", weights_only=True)
    parts = sorted(p.parent.glob(p.name + "*"))
    if not parts:
        raise SystemExit(f"{path}: no packed file or parts found")
    return torch.load(io.BytesIO(b"".join(x.read_bytes() for x in parts)), map_location="cpu", weights_only=True)


def onnx_state_dict(path: str | Path) -> dict:
    """An int8 reader written by ``train.export --scheme dynamic-pc`` as the float state dict of a
    ``BertForQuestionAnswering``: MatMul weights (int8 [in, out], one scale per output column) and
    the embedding tables (int8, one scale per row) dequantised; biases and LayerNorms as stored."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    sd = {}
    for name, arr in init.items():
        if not name.startswith("m.") or name.endswith("_scale"):
            continue
        if name.endswith("_int8"):  # an embedding table
            key = name[2 : -len("_int8")]
            sd[key] = torch.from_numpy(arr.astype(np.float32) * init[key.join(("m.", "_scale"))])
        else:
            sd[name[2:]] = torch.from_numpy(arr.astype(np.float32))
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        weight, zero = node.input[1], init[node.input[3]]
        if zero.any() or not weight.endswith("_quantized"):
            raise SystemExit(f"{path}: {node.name} is not a symmetric int8 MatMul of train.export")
        module = node.name.removeprefix("/m/").rsplit("/", 1)[0].replace("/", ".")
        scale = init[weight[: -len("_quantized")] + "_scale"]
        sd[module + ".weight"] = torch.from_numpy((init[weight].astype(np.float32) * scale).T.copy())
    return sd


def save_checkpoint(state_dict: dict, out: Path, what: str, base: str | None = None) -> None:
    """Reader weights -> a Hugging Face QA checkpoint folder (config and tokenizer of the base)."""
    from transformers import AutoConfig, AutoModelForQuestionAnswering, AutoTokenizer

    base = base or _default_base()
    model = AutoModelForQuestionAnswering.from_config(AutoConfig.from_pretrained(base))
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise SystemExit(f"{what}: weights do not fit the reader (missing {missing}, unexpected {unexpected})")
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)


def unpack(path: str, out: Path, onto: str | None = None) -> None:
    sd = onnx_state_dict(onto) if onto else {}
    sd.update(unpack_state_dict(read_packed(path)))
    save_checkpoint(sd, out, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("base", help="write the fp16 copy of the packaged base model")
    b.add_argument("out", type=Path)
    b.add_argument("--no-weights", action="store_true", help="only the config and tokenizer files")
    u = sub.add_parser("unpack", help="packed weights -> Hugging Face checkpoint folder")
    u.add_argument("packed")
    u.add_argument("out", type=Path)
    u.add_argument("--onto", help="an int8 reader (ONNX) giving the weights the packed file lacks")
    o = sub.add_parser("from-onnx", help="an int8 reader (ONNX) -> Hugging Face checkpoint folder")
    o.add_argument("onnx")
    o.add_argument("base", help="folder with the base's config and tokenizer files")
    o.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "base":
        write_fp16_base(args.out, weights=not args.no_weights)
    elif args.cmd == "from-onnx":
        save_checkpoint(onnx_state_dict(args.onnx), args.out, args.onnx, base=args.base)
    else:
        unpack(args.packed, args.out, args.onto)


if __name__ == "__main__":
    main()
