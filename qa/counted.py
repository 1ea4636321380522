"""Which things are counted? "How many PSP consoles has Sony sold?" is not answered "More than 2.8 million" of
"More than 2.8 million DS consoles have been sold since it first appeared in the US and Japan" (a BBC probe,
0.59): the number counts another kind of console.

``asked_kind`` reads the things a how-many question names by capitalised words before a plural ("PSP" and
"consoles"), or by a medal's metal ("silver medals"). ``of_the_kind_counted`` sets aside a span whose number
(in figures or words) the sentence follows with the same plural named by other capitalised words ("DS consoles",
"three gold medals"): only when both kinds are models' codes or metals ("PSP" / "DS", "silver" / "gold"; a name
of words may name the same kind another way: "PlayStation Portable", "Premier League" / "Premiership"), nor a
people's or a country's word, which ``qa.places.of_the_people`` reads ("US troops" / "American troops"), nor
words describing the things ("Dubai-based airlines"). None left, the question is not answered from them (``counted_reason``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.names import CARDINAL_WORDS
from qa.places import is_a_country
from qa.posts import is_people, same_name

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

# (or a medal's metal: "How many silver medals did Jones win?" is not "three" of "three gold medals")
_KIND = r"(?P<kind>(?:[A-Z][\w-]*\s+)+|(?:gold|silver|bronze)\s+)"
_ASKED = re.compile(rf"^\s*(?i:and\s+)?(?i:how\s+many)\s+{_KIND}(?P<things>(?!(?:has|does|was|is|goes)\b)[a-z]{{2,}}s|[A-Z]{{2,}}s)\b")
# the number's words ("2.8 million"), then the kind, before the same plural
_AFTER_NUMBER = rf"\s*(?:million|billion|thousand|hundred|bn|m|k)?\s+{_KIND}"
_NUMBER_WORDS = (*CARDINAL_WORDS, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
                 "thousand", "dozen")
_NUMBER = re.compile(rf"\d(?:[\d,.]*\d)?|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.I)


@lru_cache(maxsize=256)
def asked_kind(question: str) -> tuple[str, str] | None:
    """The kind and the things a how-many question counts (("PSP", "consoles") of "How many PSP consoles has Sony
    sold?"), when it names the kind by capitalised words that are no people's or country's, or None."""
    m = _ASKED.match(question)
    if m is None or _no_kind(m["kind"].strip()):
        return None
    return m["kind"].strip(), m["things"]


# words describing the things, not naming their kind: "Dubai-based", "Somali-owned"
_DESCRIBING = re.compile(r"-(?:based|owned|born|led|run|made|backed|funded)$", re.I)
# a kind read: a model's code ("PSP", "DS", "A380") or a medal's metal; a name of words may be the same kind by
# another name ("PlayStation Portable", "Premier League" / "Premiership", "Dreamliner" / "Boeing"), not read
_A_CODE = re.compile(r"(?:[A-Z][A-Z0-9]+|[A-Z]\d+\w*|gold|silver|bronze)")


def _no_kind(kind: str) -> bool:
    """A people's or a country's word ("US troops"), or words describing the things ("Dubai-based airlines")."""
    return any(is_people(w) or _DESCRIBING.search(w) for w in kind.split()) or is_a_country(kind)


def _same_kind(asked: str, written: str) -> bool:
    """The same kind, or one not read as another: unless both are codes or metals ("PSP" / "DS"), the same name
    written another way (``same_name``: initials)."""
    if not (_A_CODE.fullmatch(asked) and _A_CODE.fullmatch(written)):
        return True
    return asked.lower() == written.lower() or same_name(asked, written) or same_name(written, asked)


def another_kind(question: str, p: Proposal) -> str | None:
    """The other kind of the things asked that the span's last number counts ("DS"), or None."""
    asked = asked_kind(question)
    if asked is None:
        return None
    kind, things = asked
    sentence = p.evidence.sentence
    numbers = list(_NUMBER.finditer(sentence, p.span.start, p.span.end))
    if not numbers:
        return None
    m = re.compile(_AFTER_NUMBER + re.escape(things) + r"\b").match(sentence, numbers[-1].end())
    if m is None:
        return None
    written = m["kind"].strip()
    if _same_kind(kind, written) or _no_kind(written):
        return None
    return written


def of_the_kind_counted(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question counting things of a named kind, the proposals whose number counts no other kind."""
    if asked_kind(q.text) is None:
        return proposals
    return [p for p in proposals if another_kind(q.text, p) is None]


def counted_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they count another kind of the things asked."""
    kind, things = asked_kind(q.text)
    other = next((k for p in read if (k := another_kind(q.text, p))), "other")
    return f"The closest sentences count {other} {things}, not {kind} {things}."
