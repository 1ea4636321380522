"""Why the documents do not answer: one line for an abstention, when there is a reason to give.

The reason names what the question pins its facts to (names, numbers, years) that the closest
articles do not carry: "The articles mention Wimbledon, but none covers 2008 (newest: 2005-03-15)".
When every such word is found, no reason is given (the sentences simply do not say it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.lexical import tokenize
from qa.answerability import article_terms, question_years
from qa.question import QuestionAnalysis

if TYPE_CHECKING:
    from qa.retrieve import Evidence

_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*")
_ARTICLES_LOOKED_AT = 5


def abstention_reason(q: QuestionAnalysis, evidence: list[Evidence], published: tuple[str, str] | None) -> str | None:
    """One line on what the nearest articles lack, or None when nothing in particular is missing."""
    if not evidence:
        return "No article matches the question."
    docs, seen = [], set()
    for e in evidence:
        if e.doc.id not in seen:
            seen.add(e.doc.id)
            docs.append(e.doc)
        if len(docs) == _ARTICLES_LOOKED_AT:
            break
    have: set[str] = set()
    texts = []
    for d in docs:
        texts.append(f"{d.title or ''} {d.text} {d.published or ''}")
        have.update(article_terms(d))  # cached per document version
        have.update(tokenize(d.published or ""))
    words = _key_words(q)
    years = question_years(q.text)
    missing_years = sorted(y for y in years if not any(y in t for t in texts))
    missing = [w for w, stems in words if w not in years and not all(s in have for s in stems)]
    present = [w for w, stems in words if w not in years and all(s in have for s in stems)]
    if not missing_years and not missing:
        return None
    lacking = _join(missing_years + missing)
    verb = "covers" if missing_years and not missing else "mentions"
    newest = f" (newest: {published[1]})" if missing_years and published else ""
    if present:
        return f"The articles mention {_join(present)}, but none {verb} {lacking}{newest}."
    return f"None of the articles {verb} {lacking}{newest}."


def _key_words(q: QuestionAnalysis) -> list[tuple[str, list[str]]]:
    """The question's key words as written (names joined: "World Cup"), each with its stems."""
    keys = set(q.key_terms)
    out: list[tuple[str, list[str]]] = []
    run: list[str] = []
    for m in _WORD.finditer(q.text):
        w = m.group(0)
        stems = tokenize(w)
        if stems and all(s in keys for s in stems) and (w[0].isupper() or w[0].isdigit()):
            if run and (w[0].isdigit() or run[-1][0].isdigit()):
                out.append((" ".join(run), tokenize(" ".join(run))))
                run = []
            run.append(w)
        elif run:
            out.append((" ".join(run), tokenize(" ".join(run))))
            run = []
    if run:
        out.append((" ".join(run), tokenize(" ".join(run))))
    return _unique(out)


def _unique(items: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    seen, out = set(), []
    for w, stems in items:
        if w not in seen:
            seen.add(w)
            out.append((w, stems))
    return out


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]
