"""The one answer object that every interface (Python, CLI, HTTP, UI) serialises."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    when the documents do not answer the question (``abstained``). ``text`` is the chat reply
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

    @property
    def abstained(self) -> bool:
        return self.answer is None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict: the answer object of the HTTP API and ``--json``."""
        d = asdict(self)
        d["abstained"] = self.abstained
        return d
