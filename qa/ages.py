"""How old? "How old is Scott Sullivan?" is answered by an age, and his: not "two" of "Mr Sullivan,
WorldCom's former number two", nor "63" of "Mr Ebbers, 63, has always insisted ...".

``asks_age`` reads a question asking how old someone or something is ("How old ...?", "What is her
age?", "What is Scott Sullivan's age?"; ``asked_age``: whose name, when it writes one).
``of_an_age`` keeps the proposals whose span gives an age: a number the sentence writes as one ("42" of
"Mr Sullivan, 42,", "at the age of 35", "74-year-old", "was 26", "seven months old"), words of age in
the span ("4.6 billion years", "over the age of 18") or a date something dates to; and, of a question
naming whose age it asks, not one the sentence gives to another name just beside it ("Mr Ebbers, 63",
"27-year-old Almunia", "'I'm only 30 years old,' DiCaprio said") while never naming the question's,
nor "the 32-year-old" standing for someone named before when the sentence names the question's after
it as another ("The 32-year-old will race alongside Olympic 5,000m finalist Pavey"). None left, the
question is not answered from them (``age_reason``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from index.dates import MONTH_TITLES
from qa.agents import NAME, same_doer
from qa.names import NUMBER_WORDS, untitled
from qa.reasons import NoneGiven

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_ASKS = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Hh]ow\s+old\b|[Ww]hat\s+(?:is|was)\s+(?:his|her|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*"
                   r"(?:['’]s|(?<=s)['’]))\s+age\s*\??\s*$)")
# "How old is Scott Sullivan?", "How old was Newton during Super Bowl 50?", "How old will the Queen be ...?"
_WHOSE = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?:[Hh]ow\s+old\s+(?:is|was|were|are|will|would|'s|’s)\s+(?:the\s+)?(?P<name>{NAME})"
                    rf"(?!['’])|[Ww]hat\s+(?:is|was)\s+(?P<owner>{NAME})(?:['’]s|(?<=s)['’])\s+age\b)")
_DECADES = r"teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties"
_TEENS = "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_NUMBER = re.compile(rf"\d[\d,.]*|\b(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))}|{_TEENS}|{_DECADES})\b", re.I)
# words of age in the span itself: "26 years old", "4.6 billion years", "over the age of 18", "1.6-million-year-old"
# (months, weeks and days only as "seven months old": "an 18-month association" is no age)
_AGE_WORDS = re.compile(r"\b(?:old|age|aged|years?|decades?|centur(?:y|ies)|millenni(?:um|a)|"
                        r"teens?|teenager|older|younger)\b", re.I)
# after a number: "42-year-old", "26 years old", "seven months old", "the 7th millennium BCE", "11,000 BP" (not
# "an 18-month association": a time, no age),
# and as people write their own: "20 yo", "7 y/o", "3ish", "23M", "(25 F)", "27/M", "22 [M4F]"
_AFTER = re.compile(r"^(?:\s*-\s*|\s+)(?:and\s+a\s+half\s+)?(?:years?|yrs|months?|weeks?|days?)(?:\s*-\s*|\s+)(?:old|of\s+age)\b|"
                    r"^s\b|"
                    r"^(?:st|nd|rd|th)?\s+(?:millenni|centur)|^\s*(?:BP|BCE|BC)\b|^\s*(?:yo|y/o|y\.o\.)(?!\w)|^ish\b|"
                    r"^\s*[/\[]?\s*[MF](?:4[MF])?\b")
# before a number: "aged 18", "at the age of 35", "at 36", "was 26", "turned 40", "Mr Sullivan, 42," "Almunia (27)"
_BEFORE = re.compile(r"(?:\b(?:aged?|age\s+of|ages\s+of|at|was|is|were|are|be|been|turned|turns|turning|reached|reaches|"
                     r"(?:his|her|their|our|my|your)(?:\s+(?:early|mid|late)-?)?|am|im|above|below|over|under)|['’][ms]|\bage\s*:)\s*"
                     r"(?:only\s+|just\s+|about\s+|nearly\s+|almost\s+|over\s+|under\s+|now\s+|currently\s+|then\s+)?$", re.I)
_APPOSED = re.compile(r"[,(\[]\s*(?:aged\s+|almost\s+|about\s+|nearly\s+|then\s+)?$")
_APPOSED_END = re.compile(r"^\s*(?:[,;.)]|$|and\b|when\b)")
# a date something dates to: "graves dating to 1338-39"
_DATES_TO = re.compile(r"\bdat(?:ing|ed|es)\s+(?:back\s+)?(?:to|from)\s+$", re.I)
# whose age the sentence says it is, just beside the number: "Mr Ebbers, 63", "Newton was 26", "Smith (42)"
_NAME_BEFORE = re.compile(rf"(?P<name>{NAME})(?:\s*,(?:\s*an?\b)?|\s*\(|\s+(?:was|is|,\s*who\s+(?:is|was)))\s*(?:aged\s+)?$")
# "27-year-old Almunia", "the 74-year-old Eastwood", "42-year-old striker Alan Shearer"
# (the words between describe, not tell: not "The 31-year-old was third behind Hayley Yelling")
_NAME_AFTER = re.compile(rf"^\s*-\s*(?:year|month)s?\s*-\s*old\s+(?:(?!(?:from|in|at|of|on|with|who|and|for|to|by|"
                         r"is|was|were|are|has|had|have|will|would|could|can|may|might|must|should|did|does|said|"
                         r"says|behind|than|but)\b)"
                         rf"[a-z][\w-]*\s+){{0,3}}(?P<name>{NAME})")
# a name that only says what the person is: "The 31-year-old former Dublin milkman", "The 31-year-old former
# France international", "The 25-year-old Newcastle star" (a noun after it, then no name)
_DESCRIBED = re.compile(r"\s+(?!(?:later|never|ever|rather|further|together|whether|either|neither|other|under|after|"
                        r"over|however)\b)(?:[a-z][a-z-]*(?:man|woman|er|or|ist|ian|ent|ant|al|ive|ee)|"
                        # and what a player or a star is called: "The 25-year-old Newcastle star"
                        r"star|ace|boss|chief|captain|coach|champion|veteran|youngster|prodigy|hopeful|forward|"
                        r"fly-half|scrum-half|full-back|half-back|centre|flanker|hooker|keeper|actress|heiress|"
                        r"wife|husband|son|daughter|mother|father|girl|boy|model|poet|artist|pilot|legend|great|hero|"
                        r"icon|idol|favourite|stalwart)\b"
                        rf"(?:\s+(?P<name>{NAME}))?")
# "I'm only 30 years old," DiCaprio said: a speaker's own age
_FIRST_PERSON = re.compile(r"\bI(?:['’]m|\s+am|\s+was)\s+(?:only\s+|just\s+|now\s+)?$")
_SPEAKER = re.compile(rf"(?:\bsaid|\bsays|\btold)\s+(?P<after>{NAME})|(?P<before>{NAME})\s+(?:said|says|told|added)\b")


def asks_age(q: QuestionAnalysis) -> bool:
    """Does the question ask how old someone or something is?"""
    return bool(_ASKS.match(q.text))


@lru_cache(maxsize=256)
def asked_age(question: str) -> str | None:
    """Whose age the question asks, when it names them ("Scott Sullivan"), or None."""
    m = _WHOSE.match(question)
    return (m["name"] or m["owner"]) if m else None


def _ages(sentence: str, start: int, end: int) -> list[re.Match]:
    """The numbers of the span ``sentence[start:end]`` the sentence writes as an age."""
    out = []
    for m in _NUMBER.finditer(sentence, start, end):
        before, after = sentence[max(0, m.start() - 30) : m.start()], sentence[m.end() : m.end() + 25]
        if _DATE_BEFORE.search(before) or _DATE_AFTER.match(after):
            continue  # a date's day or year: "born on 27 October, 1920"
        if _A_TERM.match(sentence, m.end()) and not _AFTER.match(after):
            continue  # "her eight-year doping ban" is a term, no age
        if (_AFTER.match(after) or _BEFORE.search(before) or (_APPOSED.search(before) and _APPOSED_END.match(after))
                or (re.fullmatch(r"\d{4}", m.group(0)) and _DATES_TO.search(before))):
            out.append(m)
    return out


# a number of a date: the year after its month ("October, " + "1920", "October 27, " + "1920"), the day before it
# ("27" + " October")
_MONTHS = "|".join(MONTH_TITLES)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+$")
_DATE_AFTER = re.compile(rf"(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTHS})\b")


def gives_an_age(sentence: str, start: int, end: int) -> bool:
    """Does the span give an age: words of age in it ("a year old", "over the age of 18"), or a number the
    sentence writes as one?"""
    if any(not _A_TERM.match(sentence, m.end()) for m in _AGE_WORDS.finditer(sentence, start, end)) \
            and not _A_WHILE.match(sentence, start, end + 12):
        return True
    return bool(_ages(sentence, start, end))


# a term written as one word with a number, no age: "eight-year" (ban), "18-month" (association), not
# "42-year-old", "twenty-four", "50-something"; read at a number's end or an age word's end
_A_TERM = re.compile(r"-(?!olds?\b|(?:one|two|three|four|five|six|seven|eight|nine|something|odd|ish)\b)[a-z]|(?:(?<=\w-year)|(?<=\w-month)|(?<=\w-week)|(?<=\w-day))\s+(?!olds?\b)[a-z]", re.I)

# a span of years that is a while, no age: "ten years" of "ten years after his death" ("50,000 years ago" is
# an age)
_A_WHILE = re.compile(r"(?:\S+\s+){0,2}(?:years?|decades?|centur(?:y|ies))\s+(?:after|before|later|earlier)\b", re.I)


def holder(sentence: str, number: re.Match) -> str | None:
    """The name the sentence gives the age ``number`` to, just beside it, or None (a date is no one's:
    "In October 1810, six months after ...")."""
    name = None
    before = _NAME_BEFORE.search(sentence, 0, number.start())
    after = _NAME_AFTER.match(sentence[number.end() :])
    if before:
        name = before["name"].rstrip(".")
    elif after:
        # "The 31-year-old former Dublin milkman": what the person is, no name; "The 30-year-old Chelsea
        # striker Didier Drogba": the name after it
        described = _DESCRIBED.match(sentence, number.end() + after.end())
        name = (described["name"] or "") if described else after["name"].rstrip(".")
    elif _FIRST_PERSON.search(sentence, 0, number.start()):
        speaker = _SPEAKER.search(sentence, number.end())
        name = speaker and (speaker["after"] or speaker["before"])
    if not name or re.search(r"\d", name) or name.split()[0] in MONTH_TITLES or name.split()[0].endswith("day"):
        return None
    if name in _PRONOUNS:
        return None  # "He was 84": whoever he is, no name
    return name


_PRONOUNS = frozenset({"He", "She", "They", "It", "I", "We", "You"})


# "The 32-year-old will race alongside ... Pavey": an age standing for someone named before, not followed
# by a name ("the 74-year-old Eastwood" is Eastwood's)
_THE_AGED = re.compile(r"^\s*-\s*years?\s*-\s*old\b(?!\s*,?\s+(?:[a-z][\w-]*\s+)?[A-Z])")


def _someone_else_aged(whose: str, sentence: str, number: re.Match) -> str | None:
    """"the 32-year-old", when the sentence writes the age so ("The 32-year-old will race alongside
    Olympic 5,000m finalist Pavey") and names ``whose`` after it as another, or None."""
    after = _THE_AGED.match(sentence[number.end() :])
    if not after or not re.search(r"\b[Tt]he\s+$", sentence[max(0, number.start() - 4) : number.start()]):
        return None
    rest = sentence[number.end() + after.end() :]
    named = re.search(rf"\b{re.escape(whose.split()[-1])}\b", rest)
    if named is None or not re.search(r"\b[a-z]{2,}\b", rest[: named.start()]):
        return None  # not named after it, or in apposition ("The 32-year-old, Pavey, ...")
    return f"the {number.group(0)}-year-old"


def anothers_age(whose: str, p: Proposal) -> str | None:
    """The other name the proposal's sentence gives its age to, never naming ``whose``, or None; or "the
    32-year-old" of a sentence that names ``whose`` after the age as someone else."""
    sentence = p.evidence.sentence
    for number in _ages(sentence, p.span.start, p.span.end):
        name = holder(sentence, number)
        # the age written beside a name is that name's, wherever else the sentence names the one asked ("Lucy, 36,
        # tracked down Mr Pound" gives no age of Stephen Pound)
        if name and not same_doer(whose, name, name, getattr(p.evidence.doc, "text", "")):
            return name
        if name is None and (other := _someone_else_aged(whose, sentence, number)):
            return other
    return None


# a question asking how old someone is now ("How old is Stan Lee?"), and an age the sentence gives for a time
# past ("By the time he was 40, Lee had decided ...", "when she turned 18", "died aged 37")
_ASKS_NOW = re.compile(r"^\s*(?:[Aa]nd\s+)?(?:[Hh]ow\s+old\s+(?:is|are|'s|’s)\b|[Ww]hat\s+is\b)")
_THEN = re.compile(r"\b(?:[Ww]hen|[Bb]y\s+the\s+time|[Uu]ntil|[Aa]fter|[Bb]efore|[Oo]nce|[Ss]ince)\s+(?:he|she|they|[A-Z][\w'’-]*)\s+"
                   r"(?:was|were|turned|reached)\s+(?:only\s+|just\s+|about\s+|nearly\s+)?$"
                   # and the age someone died at: "but died aged 37"
                   r"|\b(?:died|dies|killed|murdered)\s+(?:in\s+\d{4}\s+)?(?:aged|at\s+the\s+age\s+of|at)\s+(?:only\s+|just\s+)?$")


def an_age_then(sentence: str, start: int, end: int) -> bool:
    """Is every age of the span one the sentence gives for a time past ("40" of "By the time he was 40")?"""
    ages = _ages(sentence, start, end)
    return bool(ages) and all(_THEN.search(sentence, max(0, m.start() - 40), m.start()) for m in ages)


def of_an_age(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how old, the proposals that give an age, and, of one naming whose, not
    another name's, nor, of one asking how old someone is now, one of a time past (all of them for other
    questions)."""
    if not asks_age(q):
        return proposals
    whose = asked_age(q.text)
    now = bool(_ASKS_NOW.match(q.text))
    return [p for p in proposals if gives_an_age(p.evidence.sentence, p.span.start, p.span.end)
            and not (whose and anothers_age(whose, p))
            and not (now and an_age_then(p.evidence.sentence, p.span.start, p.span.end))]


def age_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they give no age, another's, or one of a time past."""
    whose = asked_age(q.text)
    other = next((name for p in read if whose and (name := anothers_age(whose, p))), None)
    if other:
        return f"The closest sentences give the age of {untitled(other)}, not of {untitled(whose)}."
    if _ASKS_NOW.match(q.text) and any(an_age_then(p.evidence.sentence, p.span.start, p.span.end) for p in read):
        return "The closest sentences give an age at a time past, not now."
    return NoneGiven("The closest sentences give no age.")
