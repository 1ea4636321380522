"""Where? "When does Kisna open in India?" is not answered "21 January" of "Kisna opens in the UK on 21
January": the sentence states its fact for another place.

``asked_in`` reads the country a question asks its fact in ("India" of "... open in India?", the last
"in" + a country of the question). ``of_the_place_asked`` sets aside a span whose sentence writes "in"
+ another country just beside it ("in the UK on") and never names the one asked (any of its names, in
short or in full, or its people's word: ``qa.posts.mentions``); none left, the question is not answered
from them (``place_asked_reason``). Only countries are read: a city or a region may be part of the
place asked ("in London" for "in the UK", "in Weimar" for "in Thuringia"). Not for where-questions,
whose answer is a place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.posts import mentions

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_PLACE = r"(?:the\s+)?(?P<place>(?:U\.K\.|U\.S\.|[A-Z][\w'’.-]*)(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*)"
# "... in India?", "... in the US in 2004?", "... in Japan this year?"
_ASKED = re.compile(rf"\bin\s+{_PLACE}(?=\s*(?:[?.!]|$|\b(?:in|on|during|this|last|next|since|before|after|by)\b))")
_IN = re.compile(rf"\bin\s+{_PLACE}")
_NEAR = 20  # characters between the span and "in the UK" at most
# the countries read (a city or a region may be part of the one asked: "in London" for "in the UK"), and the
# names of one ("Britain", "England" and "the UK"; "Burma" and "Myanmar")
_COUNTRIES = [
    "Afghanistan", "Albania", "Algeria", "Angola", "Argentina", "Armenia", "Australia", "Austria", "Azerbaijan",
    "Bahrain", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia", "Botswana", "Brazil", "Bulgaria",
    "Burma|Myanmar", "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia", "Congo", "Costa Rica",
    "Croatia", "Cuba", "Cyprus", "Czech Republic", "Denmark", "Ecuador", "Egypt", "Estonia", "Ethiopia", "Fiji",
    "Finland", "France", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Haiti", "Honduras", "Hong Kong",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland|Republic of Ireland|Irish Republic",
    "Israel", "Italy", "Ivory Coast", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kuwait", "Latvia",
    "Lebanon", "Liberia", "Libya", "Lithuania", "Luxembourg", "Malawi", "Malaysia", "Mali", "Malta", "Mexico",
    "Moldova", "Mongolia", "Morocco", "Mozambique", "Namibia", "Nepal", "Netherlands|Holland", "New Zealand",
    "Nicaragua", "Niger", "Nigeria", "North Korea", "Norway", "Oman", "Pakistan", "Panama", "Paraguay", "Peru",
    "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Saudi Arabia", "Senegal",
    "Serbia", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Somalia", "South Africa", "South Korea",
    "Spain", "Sri Lanka", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan", "Tanzania", "Thailand", "Tunisia",
    "Turkey", "Uganda", "Ukraine", "United Arab Emirates|UAE", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam",
    "Yemen", "Zambia", "Zimbabwe",
    "UK|U.K.|Britain|Great Britain|United Kingdom|England|Scotland|Wales|Northern Ireland",
    "US|U.S.|USA|America|United States|United States of America",
]
_COUNTRY = {name: i for i, names in enumerate(_COUNTRIES) for name in names.split("|")}


@lru_cache(maxsize=1024)
def asked_in(question: str) -> str | None:
    """The country a question asks its fact in, as written ("India" of "When does Kisna open in India?",
    "the US"), or None."""
    found = [m.group(0)[3:].strip().rstrip(".") for m in _ASKED.finditer(question) if _country(m["place"]) is not None]
    return found[-1] if found else None


def _country(name: str) -> int | None:
    """Which country a name after "in" is (the names of one are one), or None (a city, a region ...)."""
    name = re.sub(r"^the\s+", "", name)
    for written in (name, name.rstrip("."), name + "."):
        if written in _COUNTRY:
            return _COUNTRY[written]
    return None


def other_place(place: str, p: Proposal) -> str | None:
    """Another place the proposal's sentence states its span in, close to it ("in the UK" of "Kisna opens
    in the UK on 21 January"), in a sentence that never names ``place``, or None."""
    sentence = p.evidence.sentence
    names = _COUNTRIES[_country(place)].split("|")
    if any(mentions(sentence, name) for name in names):
        return None
    lo, hi = max(0, p.span.start - _NEAR), min(len(sentence), p.span.end + _NEAR)
    asked = _country(place)
    for m in _IN.finditer(sentence, lo, hi):
        if m.start() >= p.span.start and m.start("place") < p.span.end <= m.end("place") + 1:
            continue  # the place the span ends with is its own: "fled to exile in England" of what happened
        other = m.group(0)[3:].strip().rstrip(".")  # as written: "the UK"
        if _country(other) is not None and _country(other) != asked:
            return other
    return None


def of_the_place_asked(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking its fact in a place, the proposals whose sentence does not state it in
    another place only (all of them for other questions)."""
    place = asked_in(q.text)
    if place is None or q.wh == "where":  # where: the answer is a place, and may be a part of the one asked
        return proposals
    return [p for p in proposals if other_place(place, p) is None]


def place_asked_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another place."""
    place = asked_in(q.text)
    other = next(name for p in read if (name := other_place(place, p)))
    return f"The closest sentences are about {other}, not {place}."
