"""Which place in a ranking? "Who was France's best-paid actor of 2004?" is not answered "Jean Reno" of
"Godzilla star Jean Reno was France's second best-paid actor in 2004" (a BBC probe, 0.92): the second
best-paid is not the best-paid.

``asked_top`` reads the superlative a question asks the top of ("best-paid", "biggest", "most
popular"), when the question puts no place before it ("the second biggest" asks the second).
``of_the_rank`` sets aside a span whose sentence puts it in another place of that ranking just after
or before it ("X was the world's third largest ...", "the second biggest firm, X,"). None left, the
question is not answered from them (``rank_reason``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.names import CARDINAL_WORDS, ORDINAL_WORDS

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_SUPERLATIVES = (r"best|biggest|largest|highest|lowest|richest|oldest|youngest|fastest|longest|greatest|worst|"
                 r"smallest|busiest|wealthiest|heaviest|most|least")
# a place other than the first, written as a word or a number: "second", "third", "No 2", "2nd"
_PLACES = (r"second|third|fourth|forth|fifth|sixth|seventh|eighth|ninth|tenth|\d*(?:[02-9]1st|2nd|3rd)|\d*[4-9]th|"
           r"\d+[1-3]th|\d*0th|no\.?\s*[2-9]|number\s+(?:two|three|four|five)")
# the superlative asked, with the word after it when it is "-paid", "-selling" or a "most"'s adjective
_ASKED = re.compile(rf"\b(?P<place>(?:{_PLACES})[\s-]+)?(?P<sup>{_SUPERLATIVES})(?:[\s-]+(?P<word>[a-z]+))?\b",
                    re.IGNORECASE)


@lru_cache(maxsize=256)
def asked_top(question: str) -> str | None:
    """The superlative a question asks the top of ("best", "most popular"; "best-paid" as "best"), or
    None when it names none or asks another place ("Who is the second richest man?")."""
    m = _ASKED.search(question)
    if m is None or m["place"]:
        return None
    sup = m["sup"].lower()
    if sup in ("most", "least"):
        return f"{sup} {m['word'].lower()}" if m["word"] else None
    return sup


def _placed_otherwise(sup: str, p: Proposal, question: str = "") -> str | None:
    """The other place the sentence gives the span in the ranking asked ("second"), by a verb or a comma
    just after it ("Jean Reno was France's second best-paid actor", "Zhoushan, China's third largest
    island") or in apposition just before it ("the second biggest firm, X"), or None. Not "the second
    largest city after Bridgeport" (Bridgeport is the largest), "the largest and second largest groups,
    X", nor another's ranking than the question's ("the world's 20th largest economy" for Africa's)."""
    s = p.evidence.sentence
    words = r"[\s-]+".join(map(re.escape, sup.split()))
    placed = rf"(?P<place>{_PLACES})[\s-]+{words}\b"
    after = re.match(rf"\s*,?\s*(?:(?:is|was|are|were|has\s+been|had\s+been|became|becomes|remains|ranks|ranked)\s+)?"
                     rf"(?:now\s+|also\s+|still\s+)?(?:(?:the|a)\s+)?(?:(?P<whose>{_WHOSE})\s+)?{placed}",
                     s[p.span.end:], re.IGNORECASE)
    whose = re.findall(r"[a-z]+", re.sub(r"['’]s?$", "", after["whose"] or "").lower()) if after else []
    if whose and not all(re.search(rf"\b{w}", question, re.IGNORECASE) for w in whose):
        return None  # "the world's 20th largest economy" ranks the world's, not Africa's
    if after and (after.group(0).lstrip().startswith(",") or re.search(r"\b(?:is|was|are|were|been|became|becomes|remains|"
                                                                       r"ranks|ranked)\b", after.group(0))):
        return after["place"].lower()
    window = s[max(0, p.span.start - 80):p.span.start]
    before = re.search(rf"\b{placed}(?:[\s-]+[a-z]+){{0,3}}\s*,\s*(?:the\s+)?$", window, re.IGNORECASE)
    if before is None or re.search(rf"\b{words}\s+and\s+$", window[: before.start()], re.IGNORECASE):
        return None  # "the largest and second largest ethnic groups, the Persians"
    return before["place"].lower()


# whose ranking: "France's", "the world's", "Mainland China's"
_WHOSE = r"(?:(?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*|world|country|nation|region)['’]s?"


def of_the_rank(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking the top of a ranking, the proposals their sentences put in no other place of it."""
    sup = asked_top(q.text)
    if sup is None:
        return proposals
    return [p for p in proposals if _placed_otherwise(sup, p, q.text) is None]


