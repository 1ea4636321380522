"""The document model shared by ingestion and answering."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """An article as a user hands it in: raw text plus optional metadata.

    Fields left empty are filled from the text when the cleaner can find them
    (a title line, a date line, a "Source:" line or a dateline).
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class SentenceSpan:
    """One sentence of a stored document: ``text[start:end]`` is the sentence, always."""

    index: int
    start: int
    end: int
    paragraph: int


@dataclass
class StoredDocument:
    """A document as stored: cleaned text, its version and the offsets of its sentences."""

    id: str
    version: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    sentences: list[SentenceSpan] = field(default_factory=list)
    indexed_at: str | None = None

    def sentence_text(self, i: int) -> str:
        """The text of sentence ``i``, sliced from the stored document text."""
        s = self.sentences[i]
        return self.text[s.start : s.end]


def content_version(text: str) -> str:
    """The version of a document: a short hash of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
