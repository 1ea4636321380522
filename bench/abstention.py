"""Abstention: does newsqa say "not in the documents" when the documents do not say it?

NewsQA dev half (MRQA 2019, 319 CNN articles): every other article is indexed (even positions),
the others are left out. Questions about indexed articles are answerable; questions about the
left-out ones are not (their article is missing; other CNN stories of the same weeks are there).

    python -m bench.abstention                    # 150 + 150 questions, the reported part
    python -m bench.abstention --part tune        # another 150 + 150 (disjoint): for choosing thresholds
    python -m bench.abstention --store /tmp/abst  # reuse the index between runs

Each pool is shuffled with random.Random(seed); the report part is its first ``n`` questions, the
tune part the next ``n``. An answer is right when its F1 against a gold answer is >= 0.5.
Reports: abstention on unanswerable, answers given on answerable, F1 on answerable (abstaining
scores 0), precision of the answers given, and calibration (reliability bins, expected calibration
error) of ``Answer.confidence`` over the answers given. ``--sweep`` shows the same figures for other
abstention thresholds on P(answerable); they are exact when the run itself never abstains
(``NEWSQA_ABSTAIN_THRESHOLD=0``). Choose thresholds on the tune part only.
The data is read from the eval-data folder (research-only licence), never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import DEFAULT_DATA, f1_score, load_newsqa, newsqa_documents, normalize_answer, percentile  # noqa: E402

RIGHT_F1 = 0.5


def pools(records: list[dict], seed: int = 0) -> tuple[list[tuple[int, dict]], list[tuple[int, dict]]]:
    """(answerable, unanswerable) questions: about the indexed (even) and the left-out (odd) articles."""
    answerable = [(i, qa) for i, rec in enumerate(records) if i % 2 == 0 for qa in rec["qas"]]
    unanswerable = [(i, qa) for i, rec in enumerate(records) if i % 2 == 1 for qa in rec["qas"]]
    random.Random(seed).shuffle(answerable)
    random.Random(seed + 1).shuffle(unanswerable)
    return answerable, unanswerable


def part(items: list, name: str, n: int) -> list:
    """The report part (first ``n``) or the tune part (the next ``n``) of a shuffled pool."""
    return items[:n] if name == "report" else items[n : 2 * n]


def grade_row(ans, qa: dict, answerable: bool) -> dict:
    """One question's outcome."""
    golds = qa["answers"]
    pred = ans.answer or ""
    f1 = max(f1_score(pred, g) for g in golds) if answerable and not ans.abstained else 0.0
    hit = (
        answerable
        and bool(ans.citations)
        and any(normalize_answer(g) in normalize_answer(ans.citations[0].sentence) for g in golds)
    )
    return {
        "question": qa["question"],
        "answerable": answerable,
        "abstained": ans.abstained,
        "confidence": ans.confidence,
        "answerable_p": ans.answerable if ans.answerable is not None else ans.confidence,
        "pred": ans.answer,
        "gold": golds,
        "f1": f1,
        "right": (not ans.abstained) and f1 >= RIGHT_F1,
        "citation_hit": hit,
        "reason": getattr(ans, "reason", None),
    }


def figures(rows: list[dict], threshold: float | None = None) -> dict:
    """The benchmark's figures; with ``threshold``, as if the abstention threshold on P(answerable)
    (``Answer.answerable``; the confidence before it existed) were ``threshold``."""

    def abstains(r: dict) -> bool:
        return r["abstained"] if threshold is None else r["abstained"] or r["answerable_p"] < threshold

    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    given = [r for r in rows if not abstains(r)]
    right = [r for r in given if r["right"]]
    hits = [r for r in given if r["citation_hit"]]
    return {
        "answerable": len(ans),
        "unanswerable": len(una),
        "abstained_on_unanswerable_pct": _pct(sum(abstains(r) for r in una), len(una)),
        "answered_answerable_pct": _pct(sum(not abstains(r) for r in ans), len(ans)),
        "f1_answerable": round(100 * sum(r["f1"] for r in ans if not abstains(r)) / max(1, len(ans)), 1),
        "answers_given": len(given),
        "precision_given_pct": _pct(len(right), len(given)),
        "precision_given_citation_hit_pct": _pct(len(hits), len(given)),
    }