def rank_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences rank them otherwise."""
    sup = asked_top(q.text)
    place = next(filter(None, (_placed_otherwise(sup, p, q.text) for p in read)), "another")
    return f"The closest sentences name the {place} {sup}, not the {sup}."


# a place in a chart or a race asked by a question ("Which film was second in the US box office chart?",
# "Who finished third?", "Who was in second place?"): a place word after a verb of standing, itself followed
# by no noun but "place" ("the second week" is no place)
_STANDING = (r"(?:is|was|are|were|came|come|comes|finished|finishes|finish|placed|ended|ends|stood|stands|sits|sat|"
             r"lies|lay|ranked|ranks|went|goes|moved|climbed|rose|fell|dropped|slipped)")
_ASKED_PLACE = re.compile(rf"^\s*(?:who|what|which)(?:\s+[a-z]+){{0,3}}?\s+(?:{_STANDING}\s+(?:in\s+|at\s+)?(?:the\s+(?=\w+\s+place\b))?)"
                          rf"(?P<place>{_PLACES})(?:\s+(?:place|position|spot))?(?=\s*(?:[,?.]|$|\b(?:in|on|at|with|behind|"
                          r"after|among|for|of)\b))", re.IGNORECASE)
_ORDINALS = ORDINAL_WORDS[1:10]  # "second" ... "tenth": places 2 to 10
_NUMBER_WORDS = CARDINAL_WORDS[1:10]  # "two" ... "ten"


@lru_cache(maxsize=256)
def asked_place(question: str) -> int | None:
    """The place in a chart or a race a question asks who (what) stood in (2 for "Which film was second in
    the US box office chart?"), or None."""
    m = _ASKED_PLACE.search(question)
    if m is None or re.search(rf"\b(?:{_SUPERLATIVES})\b", question[m.end():], re.IGNORECASE):
        return None  # "ranked 20th in largest metropolitan area" is a ranking (of_the_rank's)
    return _place_number(m["place"])


def _place_number(word: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower().replace(".", ""))
    if w == "forth":
        w = "fourth"
    if w in _ORDINALS:
        return _ORDINALS.index(w) + 2
    if w.startswith("number "):
        return _NUMBER_WORDS.index(w[7:]) + 2 if w[7:] in _NUMBER_WORDS else None
    digits = re.search(r"\d+", w)
    return int(digits.group(0)) if digits else None


def _places_given(sentence: str) -> set[int]:
    """The places a sentence gives in a chart or race: a place word followed by no noun but "place"
    ("was in second, taking $16.1m", "into third place", "No 2"), and "runner-up" as second. Not "for a
    second week", "the third biggest"."""
    out = {2} if re.search(r"\brunners?[\s-]up\b", sentence, re.IGNORECASE) else set()
    for m in re.finditer(rf"\b(?P<place>{_PLACES})(?:[\s-]+(?:placed|place|position|spot)\b|\b(?!-))(?P<next>\s+[A-Za-z]+)?",
                         sentence, re.IGNORECASE):
        nxt = (m["next"] or "").strip().lower()
        if nxt and not re.search(r"(?:placed|place|position|spot)\s", m.group(0).lower()) and nxt not in (
                "in", "on", "at", "with", "behind", "after", "among", "and", "or", "to", "ahead", "overall", "for", "of",
                "while", "but", "as", "was", "is", "were", "last", "this", "the"):
            continue
        n = _place_number(m["place"])
        if n is not None:
            out.add(n)
    return out


def _names_otherwise(place: int, sentence: str) -> bool:
    """Does the sentence write the place's word only in another sense ("for a second week", "the third
    biggest"), giving no one that place?"""
    if place in _places_given(sentence):
        return False
    return any(_place_number(m.group(0)) == place for m in re.finditer(rf"\b(?:{_PLACES})\b(?<!and forth)", sentence,
                                                                       re.IGNORECASE))


def of_the_position(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who (what) stood in a place of a chart or race, the proposals whose sentences
    do not write that place's word only in another sense: "Top of the box office for a second week was ...
    National Treasure" does not say which film was second in the chart. A sentence without the word is
    kept ("Nick Fradiani won the season, defeating Clark Beckham" says who came second)."""
    place = asked_place(q.text)
    if place is None:
        return proposals
    return [p for p in proposals if not _names_otherwise(place, p.evidence.sentence)]


def position_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: no sentence gives the place asked."""
    return "The closest sentences use that place's word in another sense (\"for a second week\"), not as a place."
