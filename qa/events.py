"""Which race? "Who holds the indoor 400m world record?" is not answered "Hicham El Guerrouj" of "...
the indoor 1500m world record, which Hicham El Guerrouj has held", nor "Who won the 3,000m?" "Kelly
Holmes" of "Kelly Holmes ... won the 1,000m": a race over another distance is another event. So is
another field event ("Who is the Olympic triple jump champion?" not "Stefan Holm" of "in the high jump as
he beat Olympic champion Stefan Holm").

``asked_event`` reads the race a question names by its distance ("400m", "1,500 metres", "60m
hurdles", "the mile", "the two mile record", "the marathon", "the women's 8km race").
``of_the_event`` sets aside a span whose sentence names races over other distances only, never the
one asked; a sentence naming no race is kept ("Only Michael Johnson has gone quicker" answers who
holds the 400m record). None left, the question is not answered from them (``event_reason``). A
number of metres that is no race is not read as one: "£100m", "a 5,000m peak", "over the final 400m"
(only the distances raced on a track or a road, named as a race: "the 8km race", not "a 12km
stretch").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

# the distances raced, in metres: sprints, hurdles, middle and long distance, relays
_RACED = {50, 55, 60, 100, 110, 200, 300, 400, 600, 800, 1000, 1500, 2000, 3000, 5000, 10000, 20000, 50000}
# "400m", "1,500m", "3000 metres", "10,000-metre", "60m hurdles", "3,000m steeplechase"; not "£100m", "$5m"
_METRES = re.compile(r"(?<![£$€\d.,])(?P<n>\d{1,2}(?:,\d{3})|\d{2,5})\s*(?:-\s*)?(?:m|metres?|meters?)(?![\w£$])"
                     r"(?!\s+(?:peak|high|tall|deep|long|wide|above|below|up|down|away|from|of\s+(?:the\s+)?(?:sea|water|snow|ice|rock)))"
                     r"(?:\s+(?P<kind>hurdles|steeplechase|relay))?", re.I)
# "the women's 8km race", "the 20km walk", "a 10-kilometre run"; not "a 12km stretch", "5km from"
_KM = re.compile(r"(?<![£$€\d.,])(?P<n>\d{1,3})\s*(?:-\s*)?(?:km|kilometres?|kilometers?)\s+"
                 r"(?:race|run|walk|event|title|cross[\s-]country)\b", re.I)
_MILE_WORDS = {"2": "two", "3": "three", "5": "five", "10": "ten"}
# a stretch of a race, no race: "over the final 400m", "through the first 200m"
_STRETCH = re.compile(r"\b(?:final|last|first|opening|closing|remaining)\s+$", re.I)
# "the marathon", "the half-marathon", "the (indoor) mile", "a mile record"; not "a mile away"
_ROAD = re.compile(r"\b(?P<road>half[\s-]marathon|marathon)(?![\w-])|"
                   r"\b(?P<miles>two|three|five|ten|\d{1,2})[\s-]miles?\s+(?:race|record|title|run|event)|"
                   r"\b(?:the\s+|indoor\s+|outdoor\s+)(?:(?:indoor|outdoor|world|women['’]s|men['’]s)\s+)?(?P<mile>mile)\b(?!s)|"
                   r"(?<!two )(?<!three )(?<!five )(?<!ten )(?<![\d-])(?<!\d )\b(?P<mile2>mile)\s+(?:race|record|title|run)", re.I)


# the field events and the combined ones: "the triple jump" is not "the high jump" ("high jumper" competes in it)
_FIELD = re.compile(r"\b(?P<field>high|long|triple)[\s-]jump(?:s|ers?|ing)?\b|\b(?P<vault>pole[\s-]vault)(?:s|ers?|ing)?\b|"
                    r"\b(?P<other>shot[\s-]put|discus|javelin|heptathlon|decathlon|pentathlon)(?:s|ers?)?\b", re.I)


def events(text: str) -> set[str]:
    """The events a text names: races by distance ("400m", "60m hurdles", "mile", "marathon"), and field and
    combined events ("triple jump", "pole vault", "heptathlon")."""
    out = {(f"{m['field'].lower()} jump" if m["field"] else (m["vault"] or m["other"]).lower().replace("-", " "))
           for m in _FIELD.finditer(text)}
    for m in _METRES.finditer(text):
        n = int(m["n"].replace(",", ""))
        if n in _RACED and not _STRETCH.search(text, max(0, m.start() - 12), m.start()):
            out.add(f"{n:,}m" + (f" {m['kind'].lower()}" if m["kind"] else ""))
    out |= {f"{int(m['n'])}km" for m in _KM.finditer(text)}
    for m in _ROAD.finditer(text):
        if m["road"]:
            out.add(m["road"].lower().replace("-", " "))
        elif m["miles"]:
            n = m["miles"].lower()
            out.add(f"{_MILE_WORDS.get(n, n)}-mile")
        else:
            out.add("mile")
    return out


@lru_cache(maxsize=1024)
def asked_event(question: str) -> str | None:
    """The one race a question names ("400m" of "Who holds the indoor 400m world record?"), or None
    (none, or more than one: "Who won the 100m and the 200m?")."""
    named = events(question)
    return next(iter(named)) if len(named) == 1 else None


def other_event(asked: str, p: Proposal) -> str | None:
    """The other race the proposal's sentence names, when it names races but never ``asked``, or None."""
    named = events(p.evidence.sentence)
    if not named or asked in named:
        return None
    return sorted(named)[0]


def of_the_event(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question naming one race, the proposals whose sentence does not name other races only
    (all of them for other questions)."""
    asked = asked_event(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if other_event(asked, p) is None]


def event_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another race."""
    asked = asked_event(q.text)
    other = next(name for p in read if (name := other_event(asked, p)))
    return f"The closest sentences are about the {other}, not the {asked}."
