"""Ingestion: everything that turns files and texts into stored, searchable sentences.

load -> clean -> split into sentences (character offsets) -> embed -> store (Chroma) + lexical index.
"""

from index.documents import Document, SentenceSpan, StoredDocument

__all__ = ["Document", "SentenceSpan", "StoredDocument"]
