"""The one answer object that every interface (Python, CLI, HTTP, UI) serialises."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.reader import Span
    from qa.retrieve import Evidence

NOT_IN_DOCUMENTS = "I could not find the answer in the documents."
# ``confidence`` is the calibrated probability that the answer is right: under this, interfaces
# mark the answer "likely, but check the source"
LOW_CONFIDENCE = 0.5
# ... and under this "unsure: a guess, check the source": of the answers given under 0.1 on the NewsQA
# tune part of ``bench.abstention``, 10.9% were right (the report part: 8.3%); "likely" would mislead
UNSURE = 0.1


@dataclass(frozen=True)
class Citation:
    """A sentence that supports the answer.

    ``start``/``end`` are offsets into the stored document text: ``text[start:end] == sentence``.
    ``answer_start``/``answer_end`` locate the answer span in the same document text (None when
    the citation carries no span, e.g. a related sentence).
    """

    doc_id: str
    version: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    score: float
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    answer_start: int | None = None
    answer_end: int | None = None
    # other documents that carry this sentence word for word (wire copies, re-sends: one copy group)
    duplicates: tuple[str, ...] = ()


_WORDS = re.compile(r"[^\W\d_]{2,}")


def related_citations(evidence: list[Evidence], n: int = 3) -> list[Citation]:
    """The nearest ``n`` sentences offered beside an abstention ("related, not an answer"), leaving
    out lines without two words, such as a bare date and time ("2023-11-15 03:12:57")."""
    return [citation_for(e) for e in evidence if len(_WORDS.findall(e.sentence)) >= 2][:n]


def citation_for(e: Evidence, span: Span | None = None) -> Citation:
    """The citation of an evidence sentence; ``span`` (offsets inside the sentence) marks the answer.

    Offsets come from the stored sentence spans, so ``text[start:end] == sentence`` by construction.
    """
    s = e.doc.sentences[e.index]
    return Citation(
        doc_id=e.doc.id,
        version=e.doc.version,
        sentence_index=e.index,
        sentence=e.doc.text[s.start : s.end],
        start=s.start,
        end=s.end,
        score=round(e.score, 4),
        title=e.doc.title,
        published=e.doc.published,
        source=e.doc.source,
        url=e.doc.url,
        answer_start=s.start + span.start if span else None,
        answer_end=s.start + span.end if span else None,
    )


@dataclass(frozen=True)
class Report:
    """One value reported for the question, by one article: ``answer`` (a span of the cited
    sentence), the article's ``published`` date (YYYY-MM-DD, None when unknown) and its exact
    ``citation``. ``conflicting``: another article published the same day reports another value."""

    answer: str
    published: str | None
    citation: Citation
    conflicting: bool = False


@dataclass(frozen=True)
class Claim:
    """One claim of a generated answer and the outcome of checking it.

    ``citations`` are the 1-based numbers (into ``Answer.citations``) that the check kept for it;
    ``rejected`` counts the LLM's markers that were dropped (a number that was not offered, or a
    sentence that does not support the claim). ``supported`` is False when no cited sentence
    supports it: the reply then shows it flagged "(unsupported)", never with a citation.
    """

    text: str
    citations: list[int]
    supported: bool
    rejected: int = 0


@dataclass
class Answer:
    """The reply to a question.

    ``answer`` is the exact short answer (a span of the first citation's sentence), or None
    when the documents do not answer the question (``abstained``; ``reason`` then says why in one
    line when there is a reason to give). ``confidence`` is the calibrated probability that the
    answer is right (``low_confidence`` under 0.5); ``answerable`` the probability that the
    documents answer the question at all. ``text`` is the chat reply
    with [n] markers that refer to ``citations`` (1-based). When abstaining, ``citations`` is
    empty and ``related`` holds the nearest sentences, never presented as support.

    With an LLM (``Assistant(llm=...)``): ``generated`` is the checked generated reply (also in
    ``text``; its [n] markers refer to ``citations``), ``claims`` says which claim each citation
    supports and whether it is supported, ``llm`` names the model. When the LLM fails, the answer
    is the extractive one and ``llm_note`` says why, in a short sentence.
    """

    question: str
    answer: str | None
    text: str
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    generated: str | None = None
    claims: list[Claim] = field(default_factory=list)
    llm: str | None = None
    llm_note: str | None = None
    answerable: float | None = None
    reason: str | None = None
    interpreted_as: str | None = None  # a follow-up as it was read ("How much did Ford earn in 2004?")
    as_of: str | None = None  # the publication date (YYYY-MM-DD) of the article the answer comes from
    # the values the articles report for this question, newest first: the answer itself, then the
    # other (earlier, or same-day conflicting) values, each with its own citation
    reports: list[Report] = field(default_factory=list)

    @property
    def abstained(self) -> bool:
        """True when the documents do not answer the question (no answer is given)."""
        return self.answer is None

    @property
    def low_confidence(self) -> bool:
        """An answer given with a confidence under ``LOW_CONFIDENCE``: likely, but check the source."""
        return not self.abstained and self.confidence < LOW_CONFIDENCE

    @property
    def unsure(self) -> bool:
        """An answer given with a confidence under ``UNSURE``: a guess (about 1 in 10 such answers is right)."""
        return not self.abstained and self.confidence < UNSURE

    @property
    def how_sure(self) -> str | None:
        """The mark a low-confidence answer is shown with, in the chat and the CLI alike: "unsure: a
        guess, check the source" under ``UNSURE``, "likely, but check the source" under
        ``LOW_CONFIDENCE``; None otherwise (the confidence alone)."""
        if self.unsure:
            return "unsure: a guess, check the source"
        return "likely, but check the source" if self.low_confidence else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict: the answer object of the HTTP API and ``--json``."""
        d = _lists(asdict(self))  # tuples (Citation.duplicates) as JSON has them: lists
        d["abstained"] = self.abstained
        d["low_confidence"] = self.low_confidence
        d["unsure"] = self.unsure
        return d


def _lists(value: Any) -> Any:
    """``value`` with every tuple turned into a list, inside dicts and lists too."""
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value
