"""A figure stated for another year is no answer for the year asked.

"How many tonnes of crops did Ethiopia produce in 2003?" was answered "14.27 million" at confidence
0.99, from "Ethiopia produced 14.27 million tonnes of crops in 2004, 24% higher than in 2003": the
sentence holds the year asked, but the figure is 2004's. A span is stated for a year when a few
words after it say "in 2004" ("in early 2004", "in March 2004"), with nothing between that could
start another statement (a number, a comma or other punctuation, "but", "and", "than", "from",
"since" ...). A question that names one year keeps only the spans not stated for another.
Conservative by design: a year before the span ("In 2004, it produced ..."), a year used as a word
of a name ("the 2004 Olympics") and a span that is itself a date ("in March 2004") are not read; a
span that holds a figure and its year ("14.27 million tonnes of crops in 2004") is stated for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.explain import join_words

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_YEAR = re.compile(r"(?<![\d.,$£€-])\b(1[89]\d\d|20\d\d)\b(?![.,]?\d|[-–/]\d)")
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
_IN_YEAR = re.compile(rf"\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?(1[89]\d\d|20\d\d)\b(?![.,]?\d|[-–/]\d)")
_DATE = re.compile(rf"\s*(?:(?:in|during|on)\s+)?(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?"
                   rf"(?:\d{{1,2}},?\s+)?(?:1[89]\d\d|20\d\d)\s*", re.I)
# what may start another statement between a span and a year: "14.27 million, 24% higher than in 2003"
_BREAK = re.compile(r"\d|[,;:.!?()\"“”]|\b(?:but|and|while|whereas|than|compared|from|since|after|before)\b", re.I)
_NEAR = 6  # words between the span and "in 2004" at most


def asked_year(question: str) -> str | None:
    """The one year the question names ("... in 2003?", "at Christmas 1986"), or None."""
    years = set(_YEAR.findall(question))
    return years.pop() if len(years) == 1 else None


def year_of(sentence: str, start: int, end: int) -> str | None:
    """The year ``sentence[start:end]`` is stated for ("14.27 million" + " tonnes of crops in 2004",
    or in the span), or None when the sentence does not say (or the span is a date itself)."""
    span = sentence[start:end]
    if _YEAR.search(span):  # "14.27 million tonnes in 2004" states it; "March 2004" is a date
        inside = _IN_YEAR.search(span)
        return inside.group(1) if inside and not _DATE.fullmatch(span) else None
    after = sentence[end:]
    m = _IN_YEAR.search(after)
    if not m:
        return None
    between = after[: m.start()]
    if len(between.split()) > _NEAR or _BREAK.search(between):
        return None
    return m.group(1)


def of_the_year(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals not stated for a year other than the one the question names (all of them
    when it names none)."""
    asked = asked_year(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if year_of(p.evidence.sentence, p.span.start, p.span.end) in (None, asked)]


def year_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was stated for another year."""
    years = sorted({y for p in read if (y := year_of(p.evidence.sentence, p.span.start, p.span.end))})
    return f"The closest sentences give it for {join_words(years)}, not for {asked_year(q.text)}."
