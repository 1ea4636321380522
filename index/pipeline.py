"""The indexing pipeline: clean -> split -> version -> embed -> store (-> copy signatures and
groups, ``index.copies``), skipping unchanged documents."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from index.clean import clean_article
from index.copies import record_copies
from index.dates import extract_published
from index.documents import Document, StoredDocument, content_version
from index.embed import Embedder
from index.errors import BadInput, EmptyDocumentError
from index.memory import limit_malloc_arenas, release_freed_memory
from index.report import ChangeReport, DocumentNote, SkippedFile
from index.split import split_sentences
from index.store import SentenceStore

__all__ = ["EmptyDocumentError", "IndexReport", "embed_sentences", "index_documents", "prepare"]


@dataclass
class IndexReport(ChangeReport):
    """What an indexing run did, per document id."""


def prepare(doc: Document) -> StoredDocument:
    """Clean and split a document; its version is the hash of the cleaned text.

    The publication date is normalised (``index.dates.extract_published``): ``published`` is its
    day, ``published_iso`` the full ISO 8601 value, ``published_ts`` the timestamp filters use; a
    date the document carries that cannot be read leaves them None, with ``published_note``.
    Raises ``BadInput`` for a document that cannot be stored as given (no id, text not a string,
    text that is not valid Unicode) and ``EmptyDocumentError`` when no article text is left.
    """
    if not isinstance(doc.id, str) or not doc.id.strip():
        raise BadInput("document id must be a non-empty string", param="id")
    if not isinstance(doc.text, str):
        raise BadInput(f"document {doc.id!r}: text must be a string", param="text")
    cleaned = clean_article(doc.text)
    if not split_sentences(cleaned.text):
        raise EmptyDocumentError(f"{doc.id}: no article text left after removing page furniture")
    title = doc.title or cleaned.title
    text = with_headline(cleaned.text, title)
    sentences = split_sentences(text)
    try:
        version = content_version(text + "\x00" + (title or ""))
    except UnicodeEncodeError as exc:  # lone surrogates (a JSON "\ud800" escape): not storable text
        raise BadInput(f"{doc.id}: {exc}", param="text") from exc
    published, note = extract_published(doc, cleaned)
    return StoredDocument(
        id=doc.id,
        version=version,
        text=text,
        title=title,
        published=published.date if published else None,
        source=doc.source or cleaned.source,
        url=doc.url,
        sentences=sentences,
        published_iso=published.iso if published else None,
        published_ts=published.timestamp if published else None,
        published_note=note,
    )


def with_headline(text: str, title: str | None) -> str:
    """The stored text: the headline as its first line, so that a fact stated only in a headline
    ("Ireland 19-13 England") is a sentence that can be cited with exact offsets like any other."""
    if not title or not title.strip():
        return text
    title = " ".join(title.split())
    first = text.split("\n", 1)[0].strip()
    return text if first == title else f"{title}\n\n{text}"


def embed_sentences(embedder: Embedder, docs: list[StoredDocument]) -> list[np.ndarray]:
    """One vector matrix per document, its rows the sentences. A sentence text that occurs more
    than once in the batch (wire copies, boilerplate lines) is embedded once."""
    texts = [d.sentence_text(s.index) for d in docs for s in d.sentences]
    unique = list(dict.fromkeys(texts))
    if len(unique) < len(texts):
        row = {t: i for i, t in enumerate(unique)}
        vectors = embedder.encode(unique)[[row[t] for t in texts]]
    else:
        vectors = embedder.encode(texts)
    out, at = [], 0
    for d in docs:
        out.append(np.asarray(vectors[at : at + len(d.sentences)]))
        at += len(d.sentences)
    return out


def index_documents(
    store: SentenceStore,
    embedder: Embedder,
    documents: Iterable[Document],
    batch_docs: int = 64,
    progress: Callable[[int], None] | None = None,
) -> IndexReport:
    """Store each document that is new or changed; unchanged ones cost no embedding."""
    limit_malloc_arenas()
    report = IndexReport()
    current = store.current_versions()
    batch: list[StoredDocument] = []

    def flush() -> None:
        if not batch:
            return
        vectors = embed_sentences(embedder, batch)
        store.put_many(list(zip(batch, vectors, strict=True)), replacing=current)
        record_copies(store, batch)  # their copy signatures and groups (index.copies)
        release_freed_memory()  # else resident memory only grows over a long run
        for d in batch:
            (report.updated if d.id in current else report.added).append(d.id)
            current[d.id] = d.version
        if progress:
            progress(len(batch))
        batch.clear()

    for doc in documents:
        try:
            stored = prepare(doc)
        except BadInput as exc:
            report.skipped.append(
                SkippedFile(str(getattr(doc, "id", "?")), str(exc).removeprefix(f"{doc.id}: "), error=exc)
            )
            if progress:
                progress(1)
            continue
        if stored.published_note:
            report.notes.append(DocumentNote(stored.id, stored.published_note))
        if current.get(stored.id) == stored.version:
            report.unchanged.append(stored.id)
            if progress:
                progress(1)
            continue
        if any(d.id == stored.id for d in batch):
            flush()  # the same id twice in one run: the later text wins
        batch.append(stored)
        if len(batch) >= batch_docs:
            flush()
    flush()
    if not report.added and not report.updated:
        record_copies(store)  # nothing written: still sign what a store made before copies existed lacks
    return report
