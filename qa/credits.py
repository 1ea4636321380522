"""Who directed it? A film's (play's, song's) other credits are not the one asked: "Who directed Kisna?"
is not answered "Antonia Bernath" of "British actress Antonia Bernath is making her debut in Kisna",
nor "Who is directing The Da Vinci Code film?" "Tom Hanks" of "a film starring Tom Hanks".

``asked_credit`` reads the credit a who-question asks by its verb (directed, produced, wrote,
composed, plays or stars). ``of_the_credit`` sets aside a span the sentence gives another credit
just before it ("actress Antonia Bernath", "starring Tom Hanks", "director Alfonso Cuaron") when the
sentence has no word of the credit asked ("Actor Mel Gibson directed The Passion" is kept). None
left, the question is not answered from them (``credit_reason``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qa.question import QuestionAnalysis
    from qa.reader import Proposal

# each credit: the question's verbs that ask it, the sentence's words of it, the titles and the words
# that give it to the name after them
_CREDITS = {
    "director": (r"directed|directs|direct|directing", r"direct\w*|film-?maker\w*",
                 r"director|film-?maker|directed\s+by"),
    "producer": (r"produced|produces|produce|producing", r"produc\w*", r"producer|produced\s+by"),
    "writer": (r"wrote|writes|write|written|writing", r"wr[io]t\w*|author\w*|novel\w*|screenplay|compos\w*",
               r"writer|screenwriter|author|novelist|written\s+by"),
    "composer": (r"composed|composes|compose|composing", r"compos\w*|wr[io]t\w*", r"composer|composed\s+by"),
    "actor": (r"plays|played|play|playing|stars|starred|star|starring|portrays|portrayed|portray",
              r"play\w*|star\w*|portray\w*|act\w*|role|cast",
              r"actor|actress|star|co-star|starring|played\s+by|portrayed\s+by"),
    # (asked by no verb, and another credit than the actor's only: ``_OTHER_ONLY_TO``)
    "creator": (r"created|creates|create|creating", r"creat\w*", r"creator|co-creator|created\s+by"),
    # a part, asked by no verb here ("Who played Den?" is qa.roles.of_the_actor's)
    "character": (r"(?!)", r"(?!)", r"character|hero|heroine|villain"),
}
# credits asked by no question's verb, that are another credit only to these (a writer, a composer creates too)
_OTHER_ONLY_TO = {"creator": {"actor"}}
_ASKED = re.compile(r"^\s*(?:[Aa]nd\s+)?[Ww]ho(?:\s+else)?\s+(?:(?:is|was|will\s+be|has\s+been|had\s+been|will|would|"
                    r"is\s+going\s+to)\s+)?(?P<verb>[a-z]+)\b")


@lru_cache(maxsize=1024)
def asked_credit(question: str) -> str | None:
    """The credit a who-question asks by its verb ("director" for "Who directed Kisna?"), or None."""
    m = _ASKED.match(question)
    if m is None:
        return None
    return next((credit for credit, (verbs, _, _) in _CREDITS.items()
                 if credit not in _OTHER_ONLY_TO and re.fullmatch(verbs, m["verb"])), None)


def other_credit(asked: str, p: Proposal) -> str | None:
    """The other credit the proposal's sentence gives its span just before it ("director Alfonso" +
    "Cuaron"), or the span a name after ("British actress Antonia Bernath", "a film starring Tom Hanks"),
    in a sentence with no word of the one asked, or None."""
    sentence = p.evidence.sentence
    if re.search(rf"\b(?:{_CREDITS[asked][1]})\b", sentence, re.I):
        return None
    before = sentence[max(0, p.span.start - 40) : p.span.start]
    # or a clause just after the span gives it another ("Charlie Brooker, who created TV Go Home in 1999 and
    # has co-written the series" did not play Nathan Barley)
    clause = _WHO_DID.match(sentence, p.span.end)
    for credit, (verbs, _, titles) in _CREDITS.items():
        if asked not in _OTHER_ONLY_TO.get(credit, {asked}):
            continue
        # (the title may be of a list: "Hollywood stars Kevin Spacey and " + "Kate Bosworth")
        if credit != asked and (re.search(rf"\b(?i:{titles})s?,?\s+(?:[A-Z][\w'’-]*\s+){{0,2}}"
                                          rf"(?:(?:[A-Z][\w'’-]*\s+){{1,3}}?and\s+)?$", before)
                                or re.search(rf"\b(?i:{titles})\s+[A-Z]", p.text)
                                or (clause and re.search(rf"\b(?:{verbs})\b", clause["deeds"]))
                                # or the verb of another just after the name: "Whedon created the character of
                                # Buffy in the screenplay for the 1992 film" (he did not play her)
                                or re.match(rf"\s+(?:(?:has|had|also|first|later|then)\s+)*(?:{verbs})\b",
                                            sentence[p.span.end :])):
            return credit
    return None


_WHO_DID = re.compile(r"\s*,\s*who\s+(?P<deeds>[^,;:.()]*)")


def of_the_credit(q: QuestionAnalysis, proposals: list[Proposal]) -> list[Proposal]:
    """For a question asking who directed (produced, wrote, composed, plays) something, the proposals
    the sentence does not give another credit (all of them for other questions)."""
    asked = asked_credit(q.text)
    if asked is None:
        return proposals
    return [p for p in proposals if other_credit(asked, p) is None]


def credit_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they name another credit's holder."""
    asked = asked_credit(q.text)
    other = next(credit for p in read if (credit := other_credit(asked, p)))
    return f"The closest sentences name {_a(other)} {other}, not the {asked}."


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
