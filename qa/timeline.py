"""Timelines: how a story developed, one dated sentence per development, oldest first.

``build_timeline(retriever, query, filters, limit)`` runs one retrieval with a large limit and no
reader call: the sentences about the query, one per dated article (its lead when the lead names the
query's words: news states the development first), and the sentences that state the same thing in
several articles (wire copies, a fact repeated the next day) collapsed into the earliest, which
lists in ``citation.duplicates`` the articles whose sentence is the cited one word for word. Each entry cites its
sentence with exact offsets (``qa.answer.citation_for``). Undated articles cannot be placed on a
timeline and are left out; ``Timeline.reason`` says why when nothing is left.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from index.clean import _DATED_DATELINE, _DATELINE
from index.errors import BadInput
from index.lexical import tokenize
from qa.answer import Citation, citation_for
from qa.explain import abstention_reason
from qa.question import QuestionAnalysis, analyse
from qa.reader import coverage, key_coverage
from qa.retrieve import Evidence

if TYPE_CHECKING:
    from qa.filters import Filters
    from qa.retrieve import HybridRetriever

MAX_LIMIT = 100  # most entries one timeline holds
_POOL = 300  # candidate sentences read for one timeline: dozens of articles, still one retrieval
_MIN_COVERAGE = 0.5  # share of the query's terms near a sentence (and of its names) for it to be "about" it
_CLOSE = 0.5  # cosine similarity of a sentence to the query that makes it about the query without shared words
_SAME_WORDS = 0.6  # word-set overlap (Jaccard) above which two sentences state the same thing
_MIN_WORDS = 5  # content words a sentence needs before near-identical wording counts as the same statement
_MIN_COPY_CHARS = 40  # a sentence inside a longer one is a copy of it (a dateline added) from this length
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class TimelineEntry:
    """One development: the day its article was published (YYYY-MM-DD), the sentence that states
    it and that sentence's exact citation (``citation.duplicates``: articles that carry it word for word)."""

    published: str
    sentence: str
    citation: Citation


@dataclass
class Timeline:
    """The developments of a story, oldest first; ``reason`` says why there are none (else None)."""

    query: str
    entries: list[TimelineEntry] = field(default_factory=list)
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{query, entries: [{published, sentence, citation}], reason}``, exactly as JSON reads it
        back (``duplicates`` a list)."""
        d = asdict(self)
        for e in d["entries"]:
            e["citation"]["duplicates"] = list(e["citation"]["duplicates"])
        return d


@dataclass
class _Development:
    """A candidate entry while collapsing: its evidence, how it reads, and what was folded into it."""

    evidence: Evidence
    words: frozenset[str]
    numbers: frozenset[str]
    text: str  # lower-cased words joined by one space: a copy inside a longer sentence is found in it
    exact: str  # the sentence as written, whitespace-normalised, without a leading news dateline
    relevance: float  # the best retrieval score among the sentences folded into it
    copies: list[str] = field(default_factory=list)  # articles carrying the sentence word for word
    group: str | None = None  # its article's copy group (index.copies), when one is known


def check_limit(limit: Any) -> int:
    """The number of entries asked for, or ``BadInput`` naming ``limit``."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"limit: {limit!r} is not a number of entries; give 1 to {MAX_LIMIT}", param="limit")
    return limit


def build_timeline(
    retriever: HybridRetriever, query: str, filters: Filters | None = None, limit: int = 20, copy_groups: Any = None
) -> Timeline:
    """The timeline of ``query`` (already checked, as ``Assistant.check_question`` returns it):
    at most ``limit`` developments from the articles ``filters`` allows, oldest first.
    ``copy_groups`` (an ``index.copies.CopyGroups``; by default the ones retrieval used, as of its
    snapshot): articles of one group state one thing."""
    q = analyse(query)
    retrieval = retriever.retrieve(q, limit=_POOL, filters=filters, copies=True)
    about = best_per_article(q, retrieval.evidence)
    dated = [e for e in about if e.doc.published]
    if not dated:
        return Timeline(query, [], _empty_reason(q, retrieval, filters, undated=len(about)))
    developments = collapse(sorted(dated, key=_chronological), copy_groups or retrieval.copies)
    kept = sorted(developments, key=lambda d: -d.relevance)[:limit]
    kept.sort(key=lambda d: _chronological(d.evidence))
    return Timeline(query, [_entry(d) for d in kept])


def best_per_article(q: QuestionAnalysis, evidence: list[Evidence]) -> list[Evidence]:
    """One sentence per article about the query (``evidence`` comes best first), most relevant
    article first: its lead when the lead names something the query does (news states the
    development first), else its best sentence about the query, a body sentence when one is (a
    headline states less, and headlines all look alike). The chosen sentence carries the article's
    best score (its relevance)."""
    best: dict[str, Evidence] = {}
    for e in evidence:
        current = best.get(e.doc.id)
        if current is None:
            if is_about(q, e):
                best[e.doc.id] = e
        elif _headline(current) and not _headline(e) and _covers(q, e):  # the article is about it
            best[e.doc.id] = replace(e, score=current.score)
    return [_lead(q, e) for e in best.values()]


