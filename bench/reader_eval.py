"""Evaluate the learned extractive reader alone, given the gold context.

EM / F1 (official SQuAD v1.1 normalisation, max over the gold answers) of the top span
returned by ``qa.span_model.SpanModel.read(question, [context], top_k=1)``.
Long contexts (NewsQA articles) are handled by the reader's overlapping windows.

Data (evaluation only, never used for training; not copied into the repo):
  SQuAD v1.1 dev (MRQA format)  ../shared/eval-data/squad-v1.1-mrqa-dev/SQuAD.jsonl.gz
  NewsQA dev half (MRQA format) ../shared/eval-data/newsqa-mrqa-dev/NewsQA.dev-half.jsonl.gz

    python -m bench.reader_eval --squad-n 1000 --newsqa-n 0      # 0 = all NewsQA questions
    python -m bench.reader_eval --model-dir some/hf_qa_model --threads 2
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.quality import f1_score, normalize_answer  # noqa: E402
from qa.span_model import SpanModel  # noqa: E402

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval-data"  # beside the checkout
SQUAD_DEV = EVAL / "squad-v1.1-mrqa-dev" / "SQuAD.jsonl.gz"
NEWSQA_DEV = EVAL / "newsqa-mrqa-dev" / "NewsQA.dev-half.jsonl.gz"


def exact_match(pred: str, gold: str) -> float:
    return float(normalize_answer(pred) == normalize_answer(gold))


def load_mrqa(path: Path):
    """-> list of (context, question, [answers])"""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if "header" in r:
                continue
            for qa in r["qas"]:
                golds = list(qa.get("answers") or [])
                for da in qa.get("detected_answers") or []:
                    if da.get("text") and da["text"] not in golds:
                        golds.append(da["text"])
                if golds:
                    out.append((r["context"], qa["question"], golds))
    return out


def evaluate(reader: SpanModel, items, name: str) -> dict:
    em = f1 = 0.0
    lat = []
    ctx_chars = 0
    for ctx, q, golds in items:
        t0 = time.perf_counter()
        c = reader.read(q, [ctx], top_k=1)
        lat.append(time.perf_counter() - t0)
        pred = ctx[c[0].start:c[0].end] if c else ""
        em += max(exact_match(pred, g) for g in golds)
        f1 += max(f1_score(pred, g) for g in golds)
        ctx_chars += len(ctx)
    n = len(items)
    lat.sort()
    return {"set": name, "n": n, "EM": 100 * em / n, "F1": 100 * f1 / n,
            "ms_mean": 1000 * sum(lat) / n, "ms_p50": 1000 * lat[n // 2], "ms_p95": 1000 * lat[int(n * 0.95)],
            "ctx_chars_mean": ctx_chars / n}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", default=None, help="default: the shipped models/reader/")
    ap.add_argument("--squad-n", type=int, default=1000, help="random sample of SQuAD dev questions (0 = all, -1 = skip)")
    ap.add_argument("--newsqa-n", type=int, default=0, help="random sample of NewsQA dev-half questions (0 = all, -1 = skip)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--eval-data", type=Path, default=EVAL, help="the eval-data folder (default: ../shared/eval-data)")
    args = ap.parse_args(argv)
    squad_dev = args.eval_data / SQUAD_DEV.relative_to(EVAL)
    newsqa_dev = args.eval_data / NEWSQA_DEV.relative_to(EVAL)

    t0 = time.perf_counter()
    reader = SpanModel(args.model_dir, threads=args.threads)
    load_s = time.perf_counter() - t0
    results = []
    for name, path, n in (("SQuAD v1.1 dev", squad_dev, args.squad_n), ("NewsQA dev-half", newsqa_dev, args.newsqa_n)):
        if n < 0:
            continue
        items = load_mrqa(path)
        if n and n < len(items):
            items = random.Random(args.seed).sample(items, n)
        results.append(evaluate(reader, items, name))
    print(f"model: {reader.model_dir}  (load {load_s:.2f}s, threads={args.threads})")
    print(f"{'set':<18} {'n':>5} {'EM':>6} {'F1':>6} {'ms/q mean':>10} {'p50':>7} {'p95':>7}")
    for r in results:
        print(f"{r['set']:<18} {r['n']:>5} {r['EM']:>6.1f} {r['F1']:>6.1f} {r['ms_mean']:>10.1f} "
              f"{r['ms_p50']:>7.1f} {r['ms_p95']:>7.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"model_dir": str(reader.model_dir), "load_s": load_s,
                                               "results": results}, indent=1))


if __name__ == "__main__":
    main()
