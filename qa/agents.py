"""Who did it? "When did Yahoo acquire Pyra Labs?" is not answered "2003" from "Google acquired Pyra
Labs, makers of the Blogger software, in 2003": the sentence gives the question's deed to another name.

``asked_deed`` reads a question that names who did something ("When did Yahoo acquire ...?", "How
many banks has Enrico Bondi sued?", "When was the Amiga launched?": the name after the auxiliary and
the verb after it). ``of_the_doer`` keeps the proposals whose sentence does not write another name
just before that verb, the one nearest before the span ("Google acquired", "Commodore International
filed", "The Commodore 64, launched"), while never naming the question's; none left, the question is
not answered from them (``doer_reason``). Another name is not one the question's is part of, or
written with in the article ("Nikola" of "Nikola Tesla"), nor spelt alike ("Kücükdeveci"), nor a
description ("the Museum acquired"), nor a sentence's first word the article writes in lower case
("Despite spending").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from index.lexical import IRREGULAR_PASTS, STOPWORDS, verb_stem
from qa.names import lower_words, spelled_alike, untitled
from qa.posts import JOINED, PARTY, WORD, mentions, same_party
from qa.question import AUXILIARIES

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_PASSIVE = frozenset({"was", "were", "is", "are"})
_AUX = "|".join(AUXILIARIES)
# a name: capitalised words (and numbers after the first: "Commodore 64"), "of" and "&" between
NAME = r"[A-Z][\w'’&.-]*(?:\s+(?:of\s+(?:the\s+)?|&\s+)?(?:[A-Z][\w'’&.-]*|\d[\w./-]*))*"  # ("The Passion of the Christ", "Fahrenheit 9/11")
# "When did Yahoo acquire ...?", "How many banks has Enrico Bondi sued?", "When was the Amiga launched?"
# ("How much of Credit Bank of Iraq did National Bank of Kuwait buy?": what of, named)
_ASKED = re.compile(rf"^\s*(?i:when|where|why|how(?:\s+[a-z]+)*?(?:\s+of\s+(?:the\s+)?{NAME})?|what\s+[a-z]+(?:\s+[a-z]+)?|"
                    rf"which\s+[a-z]+(?:\s+[a-z]+)?)\s+(?i:(?P<aux>{_AUX}))\s+(?:the\s+)?(?P<doer>{NAME})(?!['’])\s+(?P<verb>[a-z]+)")
# a name just before a verb: "Google " + "acquired", "The Commodore 64, " + "launched", "Mr Bondi has " + "sued"
_NAME_BEFORE = re.compile(rf"(?P<name>{NAME})(?P<comma>\s*,)?\s*(?P<aux>(?:{_AUX})\s+(?:been\s+|also\s+|now\s+)?)?$")
# a clause saying more of the name, between it and its verb: ", which originally accepted the offer, "
_RELATIVE = re.compile(r"\s*,\s*(?:which|who)\s+[^,;:()\"“”]+,\s*$")
# a name, then a clause that says its deed: "last year's Pompei, which " + "drew 10 million viewers"
_WHICH_DID = re.compile(rf"(?P<name>{NAME})\s*,\s*(?:which|who)\s+(?:(?:has|have|had|also|then|later)\s+)?$")
# before a name, a word that makes it a description: "the Museum acquired"
# ("that" after a verb of saying opens what was said: "Stamp said that Adams, who died in 2001, ...")
_DESCRIBED = re.compile(r"\b(?:the|a|an|its|his|her|their|our|this|(?<!said\s)(?<!says\s)(?<!added\s)(?<!claimed\s)"
                        r"(?<!believes\s)(?<!thinks\s)(?<!insisted\s)that)\s*$")


class Deed(NamedTuple):
    """Who the question says did it, and what: "Yahoo", the stem of "acquire", and whether it was done to
    the name ("When was the Amiga launched?")."""

    doer: str
    verb: str
    passive: bool
    last: bool = False  # the verb ends the question: what was done is what is asked ("How much ... did Y buy?")


@lru_cache(maxsize=1024)
def asked_deed(question: str) -> Deed | None:
    """The deed a question asks about, with the name that did it, or None."""
    m = _ASKED.match(question)
    if m is None or m["verb"] in STOPWORDS or m["doer"].lower() in STOPWORDS:
        return None  # "How many have I done?": no name
    passive = m["aux"].lower() in _PASSIVE
    if passive and not (m["verb"].endswith(("ed", "en", "wn")) or m["verb"] in IRREGULAR_PASTS):
        return None  # "Where was the Kievian force ...": no deed done to it
    return Deed(m["doer"], verb_stem(m["verb"]), passive, re.match(r"\s*\??\s*$", question[m.end():]) is not None)


def other_doer(deed: Deed, p: Proposal) -> str | None:
    """The other name the proposal's sentence says did the deed, just before its verb nearest before the
    span's end (after it, when none is before), or None."""
    sentence, start, end = p.evidence.sentence, p.span.start, p.span.end
    verbs = [m for m in re.finditer(r"[a-z]+", sentence) if verb_stem(m.group(0)) == deed.verb]
    before = [m for m in verbs if m.start() < end]  # before the span or in it ("Google acquired ... in 2003")
    nearest = before[-1:] or [m for m in verbs if m.start() >= end][:1]
    if not nearest:
        return None
    at = nearest[0].start()
    which = _WHICH_DID.search(sentence, 0, at)
    if which and not deed.passive and at < end:  # "last year's Pompei, which drew 10 million viewers": Pompei drew them
        name, doer = which["name"], untitled(deed.doer)
        # not a description ("The Queen, who opened"), nor a place of a name before it ("Alexandria in
        # Egypt, which became", "Spiro, Oklahoma, which flourished")
        if (name.startswith("The ") or _DESCRIBED.search(sentence, 0, which.start())
                or re.search(r"(?:\b(?:in|of|at|from|near|to|by)|,)\s*$", sentence[: which.start()])
                or name.split()[0].lower() in STOPWORDS or mentions(name, doer) or mentions(doer, name)
                or any(spelled_alike(x, y) for x in doer.split() for y in name.split())):
            return None
        return name
    clause = _RELATIVE.search(sentence, 0, at)  # "Indonesia, which accepted the offer, owes": Indonesia owes
    b = _NAME_BEFORE.search(sentence, 0, clause.start() if clause else at)
    if b is None or (b.start("name") < end and b.end("name") > start and end <= nearest[0].start()):
        return None  # no name, or the span is who did it
    name = b["name"][4:] if b["name"].startswith("The ") else b["name"]
    aux = b["aux"].split()[0] if b["aux"] else ""
    if deed.passive and not (b["comma"] or aux in _PASSIVE | {"has", "have", "had"}):
        return None  # "When was San Francisco voted ...?": "NFL owners ... in Boston voted" is who voted
    if not deed.passive and (b["comma"] or aux in _PASSIVE):
        return None  # "Acts of Parliament were passed": what was done, not who did it
    if b["comma"] and sentence[: b.start()].strip():
        return None  # "Smaller settlements, which included Killeshandra in County Cavan, contributed"
    if _DESCRIBED.search(sentence, 0, b.start()) or name.split()[0].lower() in STOPWORDS:
        return None
    doc = p.evidence.doc
    lower = lower_words(doc)
    # a sentence's first words, written in lower case elsewhere, are no name ("Despite spending ..."), nor part
    # of one ("Actress Nicole Kidman"), unless the article writes the whole name within a sentence ("that Air
    # China has chosen": "Air" of "Air China" is part of it)
    if not sentence[: b.start()].strip() and not re.search(rf"\b[a-z][\w'’-]*,?[ \t]+{re.escape(name)}\b",
                                                           getattr(doc, "text", "")):
        words = name.split()
        while words and words[0].lower() in lower:
            words = words[1:]
        if not words:
            return None
        name = " ".join(words)
    if same_doer(deed.doer, name, sentence, getattr(doc, "text", "")) and not (
            # the sentence names the question's doer doing it too, but another deed of the kind: "National Bank of
            # Kuwait has bought a majority stake ..., Export & Finance Bank has bought 49% of National Bank of Iraq"
            # for how much National Bank of Kuwait bought (was answered "49%" at 0.98)
            deed.last and not deed.passive and not mentions(name, untitled(deed.doer)) and not mentions(untitled(deed.doer), name)
            and any(_did_it(deed, sentence, v.start()) for v in verbs if v is not nearest[0])):
        return None
    return name


