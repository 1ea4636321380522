"""Which things are counted? "How many PSP consoles has Sony sold?" is not answered "More than 2.8 million" of
"More than 2.8 million DS consoles have been sold since it first appeared in the US and Japan" (a BBC probe,
0.59): the number counts another kind of console.

``asked_kind`` reads the things a how-many question names by capitalised words before a plural ("PSP" and
"consoles"). ``of_the_kind_counted`` sets aside a span whose number the sentence follows with the same plural
named by other capitalised words ("DS consoles"): not the same name written another way (``qa.posts.same_name``:
"US" / "United States"), nor a people's or a country's word, which ``qa.places.of_the_people`` reads ("US
troops" / "American troops"). None left, the question is not answered from them (``counted_reason``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from qa.places import is_a_country
from qa.posts import is_people, same_name

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

_ASKED = re.compile(r"^\s*(?i:and\s+)?(?i:how\s+many)\s+(?P<kind>(?:[A-Z][\w-]*\s+)+)(?P<things>[a-z]+s|[A-Z]{2,}s)\b")
# the number's words ("2.8 million"), then the kind, before the same plural
_AFTER_NUMBER = r"\s*(?:million|billion|thousand|hundred|bn|m|k)?\s+(?P<kind>(?:[A-Z][\w-]*\s+)+)"
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


@lru_cache(maxsize=256)
def asked_kind(question: str) -> tuple[str, str] | None:
    """The kind and the things a how-many question counts (("PSP", "consoles") of "How many PSP consoles has Sony
    sold?"), when it names the kind by capitalised words that are no people's or country's, or None."""
    m = _ASKED.match(question)
    if m is None or _a_people_or_country(m["kind"].strip()):
        return None
    return m["kind"].strip(), m["things"]


def _a_people_or_country(kind: str) -> bool:
    return any(is_people(w) for w in kind.split()) or is_a_country(kind)


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
    if same_name(kind, written) or same_name(written, kind) or _a_people_or_country(written):
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