def _lead(q: QuestionAnalysis, e: Evidence) -> Evidence:
    """The article's lead (first body sentence) in place of ``e`` when it names one of the query's terms."""
    i = e.doc.body_start
    if e.index == i or i >= len(e.doc.sentences) or not set(tokenize(e.doc.sentence_text(i))) & set(q.terms):
        return e
    return Evidence(e.doc, i, 0.0, 0.0, e.article, e.score)


def _headline(e: Evidence) -> bool:
    """Is the sentence the article's headline (the stored text starts with the title line)?"""
    return e.index < e.doc.body_start


def is_about(q: QuestionAnalysis, e: Evidence) -> bool:
    """Does the sentence concern the query: it ``_covers`` it, and a query word stands in the
    sentence itself (or it is a close vector match)? Being near the query in vector space is not enough."""
    return _covers(q, e) and (e.lexical > 0 or e.dense >= _CLOSE)


def _covers(q: QuestionAnalysis, e: Evidence) -> bool:
    """Half the query's terms, and half its names and numbers, in the sentence, its neighbours or its title."""
    return coverage(q, e) >= _MIN_COVERAGE and key_coverage(q, e) >= _MIN_COVERAGE


def collapse(chronological: list[Evidence], copy_groups: Any = None) -> list[_Development]:
    """One development per thing stated: a sentence that states what an earlier one did (word for
    word; or with no new number, nearly so, inside or around it, or in an article of the same copy
    group) is folded into the earliest, which keeps the best relevance of the two. Only a sentence
    equal to the kept one word for word lists its article as a copy (``duplicates``)."""
    kept: list[_Development] = []
    for e in chronological:
        d = _development(e, copy_groups)
        same = next((k for k in kept if k.exact == d.exact), None)
        if same is not None:
            same.copies.append(e.doc.id)
        else:
            same = next((k for k in kept if _states_the_same(k, d)), None)
        if same is None:
            kept.append(d)
        else:
            same.relevance = max(same.relevance, d.relevance)
    return kept


def _development(e: Evidence, copy_groups: Any) -> _Development:
    """The sentence as ``_states_the_same`` compares it: its stemmed words, numbers, plain text, copy group."""
    sentence = e.sentence
    words = frozenset(tokenize(sentence))
    group = copy_groups.group_of(e.doc.id) if copy_groups is not None else None
    return _Development(e, words, frozenset(_NUMBER.findall(sentence)), " ".join(re.findall(r"\w+", sentence.lower())),
                        _exact(sentence), e.score, group=group)


def _exact(sentence: str) -> str:
    """The sentence whitespace-normalised, without the news dateline that opens it ("LONDON, March 3
    (Reuters) -"): a wire copy that drops the dateline carries the same sentence."""
    text = " ".join(sentence.split())
    for dateline in (_DATED_DATELINE, _DATELINE):
        m = dateline.match(text)
        if m and m.end() < len(text):
            return text[m.end():].strip()
    return text


def _states_the_same(a: _Development, b: _Development) -> bool:
    """Whether ``b`` (the later sentence) states what ``a`` did: the same sentence word for word,
    or, with no new number ("5 percent" restated the next day; "7 percent", say in a correction, or
    a figure added to a longer sentence, would be news), a sentence inside the other (a clause dropped or added), a sentence of a copy of the same story or
    nearly the same words. Short sentences must be word for word: a few shared words say little
    ("dockers strike", "dockers end strike")."""
    if a.exact == b.exact:
        return True
    if not b.numbers <= a.numbers:  # the later sentence gives a figure the earlier one lacks: news
        return False
    if _inside(a, b) or (a.group is not None and a.group == b.group):
        return True
    if len(a.words) < _MIN_WORDS or len(b.words) < _MIN_WORDS:
        return False
    return len(a.words & b.words) / len(a.words | b.words) >= _SAME_WORDS


def _inside(a: _Development, b: _Development) -> bool:
    """One sentence's words, in order, inside the other's (one carries a clause or a dateline more)."""
    shorter, longer = sorted((a.text, b.text), key=len)
    return shorter == longer or (len(shorter) >= _MIN_COPY_CHARS and f" {shorter} " in f" {longer} ")


def _chronological(e: Evidence) -> tuple[str, int, str, int]:
    """Sort key: the day shown, then the time within it when known, then the id (a stable order)."""
    return e.doc.published or "", e.doc.published_ts or 0, e.doc.id, e.index


def _entry(d: _Development) -> TimelineEntry:
    """The entry of a development: its exact citation, listing the articles that carry it word for word."""
    c = citation_for(d.evidence)
    duplicates = tuple(dict.fromkeys([*c.duplicates, *d.copies]))
    return TimelineEntry(c.published or "", c.sentence, replace(c, duplicates=duplicates))


def _empty_reason(q: QuestionAnalysis, retrieval: Any, filters: Filters | None, undated: int) -> str:
    """Why a timeline is empty: undated articles only, nothing in the filtered range, or no article about it."""
    if undated:
        if undated == 1:
            return "The only article about this has no publication date, so it cannot be placed on a timeline."
        return f"The {undated} articles about this have no publication date, so they cannot be placed on a timeline."
    if filters is not None and filters.active:
        span = retrieval.published_range
        dates = f" (the articles run from {span[0]} to {span[1]})" if span else ""
        return f"No article {filters.describe()} is about “{q.text}”{dates}."
    return abstention_reason(q, retrieval) or f"No article is about “{q.text}”."
