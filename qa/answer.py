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


@dataclass
class Answer:
    """The reply to a question.

    ``answer`` is the exact short answer (a span of the first citation's sentence), or None
    when the documents do not answer the question (``abstained``). ``text`` is the chat reply
    with [n] markers that refer to ``citations`` (1-based). When abstaining, ``citations`` is
    empty and ``related`` holds the nearest sentences, never presented as support.
    """

    question: str
    answer: str | None
    text: str
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def abstained(self) -> bool:
        return self.answer is None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict: the answer object of the HTTP API and ``--json``."""
        d = asdict(self)
        d["abstained"] = self.abstained
        return d