def _did_it(deed: Deed, sentence: str, at: int) -> bool:
    """Does the sentence write the question's doer just before the verb at ``at`` ("National Bank of Kuwait has
    " + "bought")?"""
    b = _NAME_BEFORE.search(sentence, 0, at)
    return b is not None and not b["comma"] and mentions(b["name"], untitled(deed.doer))


def same_doer(doer: str, name: str, sentence: str, article: str) -> bool:
    """Is ``name`` the doer, or may it be: part of it, spelt alike, written with it in the article
    ("Nikola Tesla"), or is the doer named in the sentence at all?"""
    doer = untitled(doer)
    if mentions(name, doer) or mentions(doer, name) or mentions(sentence, doer):
        return True
    # a word spelt alike, mistyped ("Pacquiano" / "Pacquiao") or the same ("Josef Dobrovský"), but not one at
    # opposite ends of two names ("China" of "Air China" and "China Southern")
    a, b = doer.split(), untitled(name).split()  # ("Sir Cliff" is "Cliff")
    pairs = [(x, y, _opposite_ends(a, i, b, j)) for i, x in enumerate(a) for j, y in enumerate(b)]
    if any((spelled_alike(x, y) or _mistyped(x.lower(), y.lower())) and not ends for x, y, ends in pairs):
        return True
    # a word of it ("Bondi" of "Mr Bondi"; "Bush" of "Bush's"), not inside the other name when that is the word at
    # its other end ("China" of "Air China" for "China Southern")
    shared_at_ends = any(ends and x.lower() == y.lower() for x, y, ends in pairs)
    low = sentence.lower().replace(name.lower(), " ") if shared_at_ends else sentence.lower()
    if any(w.lower()[:5] in low for w in re.findall(r"\w+", doer) if len(w) > 2 and w.lower() not in STOPWORDS):
        return True
    together = rf"{re.escape(name)}\s+{re.escape(doer)}|{re.escape(doer)}\s+{re.escape(name)}"
    return bool(article) and re.search(together, article) is not None


