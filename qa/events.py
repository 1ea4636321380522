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

from qa.names import ORDINAL_WORDS

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


# -- which tournament, which of a numbered series ----------------------------------------------------------------
# "Whom did Nadal beat in the Brazil Open?" is not answered from a sentence about the Mexican Open only; "How much
# did Britain's role in the second Gulf War cost?" not from one about the first Gulf War only.
_KIND = r"Open|Cup|Championships?|Masters|Classic|Trophy|Grand\s+Prix|Games|Invitational|Shield|Marathon"
_NAMED_WORD = (r"(?!(?:The|A|An|In|At|On|Of|For|And|But|This|That|Last|Next|Which|What|Who|Whom|Whose|Where|When|How|"
               r"Is|Was|Did|Does|Do|Has|Have|Will)\b)[A-Z][\w&'’.-]*")
# a tournament: its own name's words, then its kind ("Brazil Open", "Mexican Open", "FA Cup", "Six Nations
# Championship"); "the Open" alone names none
_TOURNAMENT = re.compile(rf"\b((?:{_NAMED_WORD}\s+){{1,3}})({_KIND})\b")
_ORDINAL = "|".join(ORDINAL_WORDS[:10]) + r"|1st|2nd|3rd|[4-9]th|10th"  # the first ten
# a numbered one of a series: "the second Gulf War", "the First World War", "the third Test"
_NUMBERED = re.compile(rf"\b((?i:{_ORDINAL}))\s+((?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*)\b")


@lru_cache(maxsize=4096)
def tournaments(text: str) -> frozenset[tuple[str, str]]:
    """The tournaments the text names, as (name words lower-cased, kind): {("brazil", "open")}."""
    return frozenset((" ".join(m[1].split()).lower(), m[2].split()[0].lower()) for m in _TOURNAMENT.finditer(text))


def _same_tournament(a: str, b: str) -> bool:
    """The same name's words, a people's word as its country's ("Mexican" / "Mexico")?"""
    from qa.posts import same_name  # (qa.posts reads qa.names, which qa.question reads)

    return same_name(a, b)


def other_tournament(question: str, sentence: str, clause: str | None = None) -> str | None:
    """The tournament of the kind asked that the sentence names (in ``clause``, the span's, when given), when it
    never names the one the question names (one only), or None."""
    asked = tournaments(question)
    if len(asked) != 1:
        return None
    (name, kind), = asked
    if any(_same_tournament(name, n) for n, k in tournaments(sentence) if k == kind):
        return None
    others = [n for n, k in tournaments(sentence if clause is None else clause) if k == kind]
    return f"{others[0].title()} {kind.title()}" if others else None


# a span's clause: between commas, colons, brackets or dashes ("Four-time champion Monica Seles" of "Four-time
# champion Monica Seles, who has not played since last year's French Open, is another absentee": her four titles
# are not the French Open's; a line break ends one too)
_CLAUSE_MARK = re.compile(r"[,;:()\n]|\s[-–]\s")


def clause_of(p: Proposal) -> str:
    """The span's clause in its sentence."""
    sentence = p.evidence.sentence
    before = [m.end() for m in _CLAUSE_MARK.finditer(sentence, 0, p.span.start)]
    after = _CLAUSE_MARK.search(sentence, p.span.end)
    return sentence[before[-1] if before else 0 : after.start() if after else len(sentence)]


# "the first Dalai Lama to have political control": the first to do something, not the first of a series
_FIRST_TO = re.compile(r"(?:\s+[a-z]+){0,2}\s+(?:to|that|who|which|ever)\b")
_AN_ORDINAL = re.compile(rf"\b(?i:{_ORDINAL})\b")


def _ordinal_word(ordinal: str) -> str:
    """"2nd" -> "second" (as written, lower-cased, when it is a word or past the words known)."""
    n = re.match(r"\d+", ordinal)
    return ORDINAL_WORDS[int(n.group()) - 1] if n and 0 < int(n.group()) <= len(ORDINAL_WORDS) else ordinal.lower()


@lru_cache(maxsize=4096)
def numbered(text: str, question: bool = False) -> frozenset[tuple[str, str]]:
    """The numbered ones of a series the text names, as (ordinal, name): {("second", "Gulf War")} ("2nd" is
    "second"); of a ``question``, only when it has one ordinal, and not the first to do something."""
    if question and len(_AN_ORDINAL.findall(text)) != 1:
        return frozenset()  # "between Ninth and Tenth Avenues"
    return frozenset((_ordinal_word(m[1]), m[2]) for m in _NUMBERED.finditer(text)
                     if not (question and _FIRST_TO.match(text, m.end())))


def other_numbered(question: str, sentence: str, clause: str | None = None) -> str | None:
    """Another of the series the question names one of ("the first Gulf War" for the second), when the sentence
    names that series only by other numbers (in ``clause``, the span's, when given), or None."""
    asked = numbered(question, question=True)
    if len(asked) != 1:
        return None
    (ordinal, name), = asked
    if any(o == ordinal and n.lower() == name.lower() for o, n in numbered(sentence)):
        return None
    said = [(o, n) for o, n in numbered(sentence if clause is None else clause) if n.lower() == name.lower()]
    return f"the {said[0][0]} {said[0][1]}" if said else None


def of_the_tournament(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question naming a tournament ("the Brazil Open") or one of a numbered series ("the second Gulf War"),
    the proposals whose clause does not name another of the kind in a sentence that never names the one asked
    (all of them for other questions)."""
    if not _TOURNAMENT.search(q.text) and not _NUMBERED.search(q.text):
        return proposals
    return [p for p in proposals if other_tournament(q.text, p.evidence.sentence, clause := clause_of(p)) is None
            and other_numbered(q.text, p.evidence.sentence, clause) is None]


def tournament_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another tournament (or another of the
    series)."""
    for p in read:
        if other := other_tournament(q.text, p.evidence.sentence, clause := clause_of(p)):
            (name, kind), = tournaments(q.text)
            return f"The closest sentences are about the {other}, not the {name.title()} {kind.title()}."
        if other := other_numbered(q.text, p.evidence.sentence, clause):
            (ordinal, name), = numbered(q.text, question=True)
            return f"The closest sentences are about {other}, not the {ordinal} {name}."
    return "The closest sentences are about another."
