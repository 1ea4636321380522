"""News is a stream: the same question gets different answers on different days ("How many
captives?" 200, then about 240, then 239). This module reads the reader's proposals as *reports*:
the values that differently dated articles give to the same question.

Two proposals answer the same question when both are strong readings (the reader's own score
within ``SAME_READING`` logits of the best; ``LATEST_READING`` when the question asks for the
current state: "so far", "now", "latest"), their sentences carry the question's words and its
names and numbers as well as the best one's does, and their answers have the same shape (both
figures, or both words). Among those, the answer is the newest article's value (the filters'
``until`` has already cut later articles away), and ``Answer.reports`` lists each distinct value
once with its newest citation, newest first. Two articles of the same day with different values
are both kept and marked conflicting. Undated articles never displace a dated one (we cannot tell
which is newer), and an undated store (NewsQA, SQuAD) answers as before.

The margins were set on the Reuters-21578 "latest" and "as of" items of ``bench/temporal.py``
(reut2-000..010) and checked on the BBC trust set for questions without time intent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer import Citation, Report
from qa.question import QuestionAnalysis
from qa.reader import Proposal, coverage, key_coverage

SAME_READING = 1.5  # reader logits: a value this close to the best reading is as well supported
LATEST_READING = 3.0  # the margin for questions that ask for the current state ("so far", "now")
SAME_COVERAGE = 0.1  # the question's words in the sentence's window: this much less than the best's at most
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Reading:
    """A proposal seen as a report: its value, its article's date (None: unknown)."""

    proposal: Proposal
    value: str
    published: str | None

    @property
    def doc_id(self) -> str:
        return self.proposal.evidence.doc.id


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def same_value(a: str, b: str) -> bool:
    """Do two answers state one value? The words of one run inside the other's ("80" and "80 ships",
    "about 240" and "240") and they carry the same numbers ("1,200" is not "200", "23" not "239")."""
    x, y = _norm(a).split(), _norm(b).split()
    if not x or not y or _NUMBER.findall(a.replace(",", "")) != _NUMBER.findall(b.replace(",", "")):
        return False
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def same_question(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Reading]:
    """The proposals that answer the question as well as the best one does (the best first)."""
    best = proposals[0]
    margin = LATEST_READING if q.asks_latest else SAME_READING
    cov, keys = coverage(q, best.evidence), key_coverage(q, best.evidence)
    figure = bool(_DIGIT.search(best.text))
    out = []
    for p in proposals:
        if p is not best:
            if p.reader_score < best.reader_score - margin or bool(_DIGIT.search(p.text)) != figure:
                continue
            if coverage(q, p.evidence) < cov - SAME_COVERAGE or key_coverage(q, p.evidence) < keys:
                continue
        out.append(Reading(p, p.text, (p.evidence.doc.published or "")[:10] or None))
    return out


def newest(readings: list[Reading]) -> Proposal:
    """The reading of the newest dated article (its best proposal), else the best reading."""
    best = readings[0]
    if best.published is None:
        return best.proposal
    dated = [r for r in readings if r.published is not None]
    top_day = max(r.published for r in dated)
    if top_day == best.published:
        return best.proposal
    return next(r for r in dated if r.published == top_day).proposal  # proposals are best first


def reports(readings: list[Reading], chosen: Proposal, citation: Citation, cite) -> list[Report]:
    """One report per distinct value, newest first: the answer (``citation``) first, then the
    others, each cited from the newest article that gives it; a day on which two articles give
    different values is marked conflicting on each of its reports. ``cite(proposal)`` makes a
    proposal's citation. Empty when every reading gives one value."""
    first = next(r for r in readings if r.proposal is chosen)
    kept: list[Reading] = [first]
    for r in sorted(readings, key=lambda r: r.published or "", reverse=True):  # newest first, best first within a day
        if r.value.strip() and not any(same_value(r.value, k.value) for k in kept):
            kept.append(r)
    if len(kept) == 1:
        return []
    conflicting = {
        a.published for a in readings for b in readings
        if a.published is not None and a.published == b.published and a.doc_id != b.doc_id
        and not same_value(a.value, b.value)
    }
    others = sorted(kept[1:], key=lambda r: r.published or "", reverse=True)
    out = [Report(first.value, first.published, citation, first.published in conflicting)]
    out += [Report(r.value, r.published, cite(r.proposal), r.published in conflicting) for r in others]
    return out