def _opposite_ends(a: list[str], i: int, b: list[str], j: int) -> bool:
    """Do words ``a[i]`` and ``b[j]`` of two names of two words or more stand first in one and last in the other?"""
    if len(a) < 2 or len(b) < 2:
        return False
    return (i == 0 and j == len(b) - 1) or (i == len(a) - 1 and j == 0)


def _mistyped(a: str, b: str) -> bool:
    """One name, mistyped: a letter more, less, other or two swapped ("Pamerston" / "Palmerston", "Tuscon" /
    "Tucson"), in words of five letters or more (kept apart, a proposal is only kept: "Johnson" / "Johnston"
    costs nothing here)."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    short, long_ = sorted((a, b), key=len)
    return short[i:] == long_[i + 1 :]


def of_the_doer(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question naming who did something, the proposals whose sentence does not say another name
    did it (all of them for other questions)."""
    deed = asked_deed(q.text)
    if deed is None:
        return proposals
    return [p for p in proposals if other_doer(deed, p) is None]


# "What was Barclays' net income ...?", "What is Justin Gatlin's 60m world record?": whose, and the thing
_ASKED_OWNER = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?i:what|which|who|how\s+much|how\s+many|how\s+big|how\s+large|how\s+long)\s+"
                          rf"(?:is|was|are|were|will\s+be|has\s+been|had\s+been)\s+(?:the\s+)?(?P<owner>{NAME})(?:['’]s|(?<=s)['’])"
                          rf"\s+(?P<thing>(?:[\w.-]+\s+){{0,3}}?[a-z][\w-]*)(?=\s*(?:[?.!,]|$|\s+(?:in|at|on|for|of|from|"
                          rf"since|before|after|during|last|this|next|now|so|to)\b))")
