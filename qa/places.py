"""Where? "When does Kisna open in India?" is not answered "21 January" of "Kisna opens in the UK on 21
January": the sentence states its fact for another place.

``asked_in`` reads the country a question asks its fact in ("India" of "... open in India?", the last
"in" + a country of the question). ``of_the_place_asked`` sets aside a span whose sentence writes "in"
+ another country just beside it ("in the UK on") and never names the one asked (any of its names, in
short or in full, or its people's word: ``qa.posts.mentions``); none left, the question is not answered
from them (``place_asked_reason``). Only countries are read: a city or a region may be part of the
place asked ("in London" for "in the UK", "in Weimar" for "in Thuringia"). Not for where-questions,
whose answer is a place. A sentence that opens "In Sri Lanka," states all it says there: it does not answer
a question asking its fact in another country, or naming one ("How much annual growth may India lose?";
``fronted_place``).

A where-question is not answered with words describing the name after them ("Video game firm" of "Video
game firm Bioware is to hold open auditions"; ``of_somewhere``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from index.lexical import STOPWORDS
from qa.posts import is_people, mentions

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


def is_a_country(name: str) -> bool:
    """Is the name a country's ("US", "the United States")?"""
    return _country(name) is not None


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


@lru_cache(maxsize=1024)
def named_country(question: str) -> str | None:
    """The one country a question names, wherever it is written ("India" of "How much annual growth may India
    lose?", "India's"), as written, or None (none, or more than one)."""
    found = {_country(m.group(1)): m.group(1) for m in _NAMED.finditer(question) if _country(m.group(1)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


# a country written anywhere (its first words capitalised; "Sri Lanka", "the US"), and a sentence that starts by
# stating where all of it holds: "In Sri Lanka, some observers have said that as much as 1% of annual growth may
# be lost"
_NAMED = re.compile(r"(?<![\w'’.])((?:U\.K\.|U\.S\.|[A-Z][\w.-]*)(?:\s+(?:of\s+)?[A-Z][\w.-]*)*)")
_FRONTED = re.compile(rf"^\s*In\s+{_PLACE}\s*,")


def fronted_place(place: str, p: Proposal) -> str | None:
    """Another country the proposal's sentence opens with, for all it says ("Sri Lanka" of "In Sri Lanka, some
    observers have said that as much as 1% of annual growth may be lost"), in a sentence that never names
    ``place``, or None."""
    sentence = p.evidence.sentence
    m = _FRONTED.match(sentence)
    if m is None or _country(m["place"]) in (None, _country(place)) or p.span.start < m.end("place"):
        return None  # (not the place itself: "Japan" of "In Japan, ..." for what country scores higher)
    if any(mentions(sentence, name) for name in _COUNTRIES[_country(place)].split("|")):
        return None
    return m["place"]


def _elsewhere(q: QuestionAnalysis, p: Proposal) -> str | None:
    """The other place the proposal's sentence states its span in, for a question asking its fact in one
    ("in India") or naming one country ("India"), or None."""
    place = asked_in(q.text)
    if place is not None:
        return other_place(place, p) or fronted_place(place, p)
    named = named_country(q.text)
    return fronted_place(named, p) if named is not None else None


def of_the_place_asked(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking its fact in a place, the proposals whose sentence does not state it in
    another place only (all of them for other questions)."""
    if q.wh == "where":  # where: the answer is a place, and may be a part of the one asked
        return proposals
    if asked_in(q.text) is None and named_country(q.text) is None:
        return proposals
    return [p for p in proposals if _elsewhere(q, p) is None]


def place_asked_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another place."""
    place = asked_in(q.text) or named_country(q.text)
    other = next(name for p in read if (name := _elsewhere(q, p)))
    return f"The closest sentences are about {other}, not {place}."


# -- a people's fact is not another people's -------------------------------------------------------------
# "How much will Germans spend buying gifts online?" is not answered "£4bn" of "British people will spend £4bn
# buying gifts online": the question asks its fact of one people (a capitalised word, not its first, that is
# a people's word, alone or plural: "Germans", "German shoppers"), the sentence states it of another people
# written just before the span, and never names the one asked
_CAPITAL_WORD = re.compile(r"(?<![\w'’])([A-Z][a-z]+)(?![\w'’-])(?!\s+[A-Z])")
_PEOPLE_NEAR = 30  # characters before the span


@lru_cache(maxsize=4096)
def _people_country(word: str) -> int | None:
    """The country of the people a capitalised word is ("German", "Germans": Germany's; "English" and
    "British" both the UK's), a country read here ("Brian" is no people), or None."""
    for w in (word, word[:-1] if word.endswith("s") else None):
        if w and w not in _COUNTRY and is_people(w):
            found = next((i for name, i in _COUNTRY.items() if " " not in name and not name.isupper()
                          and mentions(w, name)), None)
            if found is not None:
                return found
    return None


def _people_word(word: str) -> str | None:
    """The people's word a capitalised word is, as written ("Germans"), or None."""
    return word if _people_country(word) is not None else None


def _as_people(text: str, m: re.Match) -> bool:
    """Is the capitalised word a people, not a language ("in English", "German: migratory restlessness")?"""
    return not re.search(r"\bin\s+$", text[: m.start()]) and not text.startswith(":", m.end())


@lru_cache(maxsize=1024)
def asked_people(question: str) -> str | None:
    """The one people a question asks its fact of ("German" of "How much will Germans spend ...?"), or None
    (none, more than one, or a country asked after "in")."""
    if asked_in(question) is not None:
        return None
    found = {w for m in _CAPITAL_WORD.finditer(question)
             if m.start() > 0 and _as_people(question, m) and (w := _people_word(m.group(1)))}
    return found.pop() if len(found) == 1 else None


def other_people(people: str, p: Proposal) -> str | None:
    """Another people the proposal's sentence states its span of, just before it or in it ("British" of
    "British people will spend £4bn"), in a sentence that never names ``people`` (nor its country), or None."""
    sentence = p.evidence.sentence
    asked = _people_country(people)
    if any(_people_country(m.group(1)) == asked for m in _CAPITAL_WORD.finditer(sentence)) or any(
            mentions(sentence, name) for name in _COUNTRIES[asked].split("|")):
        return None  # the people asked, or its country, is named ("Egyptians", "Egypt")
    for m in _CAPITAL_WORD.finditer(sentence, max(0, p.span.start - _PEOPLE_NEAR), p.span.end):  # or in it
        other = _people_word(m.group(1))
        if other and _as_people(sentence, m) and _people_country(other) != asked:
            return other
    return None


def of_the_people(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking how many (how much) of one people, the proposals whose sentence does not state
    it of another people only (all of them for other questions)."""
    people = asked_people(q.text)
    if people is None or q.wh not in ("how-many", "how-much"):  # a figure of one people
        return proposals
    return [p for p in proposals if other_people(people, p) is None]


def people_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another people."""
    people = asked_people(q.text)
    other = next(name for p in read if (name := other_people(people, p)))
    return f"The closest sentences are about the {other}, not the {people}."


# -- a where-question is answered by a place ------------------------------------------------------------------
# "Where will Bioware hold its auditions?" is not answered "Video game firm" of "Video game firm Bioware is to hold
# open auditions": words of description just before a name describe it (the sentence's first word capitalised
# whatever it is), and no place is written so
_DESCRIBES_THE_NEXT = re.compile(r"(?:(?:[A-Z][a-z'’-]*|[a-z][\w'’-]*)\s+){0,4}(?i:firm|company|group|giant|maker|"
                                 r"manufacturer|retailer|chain|bank|club|side|team|star|singer|actor|actress|band|"
                                 r"player|striker|minister|chief|boss|spokesman|spokeswoman|official|agency|network|"
                                 r"broadcaster|publisher|studio|label|developer|carrier|airline|operator|charity|"
                                 r"party|leader|president|director|producer|designer|rival|owner)s?")


# words describing one that is never a place, whatever follows them
_NO_PLACE = frozenset("firm firms company companies group giant maker manufacturer retailer star singer actor actress "
                      "player striker minister chief boss spokesman spokeswoman official leader president director "
                      "producer designer rival owner developer publisher".split())


def describes_a_name(p: Proposal) -> bool:
    """Is the span words of description, lower-case but a sentence's first, just before a name ("Video game
    firm" + " Bioware")?"""
    sentence, start, end = p.evidence.sentence, p.span.start, p.span.end
    # (the description may go on past the span: "Video game" + " firm" + " Bioware")
    more = re.match(r"(?:\s+[a-z][\w'’-]*){0,3}(?=\s+[A-Z])", sentence[end:])
    text = sentence[start : end + (more.end() if more else 0)]
    if (_DESCRIBES_THE_NEXT.fullmatch(p.text) and p.text.split()[-1].lower() in _NO_PLACE
            and not re.search(r"\s[A-Z]", p.text) and (p.text[:1].islower() or not sentence[:start].strip())):
        return True  # "Game firm" of the headline "Game firm holds 'cast' auditions": a firm is no place
    if more is None or not _DESCRIBES_THE_NEXT.fullmatch(text) or re.search(r"\s[A-Z]", sentence[start:end]):
        return False
    return text[:1].islower() or not sentence[:start].strip()


# a clause saying again what was asked, not a place: a verb, and no word of a place ("Video game firm Bioware is to hold open
# auditions for people to become cast members for future games")
_A_VERB = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|says|said)\b")
_A_PLACE_WORD = re.compile(r"\b(?i:in|at|on|near|outside|inside|across|from|to|into|off|around|between|of|"
                           r"north|south|east|west)\s+(?:the\s+)?[A-Z]|\b(?i:city|town|village|country|capital|"
                           r"street|road|stadium|hall|centre|center|park|mall|region|state|province|county|island|"
                           r"home|house|office|headquarters|here|there|abroad|overseas)\b")


@lru_cache(maxsize=1024)
def _content_words(question: str) -> frozenset[str]:
    """A where-question's words, less stop words and "where"."""
    return frozenset(w for w in re.findall(r"[a-z][\w'’-]+", question.lower()) if w not in STOPWORDS and w != "where")


def a_clause(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span a clause that says again what the question asks (all its words, "Bioware", "hold",
    "auditions", with a verb), naming no place?"""
    asked = _content_words(q.text)
    said = set(re.findall(r"[a-z][\w'’-]+", p.text.lower()))
    return (len(asked) >= 2 and asked <= said and bool(_A_VERB.search(p.text))
            and not _A_PLACE_WORD.search(p.text))


@lru_cache(maxsize=1024)
def _names_in(question: str) -> tuple[str, ...]:
    """The runs of capitalised words of a question, its first word aside ("Bioware" of "Where will Bioware ...?")."""
    return tuple(m.group() for m in re.finditer(r"[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*", question[1:]))


def the_name_asked(q: QuestionAnalysis, p: Proposal) -> bool:
    """Is the span, less words describing it, a name the question asks about ("Video game firm Bioware", "Bioware",
    for where Bioware will hold its auditions)?"""
    described = _DESCRIBES_THE_NEXT.match(p.text)
    rest = p.text[described.end() if described else 0 :].strip(" ,.'’\"")
    return rest.lower() in {name.lower() for name in _names_in(q.text)}  # a whole name of the question ("Bioware"), not a word of one ("The Mogadishu Times")


def of_somewhere(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a where-question, the proposals that are not words describing the name after them, nor a clause that
    names no place, nor the name asked about (all of them for other questions)."""
    if q.wh != "where":
        return proposals
    return [p for p in proposals if not describes_a_name(p) and not a_clause(q, p) and not the_name_asked(q, p)
            and not based_elsewhere(q, p)]


# where something is based: the place before "-based" is where the thing after it is ("Blackwatch's Baghdad-based
# affiliate Falcon Group" answered where Blackwatch is based, 0.75; "Aberdeen-based oil and gas consultancy
# Blackwatch" is where it is)
_ASKS_BASED = re.compile(r"\bbased\s*\??\s*$", re.I)
_BASED_AFTER = re.compile(r"-based\s+(?:[a-z][\w-]*\s+){0,4}(?P<name>[A-Z][\w&'’.-]*(?:\s+(?:(?:of|and|&|for|the|de)\s+)?"
                          r"[A-Z][\w&'’.-]*)*(?:\s*\([A-Z][\w&.-]+\))?)?")  # and its short name: "(BCCI)"
_WHOSE_BEFORE = re.compile(r"(?P<whose>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*?)(?:['’]s|(?<=s)['’])\s+$")


def based_elsewhere(q: QuestionAnalysis, p: Proposal) -> bool:
    """For "Where is X based?", is the span the place of "<place>-based" said of another: of X's thing ("Blackwatch's
    Baghdad-based affiliate"), or of a name the question does not ask about ("London-based rival Acme")?"""
    if not _ASKS_BASED.search(q.text):
        return False
    sentence = p.evidence.sentence
    # the place may end the span, or open it, "-based" and the rest of it after: "Baghdad-based affiliate Falcon ..."
    # ("Baghdad-", "Baghdad-based": the span's end in it)
    opens = re.match(r"[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*)*(?=-(?:based\b|$))", p.text)
    after = _BASED_AFTER.match(sentence, p.span.start + opens.end() if opens else p.span.end)
    if after is None:
        return False
    asked = _names_in(q.text)
    whose = _WHOSE_BEFORE.search(sentence, 0, p.span.start)
    if whose and any(mentions(whose["whose"], a) for a in asked):
        return True  # the asked name's thing is based there, not the name
    return bool(after["name"]) and not any(mentions(after["name"], a) or mentions(a, after["name"]) for a in asked)


# a question asking which club: a country is no club ("Which club does Euan Murray play for?" is not answered
# "Scotland", his national side)
# (or its side: "Scotland training squad", "the England team")
_NATIONAL_SIDE = re.compile(r"^the\s+|(?:\s+(?:national|training|senior|under-\d+|rugby|football|cricket|squad|team|side|"
                            r"party|xi|xv))+$", re.I)
_ASKS_CLUB = re.compile(r"^\s*(?:and\s+)?(?:which|what)\s+(?:\w+\s+)?club\b", re.I)


def of_a_club(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking which club, the proposals that are not a country's name (all of them for other
    questions)."""
    if not _ASKS_CLUB.match(q.text):
        return proposals
    return [p for p in proposals if _country(_NATIONAL_SIDE.sub("", p.text.strip(" .,'’\""))) is None]


def club_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: each was a country, not a club."""
    return "The closest sentences name a country, not a club."


def somewhere_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they describe a name, and name no place."""
    return "The closest sentences name no place."
