"""The document model shared by ingestion and answering."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """An article as a user hands it in: raw text plus optional metadata.

    Fields left empty are filled from the text when the cleaner can find them
    (a title line, a date line, a "Source:" line or a dateline).

    ``published`` takes a date in any common format ("2023-11-15", "March 2, 2024",
    "Tue, 02 Mar 2024 08:00:00 GMT", "2024-03-02T08:00:00Z"); it is normalised to ISO 8601 when
    stored (``index.dates``). ``published_at`` is the same date with its time and zone when the
    source gives them (the format parsers set it, e.g. from a feed item, keeping ``published`` the
    day); when it reads as a date it is preferred to ``published``.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: str | None = None


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
    indexed_at: str | None = None  # when it was stored (UTC): never the publication date
    # The publication date, normalised (``index.dates``): ``published`` is its day (YYYY-MM-DD, what
    # citations show), ``published_iso`` the full ISO 8601 value (with time and offset when known),
    # ``published_ts`` seconds since the epoch (for filters); all None when it is unknown, and
    # ``published_note`` then says why when the document carried a date that could not be read.
    published_iso: str | None = None
    published_ts: int | None = None
    published_note: str | None = None

    def sentence_text(self, i: int) -> str:
        """The text of sentence ``i``, sliced from the stored document text."""
        s = self.sentences[i]
        return self.text[s.start : s.end]

    @property
    def body_start(self) -> int:
        """The index of the first body sentence: 1 when sentence 0 is the headline (the stored text
        starts with the title line), else 0."""
        if self.title and self.sentences and self.sentence_text(0) == " ".join(self.title.split()):
            return 1
        return 0

    def stating(self, text: str, first: Iterable[int] = ()) -> Iterator[tuple[int, re.Match[str]]]:
        """The body sentences that state ``text`` word for word (not inside a longer word), each with
        where it stands in them: the sentences ``first`` in their order, then the others in the
        article's order (a headline's fact searched for in its article's body)."""
        stated = word_for_word(text)
        first = list(first)
        for i in first + [i for i in range(self.body_start, len(self.sentences)) if i not in first]:
            m = stated.search(self.sentence_text(i))
            if m:
                yield i, m


def word_for_word(text: str) -> re.Pattern[str]:
    """A pattern finding ``text`` as it is written, as whole words (not "10" in "100" or "Ed" in "Edward")."""
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")


def content_version(text: str) -> str:
    """The version of a document: a short hash of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
