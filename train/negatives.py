"""Unanswerable training questions for the reader (SQuAD 2.0 style, built from SQuAD v1.1).

The reader was trained on questions that always have an answer in their passage; a window
without the answer was its only "no answer" example. newsqa, though, mostly reads passages of a
story on the same topic that does not answer the question. So a question is asked again of
another paragraph of its own article, one that does not contain its answer: of those, the one
that shares the most of the question's content words (a near-topic, hard negative). The reader
learns to give that pair the [CLS] (no answer) label.

Sources: SQuAD v1.1 train (articles = explorer pages) and SQuADShifts new_wiki (articles of its
JSON); not reddit or amazon_reviews (their "articles" are not one topic). The articles that
``train.answerability`` fits and tests its decision on (``--titles 120 --shifts 30 --seed 13``)
get no negatives, so that the reader's no-answer score is not learnt on them.

Output: gzipped JSON lines of row pairs [question row, context row] of the
``train.squad_data --dump`` file, in its order; ``train.reader --negatives F --neg-share S``
reads them (a seeded share S of them).

    python -m train.negatives .gpu/train.jsonl.gz .gpu/negatives.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import defaultdict

from train.squad_data import _content_words, load_jsonl

_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).strip()


def article_of_context() -> dict[str, str]:
    """Each training paragraph -> its article ("squad:<title>" or "new_wiki:<title>")."""
    from train.answerability import shifts_articles, squad_articles

    out: dict[str, str] = {}
    for source, articles in (("squad:", squad_articles(None, 0)), ("new_wiki:", shifts_articles(None, 0))):
        for title, paragraphs in articles:
            for context, _ in paragraphs:
                out.setdefault(context, source + title)
    return out


def held_out_articles(titles: int = 120, shifts: int = 30, seed: int = 13) -> set[str]:
    """The articles ``train.answerability`` uses (its defaults as shipped)."""
    from train.answerability import shifts_articles, squad_articles

    out = {"squad:" + t for t, _ in squad_articles(titles, seed)}
    return out | {"new_wiki:" + t for t, _ in shifts_articles(shifts, seed)}


def pairs(rows, article: dict[str, str], exclude: set[str], seed: int) -> list[tuple[int, int]]:
    """[(question row, context row)]: each question asked of the paragraph of its article that does
    not hold its answer and shares the most of its content words (ties: a seeded choice)."""
    rng = random.Random(seed)
    first_row: dict[str, int] = {}
    by_article: dict[str, list[str]] = defaultdict(list)
    for i, (_, e) in enumerate(rows):
        a = article.get(e.context)
        if a is None or a in exclude or e.context in first_row:
            continue
        first_row[e.context] = i
        by_article[a].append(e.context)
    words = {c: _content_words(c) for c in first_row}
    lowered = {c: _norm(c) for c in first_row}
    out = []
    for i, (_, e) in enumerate(rows):
        a = article.get(e.context)
        if a is None or a in exclude:
            continue
        q = _content_words(e.question)
        answer = _norm(e.answer_text)
        best, best_key = None, None
        for c in by_article[a]:
            if c == e.context or answer in lowered[c]:
                continue
            key = (len(q & words[c]), rng.random())
            if best_key is None or key > best_key:
                best, best_key = c, key
        if best is not None:
            out.append((i, first_row[best]))
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dump", help="the file of `python -m train.squad_data --dump`")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    rows, _ = load_jsonl(args.dump)
    exclude = held_out_articles()
    found = pairs(rows, article_of_context(), exclude, args.seed)
    with gzip.open(args.out, "wt", encoding="utf-8") as f:
        for p in found:
            f.write(json.dumps(p) + "\n")
    print(json.dumps({"rows": len(rows), "negatives": len(found), "articles_excluded": len(exclude)}))


if __name__ == "__main__":
    sys.exit(main())