def calibration(rows: list[dict], bins: int = 10) -> tuple[list[dict], float]:
    """Reliability bins of confidence over the answers given, and the expected calibration error."""
    given = [r for r in rows if not r["abstained"]]
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        band = [r for r in given if lo <= r["confidence"] < hi or (b == bins - 1 and r["confidence"] == 1.0)]
        if not band:
            continue
        conf = sum(r["confidence"] for r in band) / len(band)
        acc = sum(r["right"] for r in band) / len(band)
        ece += len(band) / len(given) * abs(conf - acc)
        table.append({"band": f"[{lo:.1f}, {hi:.1f})", "answers": len(band), "mean_confidence": round(conf, 3),
                      "right": round(acc, 3)})
    return table, round(ece, 4)


def _pct(k: int, n: int) -> float:
    return round(100 * k / n, 1) if n else 0.0


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="NewsQA.dev-half.jsonl.gz (MRQA format)")
    ap.add_argument("--n", type=int, default=150, help="questions per pool (answerable, unanswerable)")
    ap.add_argument("--part", choices=["report", "tune"], default="report")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--store", help="store folder to (re)use; default: a fresh temporary folder")
    ap.add_argument("--json", type=Path, help="also write the figures and rows to this file")
    ap.add_argument("--sweep", action="store_true", help="figures at other abstention thresholds")
    args = ap.parse_args(argv)

    from qa import Assistant

    records = load_newsqa(args.data)
    docs = [d for i, d in enumerate(newsqa_documents(records)) if i % 2 == 0]
    assistant = Assistant(args.store or tempfile.mkdtemp(prefix="newsqa-abstention-"))
    t0 = time.perf_counter()
    report = assistant.add(docs)
    print(f"indexed {len(docs)} articles in {time.perf_counter() - t0:.1f} s ({report.summary()})", file=sys.stderr)

    answerable, unanswerable = pools(records, args.seed)
    sample = [(qa, True) for _, qa in part(answerable, args.part, args.n)]
    sample += [(qa, False) for _, qa in part(unanswerable, args.part, args.n)]
    assistant.ask("warm up the models")
    rows, latencies = [], []
    for qa, is_answerable in sample:
        t = time.perf_counter()
        ans = assistant.ask(qa["question"])
        latencies.append((time.perf_counter() - t) * 1000)
        rows.append(grade_row(ans, qa, is_answerable))

    result = figures(rows)
    table, ece = calibration(rows)
    result.update({"part": args.part, "expected_calibration_error": ece, "query_p50_ms": round(statistics.median(latencies), 1),
                   "query_p95_ms": round(percentile(latencies, 0.95), 1)})
    width = max(map(len, result))
    for k, v in result.items():
        print(f"{k:<{width}}  {v}")
    print("\nreliability (answers given): band, answers, mean confidence, share right")
    for t in table:
        print(f"  {t['band']}  {t['answers']:4d}  {t['mean_confidence']:.3f}  {t['right']:.3f}")
    if args.sweep:
        print("\nthreshold  abstain-unans  answer-ans  F1-ans  given  precision")
        for th in [x / 100 for x in range(0, 100, 5)]:
            f = figures(rows, th)
            print(f"  {th:.2f}     {f['abstained_on_unanswerable_pct']:5.1f}        {f['answered_answerable_pct']:5.1f}"
                  f"      {f['f1_answerable']:5.1f}  {f['answers_given']:4d}   {f['precision_given_pct']:5.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"figures": result, "calibration": table, "rows": rows}, indent=1))
    return result


if __name__ == "__main__":
    main()
