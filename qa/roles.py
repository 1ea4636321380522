"""Whose role is it? "Who is the president of Akamai?" is not answered from "Mike Prettejohn, president
of Netcraft, said ...": the sentence gives the role to another name.

``asked_role`` reads the role a question asks about and whose it is ("the chief executive of Air
France", "British Airways' chief executive", "Ryanair chief executive"); ``holders`` the names a
sentence gives that role to, written the same three ways. ``of_the_holder`` keeps the proposals whose
sentence does not give the role only to others while never naming the question's; none left, the
question is not answered from them (``role_reason``). A name is the same written in full or in
initials ("BA" / "British Airways") or as its people's word ("French" / "France").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from index.lexical import STOPWORDS, tokenize
from qa.names import PEOPLE_ENDINGS

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

# the longest first: "chief executive" before "executive", "vice president" before "president"
_ROLES = (
    r"(?:chief executive|chief financial officer|chief operating officer|chief operations officer|managing director|"
    r"executive director|finance director|technical director|sporting director|general secretary|secretary general|"
    r"general manager|vice president|vice-president|vice chairman|deputy chairman|deputy leader|director general|"
    r"chairman|chairwoman|president|director|leader|manager|coach|captain|spokesman|spokeswoman|spokesperson|"
    r"founder|co-founder|editor|owner|boss|ceo|cfo|coo)")
_WORD = r"[A-Z][\w&'’.-]*"
_NAME = rf"(?:the\s+)?({_WORD}(?:\s+(?:(?:of|for|and|&|de|the)\s+)?{_WORD})*)"
_OF = re.compile(rf"\b({_ROLES})\s+(?:of|at)\s+{_NAME}")  # "the president of Akamai"
# "Akamai('s) president", "Hong Kong Rugby Football Union (HKRFU) chairman"
_BEFORE = re.compile(rf"{_NAME}(?:['’]s?)?(?:\s+\([A-Z]{{2,8}}\))?\s+(?:new\s+|former\s+|current\s+)?({_ROLES})\b")
_ASKING = frozenset({"who", "what", "which", "when", "where", "how", "whom", "whose", "is", "was", "did", "does", "name"})
_LINKING = frozenset({"of", "for", "and", "&", "de", "the"})
_POSSESSIVE = re.compile(r"['’]s?$")
# capitalised at a sentence's start, not names: "Former president Bill Clinton", "Club captain ..."
_NOT_NAMES = frozenset("former new current interim acting deputy assistant then its his her their our a an club team "
                       "party company group firm bank union state national general joint honorary outgoing".split())


def _attached(text: str) -> list[tuple[str, str]]:
    """(role, name) for each role the text gives to a name, in the text's order."""
    found = [(m.start(), m.group(1).lower(), m.group(2)) for m in _OF.finditer(text)]
    found += [(m.start(), m.group(2).lower(), m.group(1)) for m in _BEFORE.finditer(text)]
    out = []
    for _, role, name in sorted(found):
        words = _POSSESSIVE.sub("", name).split()
        while words and (words[0].lower() in _ASKING or words[0].lower() in STOPWORDS):  # "Who is", "But" open no name
            words.pop(0)
        if words and words[0].lower() not in _LINKING and not (len(words) == 1 and words[0].lower() in _NOT_NAMES):
            out.append((role, " ".join(words)))
    return out


def asked_role(question: str) -> tuple[str, str] | None:
    """The role a question asks about and whose it is ("chief executive", "Air France"), or None."""
    found = _attached(question)
    return found[0] if found else None


def holders(sentence: str, role: str) -> list[str]:
    """The names the sentence gives ``role`` to ("Netcraft" in "Mike Prettejohn, president of Netcraft")."""
    return [name for r, name in _attached(sentence) if r == role]


# words many names share: "Hong Kong Rugby Football Union" is not the "Japanese Rugby Football Union"
_GENERIC = frozenset(tokenize(
    "rugby football union association federation club party group company corporation corp bank council committee "
    "league international national inc ltd plc co university agency board organisation organization airways "
    "airlines motors holdings media network news records society institute foundation trust commission"))
# the word of a people that is not its country's name with an ending ("French" / "France")
_PEOPLES = {"french": "franc", "british": "britain", "english": "england", "dutch": "netherland", "swiss": "switzerland",
            "welsh": "wale", "scottish": "scotland", "scot": "scotland", "irish": "ireland", "spanish": "spain",
            "danish": "denmark", "swedish": "sweden", "finnish": "finland", "polish": "poland", "turkish": "turkei",
            "greek": "greec", "chines": "china", "japanes": "japan", "portugues": "portug", "thai": "thailand",
            "filipino": "philippin"}


def same_name(asked: str, written: str) -> bool:
    """Is ``written`` the asked name: one of its own words ("Netcraft" is not "Akamai"; "Hong Kong Rugby
    Football Union" is not the "Japanese Rugby Football Union"), its initials ("BA" / "British
    Airways") or its people's word ("French" / "France", "Chadian" / "Chad")?"""
    words = _stems(written)
    return any(_alike(k, words) for k in _distinctive(asked)) or _initials(asked) in _acronyms(written) or (
        _initials(written) == asked.replace(".", "").lower())


def _distinctive(name: str) -> set[str]:
    stems = _stems(name)
    return (stems - _GENERIC) or stems


def _alike(key: str, words: set[str]) -> bool:
    key = _PEOPLES.get(key, key)
    return any(_PEOPLES.get(w, w) == key or _one_people(key, _PEOPLES.get(w, w)) for w in words)


def _one_people(a: str, b: str) -> bool:
    """"Chadian" / "Chad", "Iraqi" / "Iraq", "European" / "Europe": one is the other with a people's ending."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short) and long_[len(short):] in PEOPLE_ENDINGS


def _stems(name: str) -> set[str]:
    return {t for t in tokenize(name) if len(t) > 1}


def _acronyms(text: str) -> set[str]:
    return {w.replace(".", "").lower() for w in re.findall(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,6}\b", text)}


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in _LINKING).lower()


def of_the_holder(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """The proposals whose sentence may answer a question about one name's role: not those whose
    sentence gives that role only to other names and never names the question's."""
    asked = asked_role(q.text)
    if asked is None:
        return proposals
    role, name = asked
    return [p for p in proposals if not _anothers(p.evidence.sentence, role, name)]


def _anothers(sentence: str, role: str, name: str) -> bool:
    """Does the sentence give the role to other names only, never naming ``name``?"""
    others = holders(sentence, role)
    return bool(others) and not any(same_name(name, h) for h in others) and not same_name(name, sentence)


def role_reason(q: QuestionAnalysis, proposals: list[Proposal]) -> str:
    """Why spans were read and none given: their sentences give the role to another name."""
    role, name = asked_role(q.text)
    other = next(h for p in proposals for h in holders(p.evidence.sentence, role))
    return f"The closest sentences name the {role} of {other}, not of {name}."
