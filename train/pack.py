"""Move reader weights to and from a GPU machine whose transfers are capped (~16 MB a file).

* ``base``: the packaged all-MiniLM-L6-v2 as an fp16 copy (45 MB instead of 91 MB) to start
  training from; ``train.reader`` loads it back as fp32.
* ``pack_state_dict`` (used by ``train.reader --packed``): every 2-D float weight as int8 with
  one fp32 scale per output row (symmetric, max|row| / 127), everything else as is; ~23 MB.
  That is the very grid ``train.export --scheme dynamic-pc`` quantises to (per output channel
  for MatMuls, per row for the embedding tables), so exporting the unpacked weights gives the
  same int8 model as exporting the fp32 weights would.
* ``unpack``: packed file (or its ``split`` parts) -> a Hugging Face checkpoint folder for
  ``train.export --ckpt``.

    python -m train.pack base .gpu/base
    python -m train.pack unpack OUT/A.packed.part- /tmp/reader_A
"""
from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

import torch

from index.embed import default_model_path

BASE_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def write_fp16_base(out: Path) -> None:
    from safetensors.torch import load_file, save_file

    src = Path(default_model_path())
    out.mkdir(parents=True, exist_ok=True)
    for name in BASE_FILES:
        shutil.copy(src / name, out / name)
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


def save_checkpoint(state_dict: dict, out: Path, what: str) -> None:
    """Reader weights -> a Hugging Face QA checkpoint folder (config and tokenizer of the base)."""
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    base = default_model_path()
    model = AutoModelForQuestionAnswering.from_pretrained(base, dtype=torch.float32)
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    if missing or unexpected:
        raise SystemExit(f"{what}: weights do not fit the reader (missing {missing}, unexpected {unexpected})")
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)


def unpack(path: str, out: Path) -> None:
    save_checkpoint(unpack_state_dict(read_packed(path)), out, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("base", help="write the fp16 copy of the packaged base model")
    b.add_argument("out", type=Path)
    u = sub.add_parser("unpack", help="packed weights -> Hugging Face checkpoint folder")
    u.add_argument("packed")
    u.add_argument("out", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "base":
        write_fp16_base(args.out)
    else:
        unpack(args.packed, args.out)


if __name__ == "__main__":
    main()
