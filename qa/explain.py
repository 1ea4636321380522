"""Why the documents do not answer: one line for an abstention, when there is a reason to give.

The reason names what the question pins its facts to (names, numbers, years) that the closest
articles do not carry: "The articles mention Wimbledon, but none covers 2008 (newest: 2005-03-15)".
"None of the articles mentions Toyota" is said only when no stored article holds the name; a name
other articles hold, but not the closest ones, is said to be missing from those: "The articles
closest to the question mention Athens Olympics, but not China". When every such word is found, no
reason is given (the sentences simply do not say it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.lexical import tokenize
from qa.answerability import question_years
from qa.names import another_of_the_name, article_terms, categories, compared_words, written_together
from qa.question import QuestionAnalysis, key_names

if TYPE_CHECKING:
    from qa.reader import Proposal
    from qa.retrieve import Retrieval

_ARTICLES_LOOKED_AT = 5


def abstention_reason(q: QuestionAnalysis, retrieval: Retrieval) -> str | None:
    """One line on what the nearest articles lack, or None when nothing in particular is missing."""
    evidence, published = retrieval.evidence, retrieval.published_range
    if not evidence:
        return "No article matches the question."
    docs, seen = [], set()
    for e in evidence:
        if e.doc.id not in seen:
            seen.add(e.doc.id)
            docs.append(e.doc)
        if len(docs) == _ARTICLES_LOOKED_AT:
            break
    have: set[str] = set()
    texts = []
    for d in docs:
        texts.append(f"{d.title or ''} {d.text} {d.published or ''}")
        have.update(article_terms(d))  # cached per document version
        have.update(tokenize(d.published or ""))
    years = question_years(q.text)
    words = [(w, stems) for w, stems in key_names(q) if w not in years]
    missing_years = sorted(y for y in years if not any(y in t for t in texts))
    # a name whose words are there, but never together, one of them another's ("Ed Miliband" where the
    # articles have David Miliband and "his brother Ed") is missing too
    missing = [(w, stems) for w, stems in words
               if not all(s in have for s in stems) or _apart_in_all(w, docs)]
    present = [w for w, stems in words if (w, stems) not in missing]
    # no stored article holds one of its words: the name is nowhere, not just not near
    nowhere = [w for w, stems in missing if any(s in retrieval.unseen for s in stems)]
    nearby = [w for w, _ in missing if w not in nowhere]
    if missing_years or nowhere:
        lacking = join_words(missing_years + nowhere)
        # an undated article may be of the year without writing it ("the 2005 Six Nations" in a match
        # report of that season): unless all are dated, say only that none mentions the year
        dated = all(d.published for d in docs)
        verb = "covers" if missing_years and not nowhere and dated else "mentions"
        newest = f" (newest: {published[1]})" if missing_years and published else ""
        if present:
            return f"The articles mention {join_words(present)}, but none {verb} {lacking}{newest}."
        return f"None of the articles {verb} {lacking}{newest}."
    if nearby and present:
        return f"The articles closest to the question mention {join_words(present)}, but not {join_words(nearby)}."
    if nearby:
        return f"The articles closest to the question do not mention {join_words(nearby)}."
    return None


def category_reason(q: QuestionAnalysis, read: list[Proposal]) -> str:
    """Why spans were read and none given: they were about the other category ("men's" for "women's");
    said from the question alone (every reason takes the proposals set aside, ``read``)."""
    asked = categories(q.text).pop()
    other = "women's" if asked == "men" else "men's"
    return f"The closest sentences are about the {other} competition, not the {asked}'s."


def _apart_in_all(name: str, docs: list) -> bool:
    """Do these articles write the name's words only apart, one of them after another name
    ("David Miliband" for "Ed Miliband"; or in different articles: "Jean-Michel Jarre" in one, "Maurice
    Greene" in another, for "Maurice Jarre")?"""
    together = [written_together(name, d) for d in docs]
    # (an article lacking a word counts only for a name of two words compared: "Australian Open" is "Open")
    spread = len(compared_words(name)) >= 2
    return True not in together and any(
        (t is False or (t is None and spread)) and another_of_the_name(name, d) for t, d in zip(together, docs, strict=True))


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]
