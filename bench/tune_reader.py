"""Tune the learned reader's combination weights on NewsQA questions the benchmark never asks.

The questions are the next --n after bench.quality's sample in the same seeded shuffle
(items[300:300+n]), so tuning does not see the 300 reported in the README. Each setting is a
comma-separated list; every combination is scored (hit@1, EM, F1, right article, abstained).

    python -m bench.tune_reader --store /tmp/qstore --evidence-weight 5,10,20 --windows 10,15
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.quality import DEFAULT_DATA, grade, load_newsqa, newsqa_documents, newsqa_id, sample_questions  # noqa: E402


def floats(s: str) -> list[float]:
    return [float(x) for x in s.split(",")]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", required=True, help="store folder (indexed on first use)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsQA.dev-half.jsonl.gz (MRQA format)")
    ap.add_argument("--reader", default="learned")
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--skip", type=int, default=300, help="questions of the shuffle left to bench.quality")
    ap.add_argument("--evidence-weight", type=floats, default=None, help="default: the reader's own")
    ap.add_argument("--windows", type=floats, default=None)
    ap.add_argument("--radius", type=floats, default=None)
    ap.add_argument("--article", type=floats, default=[None], help="retrieval weight of the article's score")
    args = ap.parse_args(argv)

    from qa import Assistant

    records = load_newsqa(args.data)
    assistant = Assistant(args.store, reader=args.reader)
    assistant.add(newsqa_documents(records))
    items = sample_questions(records, args.skip + args.n)[args.skip:]
    reader = assistant.reader
    for name in ("evidence_weight", "windows", "radius"):
        if getattr(args, name) is None:
            setattr(args, name, [getattr(reader, name)])
    weights = assistant.retriever.weights
    print("weight windows radius article | hit@1   EM    F1  article abstain  s")
    grid = itertools.product(args.evidence_weight, args.windows, args.radius, args.article)
    for w, k, r, aw in grid:
        reader.evidence_weight, reader.windows, reader.radius = w, int(k), int(r)
        aw = weights.article if aw is None else aw
        assistant.retriever.weights = replace(weights, article=aw)
        t = time.perf_counter()
        rows = [grade(assistant.ask(qa["question"]), qa["answers"], newsqa_id(i)) for i, qa in items]
        pct = {key: 100 * sum(row[key] for row in rows) / len(rows) for key in rows[0]}
        print(f"{w:6g} {k:7g} {r:6g} {aw:7g} | {pct['citation_hit']:5.1f} {pct['em']:5.1f} {pct['f1']:5.1f}"
              f" {pct['right_article']:7.1f} {pct['abstained']:7.1f} {time.perf_counter() - t:4.0f}", flush=True)


if __name__ == "__main__":
    main()
