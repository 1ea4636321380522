"""Do the span rules withhold right answers? Each gold answer checked in its own paragraph.

    python -m bench.rules                 # SQuAD v1.1 dev and the NewsQA dev half (MRQA 2019)

For every question that asks for a measure (``qa.measures``: a sum of money, a score, a time), does
one of its gold answers give it, as the rule reads spans? For every question that asks who holds a
name's role (``qa.roles``), is the sentence holding its gold answer kept? A gold answer the rules
would set aside is a right answer newsqa would withhold; they are printed. For every question that
asks about one year (``qa.years``), is one of its gold answers not stated for another year? No model
runs: only the rules, on the gold spans. The data is read from the eval-data folder (research-only
licences), never copied into the project.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.quality import DEFAULT_DATA  # noqa: E402

SQUAD = ROOT.parent / "shared" / "eval-data" / "squad-v1.1-mrqa-dev" / "SQuAD.jsonl.gz"


def records(path: Path):
    """MRQA records (context, qas) of a .jsonl.gz file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if "context" in d:
                yield d


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (cut at ". ")."""
    a = text.rfind(". ", 0, start)
    b = text.find(". ", end)
    return text[a + 2 if a >= 0 else 0 : b + 1 if b >= 0 else len(text)]


def check(path: Path, show: bool = True) -> dict:
    from qa.measures import MONEY, asked_measure, gives_measure, place_currency
    from qa.roles import _anothers, asked_role
    from qa.years import asked_year, year_of

    out = {"questions": 0, "measure_questions": 0, "measure_gold_withheld": 0, "role_questions": 0,
           "role_gold_set_aside": 0, "year_questions": 0, "year_gold_set_aside": 0}
    for rec in records(path):
        ctx = rec["context"]
        for qa in rec["qas"]:
            out["questions"] += 1
            spans = [(s, e + 1) for a in qa.get("detected_answers", []) for s, e in a["char_spans"]]
            if not spans:
                continue
            measure = asked_measure(qa["question"])
            if measure:
                out["measure_questions"] += 1
                currency = place_currency(qa["question"]) if measure == MONEY else None
                if not any(gives_measure(measure, ctx, s, e, currency) for s, e in spans):
                    out["measure_gold_withheld"] += 1
                    if show:
                        print(f"  measure {measure}: {qa['question']} | {[ctx[s:e] for s, e in spans[:2]]}")
            year = asked_year(qa["question"])
            if year:
                out["year_questions"] += 1
                if all(year_of(ctx, s, e) not in (None, year) for s, e in spans):
                    out["year_gold_set_aside"] += 1
                    if show:
                        print(f"  year {year}: {qa['question']} | {[ctx[s:e] for s, e in spans[:2]]} "
                              f"stated for {year_of(ctx, *spans[0])}")
            role = asked_role(qa["question"])
            if role:
                out["role_questions"] += 1
                sentence = sentence_around(ctx, *spans[0])
                if _anothers(sentence, *role):
                    out["role_gold_set_aside"] += 1
                    if show:
                        print(f"  role {role}: {qa['question']} | {sentence[:160]}")
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--squad", type=Path, default=SQUAD)
    ap.add_argument("--newsqa", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    result = {}
    for name, path in (("squad_dev", args.squad), ("newsqa_dev_half", args.newsqa)):
        result[name] = check(path)
        print(name, json.dumps(result[name]))
    return result


if __name__ == "__main__":
    main()