# ... or asked by what the owner has: "What share of the broadband market does AOL have?"
_ASKED_HAVE = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?i:what|how\s+much|how\s+many)\s+(?P<thing>[a-z][\w-]*)\s+"
                         rf"(?:of\s+(?:the\s+)?(?:[\w'’.-]+\s+){{0,4}}?)?(?:does|do|did)\s+(?:the\s+)?(?P<owner>{NAME})\s+"
                         r"(?:have|hold|own|control)\s*\?*\s*$")
# ... or by how much its thing moved: "By how much did Euronext shares surge?", "How much did Google's profit rise?"
_ASKED_MOVED = re.compile(rf"^\s*(?:[Aa]nd\s+)?(?i:by\s+)?(?i:how\s+(?:much|far))\s+(?:did|do|does|have|has|had)\s+(?:the\s+)?"
                          rf"(?P<owner>{NAME})(?:(?:['’]s|(?<=s)['’])\s+(?P<thing>[a-z][\w-]*)|\s+(?P<plural>[a-z][\w-]*s))\s+"
                          r"(?:rise|fall|surge|jump|climb|drop|slip|slide|grow|gain|increase|decrease|decline|plunge|"
                          r"tumble|soar|sink|shrink|rally|dip|edge|go|move|change)\b")
_OWNS = (r"had|has|have|holds|held|posted|made|set|earned|recorded|achieved|owns|owned|"
         r"reach|reached|reaches|generated|generates|booked")  # "helped Google reach revenues of" (not "reported": a source)


class Owned(NamedTuple):
    """Whose the question asks a thing of, and the thing's last word: ("Barclays", "income")."""

    owner: str
    thing: str


@lru_cache(maxsize=1024)
def asked_owner(question: str) -> Owned | None:
    """The owner and the thing a question asks ("What was Barclays' net income ...?", "What share of the broadband
    market does AOL have?"), or None."""
    m = _ASKED_OWNER.match(question) or _ASKED_HAVE.match(question)
    if m is None:
        moved = _ASKED_MOVED.match(question)
        if moved is None or moved["owner"].lower() in STOPWORDS:
            return None
        return Owned(moved["owner"], (moved["thing"] or moved["plural"]).lower())
    if m["owner"].lower() in STOPWORDS:
        return None
    return Owned(m["owner"], m["thing"].split()[-1].lower())


def other_owner(owned: Owned, p: Proposal) -> str | None:
    """The other name the proposal's sentence gives the thing to, before the span ("Wells Fargo had net
    income of $6.2bn", "Greene currently holds the world record of 6.39 seconds", "Wells Fargo's net
    income", "Wilkinson has proved himself ... with around an 80% kicking success rate", "LSE saw its shares
    surge") or after it ("The longest jail sentence - 46 months - was handed down to Sankus"), while never naming
    the question's, or None."""
    sentence = p.evidence.sentence
    thing = re.escape(owned.thing)
    pattern = (rf"(?P<name>{NAME})(?:['’]s|(?<=s)['’])\s+(?:[\w.-]+\s+){{0,3}}?{thing}\b|"
               rf"(?P<owner>{NAME}),?\s+(?:who\s+)?(?:(?:was|is|has\s+been|had\s+been)\s+)?(?:(?:[a-z]+ly|now|still|also|already)\s+)?"
               rf"(?:{_OWNS}|handed|given|awarded|serving|received)\s+(?:(?:a|an|the|its|his|her|their)\s+)?"
               rf"(?:[\w.%-]+\s+){{0,3}}?{thing}\b|"
               # "Jonny Wilkinson has proved himself a cool customer with around an 80% kicking success rate"
               rf"(?P<with>{NAME})\s+(?:has|had|is|was)\s+[^.;,]{{0,60}}?\bwith\s+(?:(?:around|about|nearly|almost|over)\s+)?"
               rf"(?:(?:a|an|the|his|her|its|their)\s+)?(?:[\w.%-]+\s+){{0,4}}?{thing}\b|"
               # "LSE saw its shares surge 4.9%"
               rf"(?P<saw>{NAME})\s+(?:saw|sees|has\s+seen|had\s+seen|watched)\s+(?:its|their|his|her)\s+(?:[\w.-]+\s+){{0,2}}?"
               rf"{thing}\b")
    given = re.search(rf"\b{thing}\b[^.;]{{0,60}}?\b(?:handed(?:\s+down)?|given|awarded)\s+to\s+(?P<name>{NAME})",
                      sentence)  # "The longest jail sentence - 46 months - was handed down to Sankus"
    # the thing before the span's end, or just after it ("handed a two-year" + " ban")
    for m in [*(m for m in re.finditer(pattern, sentence) if m.start() < p.span.end), *([given] if given else [])]:
        name = m["name"] or m["owner"] or m["with"] or m["saw"]
        name = name[4:] if name.startswith("The ") else name
        if name.split()[0].lower() in STOPWORDS or _DESCRIBED.search(sentence, 0, m.start()):
            continue
        if not same_doer(owned.owner, name, sentence, getattr(p.evidence.doc, "text", "")):
            return name
    return None


