"""Answer quality on NewsQA (MRQA dev half): one open index of all 319 articles, a question sample.

    python -m bench.quality --n 300            # the README's figures
    python -m bench.quality --n 300 --store /tmp/nq   # reuse an index between runs

Sampling (as the reference figures in PRODUCT.md): the list [(article index, qa) for each article,
for each of its qas] in file order, shuffled with random.Random(0), first n.
The data is read from ../shared/eval-data (research-only licence): never copied into the project.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import random
import re
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "eval-data" / "newsqa-mrqa-dev" / "NewsQA.dev-half.jsonl.gz"


def load_newsqa(path: Path) -> list[dict]:
    """The MRQA records (one per article), header line skipped."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [rec for rec in map(json.loads, fh) if "header" not in rec]


def sample_questions(records: list[dict], n: int, seed: int = 0) -> list[tuple[int, dict]]:
    items = [(i, qa) for i, rec in enumerate(records) for qa in rec["qas"]]
    random.Random(seed).shuffle(items)
    return items[:n]


def newsqa_id(article: int) -> str:
    return f"newsqa-{article:03d}"


def newsqa_documents(records: list[dict]) -> list:
    """The articles as newsqa Documents, ids by position in the file (``newsqa_id``)."""
    from qa import Document

    return [Document(id=newsqa_id(i), text=rec["context"]) for i, rec in enumerate(records)]


def normalize_answer(s: str) -> str:
    """SQuAD normalisation: lowercase, no punctuation, no articles, single spaces."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1_score(pred: str, gold: str) -> float:
    p, g = normalize_answer(pred).split(), normalize_answer(gold).split()
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if not p or not g:
        return float(p == g)
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def grade(ans, golds: list[str], gold_doc: str) -> dict:
    """How one answer scores: right article (its first citation's, or first related sentence's),
    citation hit (the first cited sentence holds a gold answer), EM and F1 (best over the golds)."""
    pred = ans.answer or ""
    first = ans.citations[0] if ans.citations else (ans.related[0] if ans.related else None)
    return {
        "right_article": first is not None and first.doc_id == gold_doc,
        "citation_hit": bool(ans.citations)
        and any(normalize_answer(g) in normalize_answer(ans.citations[0].sentence) for g in golds),
        "em": max(float(normalize_answer(pred) == normalize_answer(g)) for g in golds),
        "f1": max(f1_score(pred, g) for g in golds),
        "abstained": ans.abstained,
    }


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--store", help="store folder to (re)use; default: a fresh temporary folder")
    ap.add_argument("--reader", default=None, help="rules, learned, or a model folder (default: the configured one)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    ap.add_argument("--show-errors", type=int, default=0, help="print this many wrong answers")
    args = ap.parse_args(argv)

    from qa import Assistant

    records = load_newsqa(args.data)
    store = args.store or tempfile.mkdtemp(prefix="newsqa-quality-")
    assistant = Assistant(store, reader=args.reader)
    docs = newsqa_documents(records)
    t0 = time.perf_counter()
    report = assistant.add(docs)
    index_s = time.perf_counter() - t0
    print(f"indexed {len(docs)} articles in {index_s:.1f} s ({report.summary()})", file=sys.stderr)

    sample = sample_questions(records, args.n)
    assistant.ask("warm up the models")  # load spaCy/ reader once, outside the timings
    rows = []
    latencies = []
    doc_cache: dict[str, str] = {}
    for art, qa in sample:
        golds = qa["answers"]
        t = time.perf_counter()
        ans = assistant.ask(qa["question"])
        latencies.append((time.perf_counter() - t) * 1000)
        valid = []
        for c in ans.citations + ans.related:
            text = doc_cache.get(c.doc_id) or assistant.get_document(c.doc_id).text
            doc_cache[c.doc_id] = text
            ok = text[c.start : c.end] == c.sentence
            if c.answer_start is not None:
                ok = ok and c.start <= c.answer_start < c.answer_end <= c.end
            valid.append(ok)
        rows.append(
            {
                "question": qa["question"],
                "gold": golds,
                "pred": ans.answer,
                **grade(ans, golds, newsqa_id(art)),
                "confidence": ans.confidence,
                "answerable": ans.answerable,
                "valid": valid,
                "sentence": ans.citations[0].sentence if ans.citations else None,
            }
        )
    n = len(rows)
    all_valid = [v for r in rows for v in r["valid"]]
    figures = {
        "questions": n,
        "articles": len(docs),
        "reader": assistant.reader.name,
        "right_article_at_1": round(100 * sum(r["right_article"] for r in rows) / n, 1),
        "citation_hit_at_1": round(100 * sum(r["citation_hit"] for r in rows) / n, 1),
        "exact_match": round(100 * sum(r["em"] for r in rows) / n, 1),
        "f1": round(100 * sum(r["f1"] for r in rows) / n, 1),
        "abstention_rate": round(100 * sum(r["abstained"] for r in rows) / n, 1),
        "citation_validity": round(100 * sum(all_valid) / len(all_valid), 2) if all_valid else 100.0,
        "citations_checked": len(all_valid),
        "index_seconds": round(index_s, 1),
        "query_p50_ms": round(statistics.median(latencies), 1),
        "query_p95_ms": round(percentile(latencies, 0.95), 1),
    }
    width = max(map(len, figures))
    for k, v in figures.items():
        print(f"{k:<{width}}  {v}")
    print("\ncalibration (all questions are answerable): confidence band -> questions, mean F1, abstained")
    for lo, hi in ((0.0, 0.25), (0.25, 0.4), (0.4, 0.55), (0.55, 0.7), (0.7, 1.01)):
        band = [r for r in rows if lo <= r["confidence"] < hi]
        if band:
            f1 = 100 * sum(r["f1"] for r in band) / len(band)
            print(f"  [{lo:.2f}, {min(hi, 1.0):.2f})  {len(band):4d}  F1 {f1:5.1f}  abstained {sum(r['abstained'] for r in band)}")
    for r in [r for r in rows if r["f1"] < 0.5][: args.show_errors]:
        print(f"\nQ: {r['question']}\n  gold: {r['gold']}\n  pred: {r['pred']}  article={r['right_article']} hit={r['citation_hit']}\n  sent: {r['sentence']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"figures": figures, "rows": rows}, indent=1))
    return figures


if __name__ == "__main__":
    main()
