"""What an ingestion run did: the fields, counts and JSON shape every report shares.

``IndexReport`` (``index.pipeline``), ``SyncReport`` (``index.sync``) and ``FeedReport``
(``index.feeds``) extend ``ChangeReport``: document ids added, updated and unchanged, the
files or records skipped with the reason, and notes on documents stored with something missing
(a publication date that could not be read: ``index.dates``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import ClassVar

from index.errors import NewsqaError


@dataclass(frozen=True)
class SkippedFile:
    """A file (or a record inside one) that was not indexed, and why (shown to the user by name)."""

    path: str
    reason: str
    error: NewsqaError | None = field(default=None, compare=False, repr=False)  # the typed error, when one was raised

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class DocumentNote:
    """Something to know about a document that was indexed all the same (its date could not be read)."""

    path: str  # the document id
    note: str

    def __str__(self) -> str:
        return f"{self.path}: {self.note}"


@dataclass(kw_only=True)
class ChangeReport:
    """Document ids by what happened to them, and what was skipped.

    Keyword-only, so that a report's own identifying fields (a folder, a feed URL) can come first
    in its constructor.
    """

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    notes: list[DocumentNote] = field(default_factory=list)  # not counted: the documents were indexed

    # The counts ``summary()`` prints, in order: (field, word). Subclasses add or reword some.
    COUNTS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("added", "added"), ("updated", "updated"), ("unchanged", "unchanged"), ("skipped", "skipped"),
    )

    @property
    def changed(self) -> bool:
        """True when the index was (or, for a dry run, would be) written."""
        return bool(self.added or self.updated)

    def counts(self) -> str:
        """``3 added, 1 updated, 40 unchanged, 2 skipped`` (the words of ``COUNTS``)."""
        return ", ".join(f"{len(getattr(self, name))} {word}" for name, word in self.COUNTS)

    def summary(self) -> str:
        """One line for people (the CLI prints it)."""
        return self.counts()

    def to_dict(self) -> dict:
        """Every field, JSON-ready; a skipped file is ``{"path", "reason"}``, a note
        ``{"path", "note"}``. ``notes`` is left out when there are none, so a run without
        anything to note reads as it always has."""
        d = asdict(self)
        d["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        if not self.notes:
            del d["notes"]
        return d