def of_the_owner(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking a name's thing ("What was Barclays' net income?"), the proposals whose
    sentence does not give the thing to another name (all of them for other questions)."""
    owned = asked_owner(q.text)
    if owned is None:
        return proposals
    return [p for p in proposals if other_owner(owned, p) is None]


def owner_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences give the thing to another."""
    owned = asked_owner(q.text)
    other = next(name for p in read if (name := other_owner(owned, p)))
    return f"The closest sentences are about {other}, not {untitled(owned.owner)}."


# a party's thing asked: "Where was the Tory spring conference held?", "Who is the Labour candidate?"
_PARTY_THING = re.compile(rf"(?P<party>{PARTY.pattern})(?:['’]s)?\s+(?P<thing>(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]*)\b"
                          rf"(?=\s*(?:[?.!,]|$|\s+(?:held|in|at|on|for|of|be|is|was|did|do|does|has|have|said|say)\b))")


@lru_cache(maxsize=1024)
def asked_party_thing(question: str) -> Owned | None:
    """The party and the thing of it a question asks about ("Tory", "conference" of "Where was the Tory
    spring conference held?"), when it names one party, or None."""
    parties = {m.group(0) for m in PARTY.finditer(question)}
    m = _PARTY_THING.search(question)
    if m is None or len(parties) != 1 or m["thing"].split()[-1] in STOPWORDS:
        return None
    return Owned(m["party"], m["thing"].split()[-1].lower())


def other_party(owned: Owned, p: Proposal) -> str | None:
    """The other party the proposal's sentence names with the thing ("the Labour spring conference",
    "Labour supporters ... at the party's spring conference"), never naming the question's party, or None."""
    sentence = p.evidence.sentence
    parties = _parties(sentence)
    # the party whose thing the span is: the nearest before it, with the thing between them ("Labour's election
    # slogan will be: " + the span, "UKIP, which campaigned on a slogan of " + the span), whatever other parties
    # the sentence names ("... don't let the Tories wreck it again"; not "Labour ... were £17 million in debt;
    # compared to the Conservatives' " + "£6 million")
    before = [m for m in _party_matches(sentence) if p.span.start - 80 <= m.end() <= p.span.start]
    if (before and not same_party(owned.owner, before[-1].group(0))
            and re.search(rf"\b{re.escape(owned.thing)}\b", sentence[before[-1].end() : p.span.start], re.I)):
        return before[-1].group(0)
    if any(same_party(owned.owner, party) for party in parties):
        return None
    if not re.search(rf"\b{re.escape(owned.thing)}\b", sentence, re.I):
        return None
    return parties[0] if parties else None  # "Labour supporters ... at the party's spring conference in Gateshead"


def _parties(sentence: str) -> list[str]:
    """The parties a sentence names, not as part of another name ("International Democrat Union")."""
    return [m.group(0) for m in _party_matches(sentence)]


def _party_matches(sentence: str) -> list[re.Match]:
    """(``_parties``, where they stand; "New Labour" is Labour)"""
    return [m for m in PARTY.finditer(sentence)
            if not re.search(r"\b(?!New\s)[A-Z][\w'’-]*\s+$", sentence[: m.start()][-30:])
            and not re.match(r"\s+(?!Party\b)[A-Z]", sentence[m.end() :])]


def of_the_party(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question about a party's thing ("the Tory spring conference"), the proposals whose sentence
    does not give the thing to another party only (all of them for other questions)."""
    owned = asked_party_thing(q.text)
    if owned is None:
        return proposals
    return [p for p in proposals if other_party(owned, p) is None]


def party_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another party's thing."""
    owned = asked_party_thing(q.text)
    other = next(name for p in read if (name := other_party(owned, p)))
    return f"The closest sentences are about the {other} {owned.thing}, not the {owned.owner} one."


# a source of figures the question names by a name written before it: "in the Countryfile survey",
# "according to the Pew survey"; what may follow: the question's end or its next words
_SOURCES = r"survey|poll|study|report|census|index|inquiry|review|audit|ranking|rankings|league\s+table"
_NAMED_THING = re.compile(rf"\b(?:in|by|from|of|for|at|on|to|according\s+to)\s+the\s+(?P<owner>{JOINED})\s+"
                          rf"(?P<thing>{_SOURCES})\b(?=\s*(?:[?.!,]|$|\s+(?:in|at|on|for|of|by|to|say|says|said|"
                          rf"show|shows|showed|find|finds|found|did|do|does|was|is|were|are)\b))")


@lru_cache(maxsize=1024)
def asked_named_thing(question: str) -> Owned | None:
    """The name and the thing a question names by it ("Countryfile", "survey" of "What percentage
    supported a hunting ban in the Countryfile survey?"), or None."""
    m = _NAMED_THING.search(question)
    if m is None or m["owner"].split()[0].lower() in STOPWORDS:
        return None
    return Owned(m["owner"], m["thing"])


def other_named(owned: Owned, p: Proposal) -> str | None:
    """Another name the proposal's sentence gives the thing by ("The Mail on Sunday survey found that
    63% supported a hunting ban" for the Countryfile survey), while never naming the question's, or None."""
    sentence = p.evidence.sentence
    if mentions(sentence, owned.owner):
        return None
    for m in re.finditer(rf"(?P<name>{WORD}(?:\s+(?:(?:of|on|and|&|de|the)\s+)?{WORD})*)(?:['’]s?)?\s+(?:[a-z][\w-]*\s+){{0,2}}?{re.escape(owned.thing)}\b", sentence):
        words = m["name"].split()
        while words and words[0].lower() in STOPWORDS:  # "In the ICM" of "In the ICM poll, ...": "ICM"
            words = words[1:]
        if words:
            return " ".join(words)
    return None


def of_the_named(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question about a thing a name names ("the Countryfile survey"), the proposals whose sentence
    does not give the thing by another name only (all of them for other questions)."""
    owned = asked_named_thing(q.text)
    if owned is None:
        return proposals
    return [p for p in proposals if other_named(owned, p) is None]


def named_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences are about another name's thing."""
    owned = asked_named_thing(q.text)
    other = next(name for p in read if (name := other_named(owned, p)))
    return f"The closest sentences are about the {other} {owned.thing}, not the {owned.owner} one."


def doer_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences say another did it."""
    deed = asked_deed(q.text)
    other = next(name for p in read if (name := other_doer(deed, p)))
    return f"The closest sentences are about {other}, not {untitled(deed.doer)}."


# -- a deed tried is not a deed done ---------------------------------------------------------------
# "Who bought Glenmorangie?": the name whose deed it was, asked by its past ("bought", "founded")
_WHO_DID = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho\s+(?P<verb>[a-z]+)\s+\S")
# the span's deed only tried, wanted or planned: "Pernod tried to buy Glenmorangie ... but lost out"
_ONLY_TRIED = re.compile(r"\s+(?:(?:has|had|have|is|was|also|then|once|reportedly|previously|unsuccessfully)\s+){0,2}"
                         r"(?:tried|tries|attempted|attempts|failed|fails|sought|seeks|wanted|wants|planned|plans|"
                         r"hoped|hopes|aimed|aims|intended|intends|offered|offers|threatened|threatens|bid|bids|"
                         r"expected|set|likely|looking|poised|considering|preparing|trying|seeking|hoping|planning|"
                         r"aiming|bidding)\s+(?:to\s+)?(?P<verb>[a-z]+)")


@lru_cache(maxsize=256)
def asked_done(question: str) -> str | None:
    """The stem of the deed a who-question asks the doer of, in its past ("Who bought Glenmorangie?" ->
    "buy"), or None."""
    m = _WHO_DID.match(question)
    if m is None:
        return None
    verb = m["verb"]
    if verb in AUXILIARIES or not (verb.endswith("ed") or verb in IRREGULAR_PASTS):
        return None
    return verb_stem(verb)


def _only_tried(deed: str, p: Proposal) -> bool:
    """Does the sentence say just after the span that it only tried (wanted, planned ...) the deed?"""
    m = _ONLY_TRIED.match(p.evidence.sentence, p.span.end)
    return m is not None and verb_stem(m["verb"]) == deed


def of_a_deed_done(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who did something, the proposals not said only to have tried to do it ("Who
    bought Glenmorangie?" was answered "Pernod" of "Pernod tried to buy Glenmorangie ... but lost out to
    luxury goods firm LVMH", a BBC probe, 0.35), nor inside an insert describing the subject that did it
    ("featuring artists including Chris Martin and Jamelia")."""
    deed = asked_done(q.text)
    if deed is None:
        return proposals
    return [p for p in proposals if not _only_tried(deed, p) and not _in_an_insert(deed, p)]


# words opening a comma-set insert that describes a work before it by its artists (not "including", "led by": "The
# leaders, including Tony Blair and Jacques Chirac, signed the treaty" were among them): "Do They Know It's Christmas, featuring
# artists including " + "Chris Martin and Jamelia" + ", held off Kylie Minogue": the subject held her off
_INSERT_OPENS = re.compile(r",\s+(?:featuring|starring)\b[^,;:()]*$", re.I)
_INSERT_ENDS = re.compile(r"[^,;:()]*,\s+(?:(?:has|had|have|also|then|finally|eventually|[a-z]+ly)\s+)?(?P<verb>[a-z]+)\b")


def _in_an_insert(deed: str, p: Proposal) -> bool:
    """Is the span inside a comma-set insert describing the subject, the deed asked just after it ("Chris Martin and
    Jamelia" of "Do They Know It's Christmas, featuring artists including Chris Martin and Jamelia, held off Kylie
    Minogue", for who held off Kylie Minogue: a BBC probe, 0.86)?"""
    sentence = p.evidence.sentence
    after = _INSERT_ENDS.match(sentence, p.span.end)
    opens = _INSERT_OPENS.search(sentence, 0, p.span.start) if after is not None else None
    if opens is None or verb_stem(after["verb"]) != deed:
        return False
    subject = re.findall(r"[\w'’-]+", sentence[: opens.start()])
    # a subject of its own, not a quantifier ("Some, including the rulers of Chamba, ..., rendered help")
    return bool(subject) and subject[-1].lower() not in STOPWORDS


def tried_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they only tried the deed."""
    return "The closest sentences say who tried it, not who did it."


# -- whom a passive sentence says did it ------------------------------------------------------------------------
# "Who will revise the original book?" is not answered "George Abbott and Richard Bissell" of "The original book
# by George Abbott and Richard Bissell will be revised by playwright Peter Ackerman": the sentence says who does
# the deed asked, after "by"
_WHO_VERB = re.compile(r"^\s*(?:and\s+)?who\s+(?:(?:will|would|could|should|is\s+going\s+to|is\s+to|has|have|had|did|"
                       r"does|do)\s+)?(?P<verb>[a-z]+)\b(?!\s+(?:by|to|of|that)\b)", re.I)
# the deed's participle, then "by" and who did it, a title or a few words of description between
_BY_AGENT = r"\s+by\s+(?:(?:the\s+|a\s+|an\s+)?(?:[a-z][\w-]*\s+){0,4})?(?=[A-Z])"
_BEFORE_BY_AGENT = re.compile(rf"\b([a-z]+)(?={_BY_AGENT})")  # a word, then "by" and who did it


@lru_cache(maxsize=1024)
def asked_agent_verb(question: str) -> str | None:
    """The stem of the verb a who-question asks the doer of ("revise" of "Who will revise the book?"), or None."""
    m = _WHO_VERB.match(question)
    verb = m["verb"].lower() if m else ""
    if not verb or verb in AUXILIARIES or verb in STOPWORDS or verb == "else":
        return None
    return verb_stem(verb)


def agents_of(verb: str, sentence: str) -> list[tuple[int, int]]:
    """Where the sentence names who did the deed, after its participle and "by" ("playwright Peter Ackerman" of
    "will be revised by playwright Peter Ackerman"): the start and end of what follows each such "by" up to the
    clause's end."""
    out = []
    for m in _BEFORE_BY_AGENT.finditer(sentence):
        word = m.group(1)
        if not (word.endswith(("ed", "en", "wn")) or word in IRREGULAR_PASTS) or verb_stem(word) != verb:
            continue
        clause = re.match(r"[^,;:.()\"“”]*", sentence[m.end() :])
        out.append((m.end(), m.end() + clause.end()))
    return out


def of_the_agent(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a who-question asking who does a deed, the proposals whose sentence does not say after "by" that
    someone else did it, nor name them after "by" as doing another deed in a sentence that never tells the one
    asked ("BBC One" of "A Different Story ... has been screened by BBC One" for who directed it) (all of them for
    other questions)."""
    verb = asked_agent_verb(q.text)
    if verb is None:
        return proposals
    return [p for p in proposals if not _not_the_agent(q.text, verb, p) and not _agent_of_another_deed(verb, p)]


# deeds of making a work, and what others do with it once made: "screened by BBC One" never tells who directed
# (a wider draft, any other participle, lost 204 train answers: "manufactured by" tells who makes)
_MAKING = frozenset(verb_stem(v) for v in "direct write compose design invent paint create produce build found".split())
_HANDLED = frozenset("screened shown broadcast aired televised reported quoted cited watched viewed attended reviewed "
                     "praised criticised criticized condemned welcomed rejected backed sponsored funded bought "
                     "acquired sold distributed performed covered sung played exhibited displayed banned".split())


def _agent_of_another_deed(verb: str, p: Proposal) -> bool:
    """Is the span who did another deed, after its participle and "by" ("screened by " + "BBC One"), in a sentence
    with no word of the verb asked?"""
    sentence = p.evidence.sentence
    if verb not in _MAKING:
        return False
    for m in _BEFORE_BY_AGENT.finditer(sentence, 0, p.span.start + 1):
        if m.group(1) not in _HANDLED:
            continue
        clause = re.match(r"[^,;:.()\"“”]*", sentence[m.end() :])
        if m.end() <= p.span.start and p.span.end <= m.end() + clause.end():
            # (the words of the sentence read for the verb asked only then, not for every proposal)
            return not any(verb_stem(w) == verb for w in re.findall(r"[a-z]+", sentence.lower()))
    return False


def _not_the_agent(question: str, verb: str, p: Proposal) -> bool:
    """Does the proposal's sentence name who did the deed after "by", after the span, and not one the question
    names ("as developed by Baran" for who developed the same as Baran)?"""
    sentence = p.evidence.sentence
    agents = [(a, b) for a, b in agents_of(verb, sentence)
              if not ((name := re.search(NAME, sentence[a:b])) and mentions(question, name.group(0)))]
    # (a span reaching into one is kept: "The first ever Premier League goal was scored by Brian Deane ...")
    return any(p.span.end <= a for a, _ in agents) and not any(p.span.start < b and p.span.end > a for a, b in agents)


def agent_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: the sentences say another did the deed."""
    return "The closest sentences say someone else did it."
