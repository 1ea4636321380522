"""Export a fine-tuned Hugging Face QA checkpoint to an int8 ONNX model for qa/span_model.py.

Steps: torch -> ONNX (fp32, dynamic batch/sequence axes) -> onnxruntime
``quantize_dynamic`` (int8 weights for every MatMul *and* the embedding Gathers, so the
30522x384 word-embedding table is stored as int8 too) -> copy tokenizer files and write
``reader_config.json``.

Needs the ``onnx`` package (plus ``onnxscript``/``ml_dtypes`` for the torch exporter) at
export time only; inference needs just onnxruntime + tokenizers + numpy. They are not
project dependencies: install them aside, e.g.
    pip install --target /tmp/onnx_pkgs --no-deps onnx onnxscript onnx-ir ml_dtypes
    PYTHONPATH=/tmp/onnx_pkgs python -m train.export --ckpt /tmp/reader_run/final --out models/reader

Example:
    PYTHONPATH=/tmp/onnx_pkgs python -m train.export --ckpt /tmp/reader_run/final --out models/reader
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import torch

TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")


class _Wrap(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, attention_mask, token_type_ids):
        o = self.m(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        return o.start_logits, o.end_logits


def export_onnx(ckpt: Path, onnx_path: Path, opset: int = 17) -> None:
    from transformers import AutoModelForQuestionAnswering

    model = AutoModelForQuestionAnswering.from_pretrained(ckpt).eval()
    w = _Wrap(model).eval()
    ids = torch.tensor([[101, 2054, 2003, 102, 1037, 3231, 102, 0]], dtype=torch.long).repeat(2, 1)
    am = (ids != 0).long()
    tt = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 0]], dtype=torch.long).repeat(2, 1)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    try:  # legacy TorchScript exporter: small, plain graph, dynamic axes
        torch.onnx.export(w, (ids, am, tt), str(onnx_path), input_names=names,
                          output_names=["start_logits", "end_logits"],
                          dynamic_axes={n: {0: "batch", 1: "seq"} for n in names + ["start_logits", "end_logits"]},
                          opset_version=opset, do_constant_folding=True, dynamo=False)
    except Exception as e:  # pragma: no cover - fallback to the dynamo exporter
        print(f"legacy exporter failed ({e}); trying dynamo=True", file=sys.stderr)
        b, s = torch.export.Dim("batch"), torch.export.Dim("seq", max=512)
        prog = torch.onnx.export(w, (ids, am, tt), input_names=names, output_names=["start_logits", "end_logits"],
                                 dynamic_shapes=({0: b, 1: s}, {0: b, 1: s}, {0: b, 1: s}), dynamo=True,
                                 external_data=False)
        prog.save(str(onnx_path))


def quantize_gathers_per_row(model) -> int:
    """Rewrite Gather(float table initializer, idx) as
    Mul(Cast(Gather(int8 table, idx)), Gather(row scales, idx)): symmetric per-row int8."""
    from onnx import TensorProto, helper, numpy_helper

    g = model.graph
    inits = {t.name: t for t in g.initializer}
    new_nodes, n = [], 0
    for node in g.node:
        if node.op_type == "Gather" and node.input[0] in inits and inits[node.input[0]].data_type == TensorProto.FLOAT:
            w = numpy_helper.to_array(inits[node.input[0]])
            axis = next((a.i for a in node.attribute if a.name == "axis"), 0)
            if w.ndim == 2 and axis == 0:
                scale = np.maximum(np.abs(w).max(axis=1, keepdims=True), 1e-8) / 127.0
                wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
                base = node.input[0]
                g.initializer.remove(inits[base])
                g.initializer.extend([numpy_helper.from_array(wq, base + "_int8"),
                                      numpy_helper.from_array(scale.astype(np.float32), base + "_scale")])
                out = node.output[0]
                new_nodes += [
                    helper.make_node("Gather", [base + "_int8", node.input[1]], [out + "_q"], axis=0),
                    helper.make_node("Cast", [out + "_q"], [out + "_qf"], to=TensorProto.FLOAT),
                    helper.make_node("Gather", [base + "_scale", node.input[1]], [out + "_s"], axis=0),
                    helper.make_node("Mul", [out + "_qf", out + "_s"], [out]),
                ]
                n += 1
                continue
        new_nodes.append(node)
    del g.node[:]
    g.node.extend(new_nodes)
    return n


def drop_nan_guards(model) -> int:
    """Remove the exporter's guard after each attention softmax, ``Where(IsNaN(p), 0, p)``, which
    only matters for a query that may attend to nothing (a window all padding). ``qa/span_model.py``
    runs every window alone, unpadded, [CLS] first: the guard never fires, and the logits are the
    same bit for bit without it (5% of a question's reading time on 2 cores). Also drops the nodes
    left with no reader. Returns how many guards were removed."""
    g = model.graph
    guards = {n.output[0]: n.input[2] for n in g.node if n.op_type == "Where" and n.input[0].endswith("IsNaN_output_0")
              and any(m.op_type == "IsNaN" and m.output[0] == n.input[0] for m in g.node)}
    nodes = [n for n in g.node if n.output[0] not in guards]
    for n in nodes:
        for i, x in enumerate(n.input):
            if x in guards:
                n.input[i] = guards[x]
    while True:  # the IsNaN nodes and the guards' constants, then whatever only they read
        read = {x for n in nodes for x in n.input} | {o.name for o in g.output}
        kept = [n for n in nodes if any(o in read for o in n.output)]
        if len(kept) == len(nodes):
            break
        nodes = kept
    del g.node[:]
    g.node.extend(nodes)
    return len(guards)


def quantize(src: Path, dst: Path, scheme: str = "dynamic", block_size: int = 32, accuracy_level: int = 4) -> None:
    """dynamic: onnxruntime quantize_dynamic (int8 weights, activations quantised per tensor at run
    time: results depend slightly on what else is in the batch).
    wo8: weight-only 8-bit block quantisation (MatMulNBits / GatherBlockQuantized contrib ops,
    symmetric, `block_size` weights per fp scale), fp32 activations: batch-independent results."""
    if scheme == "wo8":
        import onnx
        from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

        q = MatMulNBitsQuantizer(onnx.load(str(src)), bits=8, block_size=block_size, is_symmetric=True,
                                 op_types_to_quantize=("MatMul",), quant_axes=(("MatMul", 0),),
                                 accuracy_level=accuracy_level)
        q.process()
        model = q.model.model
        quantize_gathers_per_row(model)  # GatherBlockQuantized only does 4 bits: embeddings by hand
        onnx.save(model, str(dst))
        return
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if scheme == "dynamic-pc":
        import onnx

        mid = Path(str(dst) + ".mid.onnx")
        quantize_dynamic(str(src), str(mid), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"], extra_options={"WeightSymmetric": True})
        model = onnx.load(str(mid))
        quantize_gathers_per_row(model)
        onnx.save(model, str(dst))
        mid.unlink()
        return
    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=False,
                     op_types_to_quantize=["MatMul", "Gather"],
                     extra_options={"WeightSymmetric": True})


def max_abs_diff(ckpt: Path, onnx_path: Path, tok_dir: Path) -> dict:
    """Compare int8 ONNX logits with the fp32 torch model on a couple of inputs."""
    import onnxruntime as ort
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tok_dir)
    enc = tok(["Who wrote the report?", "When did it open?"],
              ["The report was written by Jane Smith in 2019 for the city council.",
               "The bridge opened to traffic in May 1937 after four years of work."],
              return_tensors="np", padding=True)
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    s, e = sess.run(None, {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")})
    model = AutoModelForQuestionAnswering.from_pretrained(ckpt).eval()
    with torch.no_grad():
        o = model(**{k: torch.from_numpy(enc[k]) for k in ("input_ids", "attention_mask", "token_type_ids")})
    m = enc["attention_mask"].astype(bool)
    return {"max_abs_diff_start": float(np.abs(s - o.start_logits.numpy())[m].max()),
            "max_abs_diff_end": float(np.abs(e - o.end_logits.numpy())[m].max()),
            "argmax_agree": bool((s.argmax(1) == o.start_logits.numpy().argmax(1)).all()
                                 and (e.argmax(1) == o.end_logits.numpy().argmax(1)).all())}


def trim(path: Path) -> int:
    """``drop_nan_guards`` on an ONNX file, in place."""
    import onnx

    model = onnx.load(str(path))
    n = drop_nan_guards(model)
    if n:
        onnx.save(model, str(path))
    return n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trim", type=Path, help="only remove the softmax NaN guards of this ONNX file, in place "
                    "(drop_nan_guards), e.g. models/reader/model.int8.onnx")
    ap.add_argument("--ckpt", help="HF checkpoint dir (train.reader's <out>/final)")
    ap.add_argument("--out", help="e.g. models/reader")
    ap.add_argument("--scheme", choices=("dynamic", "dynamic-pc", "wo8"), default="dynamic",
                    help="int8 scheme (see quantize()); default dynamic")
    ap.add_argument("--block-size", type=int, default=32, help="wo8 block size")
    ap.add_argument("--accuracy-level", type=int, default=4,
                    help="wo8 MatMulNBits accuracy_level (4 = int8 compute, activations quantised per block)")
    ap.add_argument("--keep-fp32", default=None, help="also keep the fp32 ONNX file at this path")
    args = ap.parse_args(argv)
    if args.trim:
        print(f"{args.trim}: {trim(args.trim)} NaN guards removed")
        return
    if not (args.ckpt and args.out):
        ap.error("--ckpt and --out are required (or --trim FILE)")
    ckpt, out = Path(args.ckpt), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as td:
        fp32 = Path(td) / "model_fp32.onnx"
        export_onnx(ckpt, fp32)
        quantize(fp32, out / "model.int8.onnx", args.scheme, args.block_size, args.accuracy_level)
        trim(out / "model.int8.onnx")
        if args.keep_fp32:
            shutil.copy(fp32, args.keep_fp32)
    for f in TOKENIZER_FILES:
        if (ckpt / f).exists():
            shutil.copy(ckpt / f, out / f)
    cfg = json.loads((ckpt / "config.json").read_text())
    info = {}
    if (ckpt / "run_info.json").exists():
        info = json.loads((ckpt / "run_info.json").read_text())
    a = info.get("args", {})
    rc = {
        "format": "onnx-int8",
        "quantization": args.scheme if args.scheme != "wo8" else f"wo8 (block {args.block_size}, accuracy_level {args.accuracy_level})",
        "onnx": "model.int8.onnx",
        "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        "max_len": a.get("max_len", 256),
        "stride": a.get("stride", 64),
        "max_question_tokens": 64,
        "do_lower_case": True,
        "hidden_size": cfg.get("hidden_size"),
        "num_hidden_layers": cfg.get("num_hidden_layers"),
        "training": info,
    }
    (out / "reader_config.json").write_text(json.dumps(rc, indent=1))
    check = max_abs_diff(ckpt, out / "model.int8.onnx", out)
    total = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(json.dumps({"out": str(out), "total_bytes": total, "int8_vs_fp32": check}, indent=1))


if __name__ == "__main__":
    main()
