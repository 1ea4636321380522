"""The lexical snapshot: BM25 over the stored sentences and articles, with the per-article tables
that retrieval and filters read (versions, dates, sources, headline flags).

A cache of the store of record (Chroma): ``SnapshotCache.current()`` rebuilds it when the store's
generation changes (written by this process or another one) and keeps it on disk per generation.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
import threading
import time
from pathlib import Path

import numpy as np

from index.lexical import LexicalIndex, tokenize
from index.memory import release_freed_memory
from index.store import SentenceStore, source_key

log = logging.getLogger(__name__)

_LEXICAL_CACHE_FILES = 32  # snapshots kept in the cache folder, of all stores together
_SNAPSHOT_FORMAT = 8  # bump when LexicalSnapshot changes shape
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class LexicalSnapshot:
    """BM25 indexes over the current sentences and articles, with lookup tables.

    Sentence rows are numbered article by article (an article's sentences are consecutive rows),
    so two small arrays map rows to (doc id, sentence index) and back: on all of Reuters (342,918
    sentences) that is 37 MB less than a tuple per sentence and a dict of them.
    """

    def __init__(self, store: SentenceStore, generation: str) -> None:
        self.generation = generation
        vocab: dict[str, int] = {}  # token -> id, for both indexes
        ids: list[list[int]] = []
        counts: list[int] = []
        self.doc_ids: list[str] = []
        article_ids: list[list[int]] = []  # an article's tokens: its title's, then its sentences', in order
        self.versions: dict[str, str] = {}
        dates: list[str] = []
        body_starts: list[int] = []
        timestamps: list[float] = []
        self.source_keys: list[str | None] = []  # per article, for source filters
        for doc in store.iter_documents():  # a page at a time: the texts are not kept
            self.versions[doc.id] = doc.version
            timestamps.append(float(doc.published_ts) if doc.published_ts is not None else np.nan)
            self.source_keys.append(source_key(doc.source) if doc.source else None)
            if doc.published and _ISO_DATE.match(doc.published):
                dates.append(doc.published[:10])
            self.doc_ids.append(doc.id)
            counts.append(len(doc.sentences))
            # the title's tokens, unless the text carries it as its first sentence (the headline)
            headline = doc.body_start == 1
            body_starts.append(doc.body_start)
            article_ids.append([] if headline else [vocab.setdefault(t, len(vocab)) for t in tokenize(doc.title or "")])
            for s in doc.sentences:
                ids.append([vocab.setdefault(t, len(vocab)) for t in tokenize(doc.text[s.start : s.end])])
                article_ids[-1].extend(ids[-1])
        self.sentences = LexicalIndex(None, ids, vocab)  # keys: the rows
        del ids
        self.articles = LexicalIndex(self.doc_ids, article_ids, vocab)
        del article_ids, vocab
        self.article_row = {d: i for i, d in enumerate(self.doc_ids)}
        self.first_row = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])  # per article, and the end
        self.sentence_article = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        self.published_range = (min(dates), max(dates)) if dates else None
        self.body_start = np.asarray(body_starts, dtype=np.int8)  # per article: 1 when sentence 0 is its headline
        self.published_ts = np.asarray(timestamps, dtype=np.float64)  # per article: NaN when unknown

    def sentence_count(self, doc_id: str) -> int | None:
        """How many sentences the article has here; None when the snapshot does not hold it."""
        a = self.article_row.get(doc_id)
        return None if a is None else int(self.first_row[a + 1] - self.first_row[a])

    def row(self, doc_id: str, index: int) -> int | None:
        """The row of a sentence of a current version, None when there is no such sentence."""
        n = self.sentence_count(doc_id)
        if n is None or not 0 <= index < n:
            return None
        return int(self.first_row[self.article_row[doc_id]]) + index

    def first_body_sentence(self, doc_id: str) -> int:
        """1 when the article's sentence 0 is its headline, else 0 (also for unknown articles)."""
        a = self.article_row.get(doc_id)
        return 0 if a is None else int(self.body_start[a])

    def key(self, row: int) -> tuple[str, int]:
        """(doc id, sentence index) of a row."""
        a = int(self.sentence_article[row])
        return self.doc_ids[a], row - int(self.first_row[a])


def _prune_lexical_cache(kept: Path, most: int = _LEXICAL_CACHE_FILES) -> None:
    """Delete the other snapshots of ``kept``'s store, every snapshot of another format, and the
    least recently used ones beyond ``most`` (stores come and go; their snapshots would stay)."""
    store_prefix = kept.name.rsplit("-", 1)[0] + "-"
    current = f"lexical-v{_SNAPSHOT_FORMAT}-"
    others = []
    for f in kept.parent.glob("lexical-v*.pkl"):
        if f == kept:
            continue
        if f.name.startswith(store_prefix) or not f.name.startswith(current):
            f.unlink(missing_ok=True)
        else:
            try:
                others.append((f.stat().st_mtime, f))
            except OSError:
                continue
    for _, f in sorted(others, reverse=True)[most - 1 :]:
        f.unlink(missing_ok=True)


class SnapshotCache:
    """The current ``LexicalSnapshot`` of a store, checked against the store's generation at most
    every ``freshness_s`` seconds, saved in ``cache_dir`` per generation."""

    def __init__(self, store: SentenceStore, cache_dir: Path | None = None, freshness_s: float = 0.5) -> None:
        self.store = store
        self.cache_dir = cache_dir
        self.freshness_s = freshness_s
        self._current: LexicalSnapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget the snapshot (after a write); it is rebuilt on the next question."""
        with self._lock:
            self._current = None

    def current(self) -> LexicalSnapshot:
        """The lexical snapshot, rebuilt when the store's generation changed (checked at most
        every ``freshness_s`` seconds), so writes by other processes become visible."""
        with self._lock:
            now = time.monotonic()
            if self._current is not None and now - self._checked < self.freshness_s:
                return self._current
            generation = self.store.generation()  # read before building: a write during the build
            self._checked = now  # leaves the old token, so the next check rebuilds again
            if self._current is None or self._current.generation != generation:
                self._current = self._load_or_build(generation)
            return self._current

    def _load_or_build(self, generation: str) -> LexicalSnapshot:
        """Reuse the snapshot saved for this store generation, else build (and save) it.

        Only a cache: keyed by the store's identity and generation token, written atomically,
        rebuilt from Chroma whenever it is missing, stale or unreadable.
        """
        path = self._cache_file(generation)
        if path is not None and path.is_file():
            try:
                with path.open("rb") as fh:
                    snap = pickle.load(fh)
                if isinstance(snap, LexicalSnapshot) and snap.generation == generation:
                    os.utime(path)  # recently used: kept when the cache is pruned
                    return snap
            except Exception as exc:  # an older format or a damaged file: rebuild it
                log.info("rebuilding the lexical index (%s unreadable: %s)", path, exc)
        snap = LexicalSnapshot(self.store, generation)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(snap, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
                _prune_lexical_cache(path)
            except OSError as exc:  # a read-only cache folder costs speed, never an answer
                log.info("cannot save the lexical index in %s: %s", path.parent, exc)
        release_freed_memory()  # the build's temporary token lists, the pickler's buffers
        return snap

    def _cache_file(self, generation: str) -> Path | None:
        if self.cache_dir is None or not generation:
            return None
        where = self.store.chroma_url or str(self.store.path.resolve() if self.store.path else "")
        key = hashlib.sha256(where.encode()).hexdigest()[:12]
        return self.cache_dir / f"lexical-v{_SNAPSHOT_FORMAT}-{key}-{generation}.pkl"
