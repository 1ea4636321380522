"""The lexical snapshot: BM25 over the stored sentences and articles, with the per-article tables
that retrieval and filters read (versions, dates, sources, headline flags).

A cache of the store of record (Chroma) that grows by the write. ``SnapshotCache.current()``
looks at the store's generation token at most every ``freshness_s`` seconds (or at once after
``invalidate()``); when it changed, it reads the store's change log from where its snapshot left
off, reads just the documents named there, and makes a new snapshot with
``LexicalSnapshot.updated``: rows of the removed and replaced articles dead at once, the new
versions' sentences as new rows after the last one (``index.lexical`` says how the BM25 part
stays exact). Writes by other processes on the same store or Chroma server arrive the same way.

A snapshot is never changed once made: ``updated`` copies the small per-article tables and the
per-row arrays (a few MB on all of Reuters), shares the postings, and a question keeps the snapshot
it started with.

Once per snapshot that did not grow from the log alone (one read from the cache folder at start,
and every full build), it is reconciled with the store: the document versions it holds are
compared with the stored ones (``SentenceStore.current_versions``) and the differences applied.
The log cannot name every write (a writer that crashed between its switch and its records; a
snapshot saved by another copy of the store), and a full build reads the documents while others
write; the comparison catches what these missed.

Questions never wait for a refresh when there is a snapshot: one thread brings it up to date while
the others answer from the snapshot at hand (``SnapshotCache.current``).

A full build from every stored document happens only when there is no snapshot, when the change
log no longer reaches back to it (records older than a day are deleted), when a saved snapshot
has another format, or when the changes to apply plus the dead rows already kept exceed a quarter
of the articles (and ``rebuild_min_articles``): then a build costs less than the updates and frees
the dead rows.

On disk: one pickle per store (named by the store's ``identity()``, the same whichever way and on
whichever port it is opened, and the generation it has seen), written after a full build
and after incremental updates at most every ``save_every_s`` seconds (60), in a background thread,
so a write never pays for rewriting a whole-corpus file; a process that starts reads it and
catches up from the change log.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import re
import threading
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.documents import StoredDocument
from index.lexical import LexicalIndex, tokenize
from index.memory import release_freed_memory
from index.store import CHANGE_LOG_WINDOW_US, Change, SentenceStore, StoreError, source_key

log = logging.getLogger(__name__)

_LEXICAL_CACHE_FILES = 32  # snapshots kept in the cache folder, of all stores together
_SNAPSHOT_FORMAT = 9  # bump when LexicalSnapshot changes shape
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class LogPosition:
    """How far into the store's change log a snapshot is: every record written before
    ``ts - CHANGE_LOG_WINDOW_US`` is in it, and so are the ``recent`` ones (by key) after that."""

    ts: int = 0  # microseconds since the epoch
    recent: frozenset[str] = frozenset()

    @property
    def read_from(self) -> int:
        """Where the next read of the change log starts (a window before ``ts``)."""
        return max(self.ts - CHANGE_LOG_WINDOW_US, 0)

    def after(self, records: Sequence[Change]) -> LogPosition:
        """The position once ``records`` (every record read from ``read_from``) are applied."""
        ts = max([self.ts, *(c.ts for c in records)])
        return LogPosition(ts, frozenset(c.key for c in records if c.ts >= ts - CHANGE_LOG_WINDOW_US))


def _article_tokens(doc: StoredDocument) -> tuple[list[list[str]], list[str]]:
    """The tokens of each sentence, and the article's: its title's (unless the text carries it as
    its first sentence, the headline), then its sentences', in order."""
    sentences = [tokenize(doc.text[s.start : s.end]) for s in doc.sentences]
    article = [] if doc.body_start == 1 else tokenize(doc.title or "")
    for tokens in sentences:
        article.extend(tokens)
    return sentences, article


class LexicalSnapshot:
    """BM25 indexes over the current sentences and articles, with lookup tables.

    Sentence rows are numbered article by article (an article's sentences are consecutive rows),
    so two small arrays map rows to (doc id, sentence index) and back: on all of Reuters (342,918
    sentences) that is 37 MB less than a tuple per sentence and a dict of them. Articles written
    after the build get rows after the last ones (article rows and sentence rows alike); those of
    removed or replaced articles stay numbered, dead: they score 0, and ``article_row``,
    ``versions`` and ``source_keys`` no longer name them.
    """

    def __init__(
        self, documents: Iterable[StoredDocument], generation: str = "", position: LogPosition | None = None
    ) -> None:
        """The full build, in the order of ``documents`` (the store's order: ties between equal
        scores break by row, as they always did)."""
        self.format = _SNAPSHOT_FORMAT
        self.generation = generation
        self.position = position or LogPosition()
        vocab: dict[str, int] = {}  # token -> id, for both indexes
        ids: list[list[int]] = []
        counts: list[int] = []
        self.doc_ids: list[str] = []
        article_ids: list[list[int]] = []
        self.versions: dict[str, str] = {}
        self._days: list[str | None] = []  # per article: its ISO publication day, when known
        body_starts: list[int] = []
        timestamps: list[float] = []
        self.source_keys: list[str | None] = []  # per article, for source filters
        for doc in documents:  # a page at a time: the texts are not kept
            self._add_tables(doc, body_starts, timestamps)
            sentences, article = _article_tokens(doc)
            counts.append(len(sentences))
            ids.extend([vocab.setdefault(t, len(vocab)) for t in s] for s in sentences)
            article_ids.append([vocab.setdefault(t, len(vocab)) for t in article])
        self.vocab = vocab
        self.sentences = LexicalIndex(None, ids, vocab)  # keys: the rows
        del ids
        self.articles = LexicalIndex(None, article_ids, vocab)
        del article_ids
        self.article_row = {d: i for i, d in enumerate(self.doc_ids)}
        self.first_row = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)])  # per article, and the end
        self.sentence_article = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        self._dates: dict[str, int] = {}  # publication day -> how many live articles have it
        for day in self._days:
            if day:
                self._dates[day] = self._dates.get(day, 0) + 1
        self.published_range = (min(self._dates), max(self._dates)) if self._dates else None
        self.body_start = np.asarray(body_starts, dtype=np.int8)  # per article: 1 when sentence 0 is its headline
        self.published_ts = np.asarray(timestamps, dtype=np.float64)  # per article: NaN when unknown (or dead)
        self._undated: bool | None = None  # has_undated(), once asked

    def _add_tables(self, doc: StoredDocument, body_starts: list[int], timestamps: list[float]) -> None:
        """Append an article to the per-article lists (its id, version, source, day)."""
        self.versions[doc.id] = doc.version
        self.doc_ids.append(doc.id)
        timestamps.append(float(doc.published_ts) if doc.published_ts is not None else np.nan)
        self.source_keys.append(source_key(doc.source) if doc.source else None)
        self._days.append(doc.published[:10] if doc.published and _ISO_DATE.match(doc.published) else None)
        body_starts.append(doc.body_start)

    # -- writes --------------------------------------------------------------------------------
    def updated(
        self,
        documents: Iterable[StoredDocument],
        removed: Collection[str],
        generation: str,
        position: LogPosition,
    ) -> LexicalSnapshot:
        """A new snapshot with ``documents`` (current versions, new or changed; one this snapshot
        already holds at that version is left alone) and without the ``removed`` ids. This
        snapshot is not changed. Costs the documents written, not the corpus."""
        docs = [d for d in documents if self.versions.get(d.id) != d.version]
        gone = [d for d in dict.fromkeys([*removed, *(d.id for d in docs)]) if d in self.article_row]
        new = copy.copy(self)
        new.generation, new.position = generation, position
        new._undated = None
        new._copy_tables()
        dead_articles = np.array([new._forget(d) for d in gone], dtype=np.int64)
        dead_sentences = np.concatenate(
            [np.arange(self.first_row[a], self.first_row[a + 1]) for a in dead_articles] or [np.zeros(0, np.int64)]
        )
        sentence_ids, article_ids = new._append(docs)
        new.sentences = self.sentences.updated(sentence_ids, dead_sentences, new.vocab)
        new.articles = self.articles.updated(article_ids, dead_articles, new.vocab)
        new.published_range = (min(new._dates), max(new._dates)) if new._dates else None
        return new

    def _copy_tables(self) -> None:
        """Own copies of the per-article tables that a write changes (copy-on-write)."""
        self.versions = dict(self.versions)
        self.article_row = dict(self.article_row)
        self.doc_ids = list(self.doc_ids)
        self.source_keys = list(self.source_keys)
        self._days = list(self._days)
        self._dates = dict(self._dates)
        self.published_ts = self.published_ts.copy()

    def _forget(self, doc_id: str) -> int:
        """Take an article out of the tables (its rows stay numbered, dead); its article row."""
        a = self.article_row.pop(doc_id)
        del self.versions[doc_id]
        self.source_keys[a] = None
        self.published_ts[a] = np.nan
        day, self._days[a] = self._days[a], None
        if day:
            self._dates[day] -= 1
            if not self._dates[day]:
                del self._dates[day]
        return a

    def _append(self, docs: Sequence[StoredDocument]) -> tuple[list[list[int]], list[list[int]]]:
        """Give articles new rows after the last ones; their sentences' and articles' token ids
        (the vocabulary is copied first when they bring new tokens)."""
        tokens = [_article_tokens(d) for d in docs]
        if any(t not in self.vocab for sentences, _ in tokens for s in sentences for t in s) or any(
            t not in self.vocab for _, article in tokens for t in article
        ):
            self.vocab = dict(self.vocab)
        vocab = self.vocab
        body_starts: list[int] = []
        timestamps: list[float] = []
        sentence_ids: list[list[int]] = []
        article_ids: list[list[int]] = []
        first = len(self.doc_ids)
        for doc, (sentences, article) in zip(docs, tokens, strict=True):
            self.article_row[doc.id] = len(self.doc_ids)
            self._add_tables(doc, body_starts, timestamps)
            if self._days[-1]:
                self._dates[self._days[-1]] = self._dates.get(self._days[-1], 0) + 1
            sentence_ids.extend([vocab.setdefault(t, len(vocab)) for t in s] for s in sentences)
            article_ids.append([vocab.setdefault(t, len(vocab)) for t in article])
        counts = [len(d.sentences) for d in docs]
        self.first_row = np.concatenate([self.first_row, self.first_row[-1] + np.cumsum(counts, dtype=np.int64)])
        self.sentence_article = np.concatenate(
            [self.sentence_article, np.repeat(np.arange(first, len(self.doc_ids), dtype=np.int32), counts)]
        )
        self.body_start = np.concatenate([self.body_start, np.asarray(body_starts, dtype=np.int8)])
        self.published_ts = np.concatenate([self.published_ts, np.asarray(timestamps, dtype=np.float64)])
        return sentence_ids, article_ids

    # -- reads ---------------------------------------------------------------------------------
    def has_undated(self) -> bool:
        """Whether some live article (one in ``article_row``) has no known date. Not
        ``np.isnan(published_ts).any()``: the rows of removed and replaced articles are NaN too.
        Worked out once per snapshot (a snapshot never changes)."""
        undated = getattr(self, "_undated", None)  # absent from snapshots pickled before it
        if undated is None:
            rows = np.fromiter(self.article_row.values(), dtype=np.int64, count=len(self.article_row))
            undated = self._undated = bool(np.isnan(self.published_ts[rows]).any())
        return undated

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
        """(doc id, sentence index) of a row (of a removed version too: the id it had)."""
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


@dataclass
class CacheCounters:
    """What ``SnapshotCache`` did, for tests and benchmarks."""

    full_builds: int = 0  # snapshots built from every stored document
    incremental: int = 0  # snapshots brought up to date from the change log
    loaded: int = 0  # snapshots read from the cache folder
    saved: int = 0  # snapshots written to the cache folder
    reconciled: int = 0  # snapshots that the comparison with the store's versions changed


class SnapshotCache:
    """The current ``LexicalSnapshot`` of a store, checked against the store's generation at most
    every ``freshness_s`` seconds and brought up to date from its change log (the module's
    docstring says when it is rebuilt and when saved in ``cache_dir``)."""

    def __init__(
        self,
        store: SentenceStore,
        cache_dir: Path | None = None,
        freshness_s: float = 0.5,
        save_every_s: float = 60.0,
        rebuild_fraction: float = 0.25,
        rebuild_min_articles: int = 200,
    ) -> None:
        self.store = store
        self.cache_dir = cache_dir
        self.freshness_s = freshness_s
        self.save_every_s = save_every_s
        self.rebuild_fraction = rebuild_fraction
        self.rebuild_min_articles = rebuild_min_articles
        self.counters = CacheCounters()
        self._current: LexicalSnapshot | None = None
        self._checked = float("-inf")
        self._saved_at = float("-inf")
        self._saving = False  # a background save is running
        self._lock = threading.Lock()  # held by the one thread that makes or refreshes the snapshot
        self._building = False  # the refresh running is a full build
        self._invalidated = 0  # invalidate() calls so far
        self._looked = 0  # ... when the last refresh began
        self._key: str | None = None  # the store's part of the cache file names

    def invalidate(self) -> None:
        """Make the next ``current()`` look at the store (after a write): the snapshot is kept and
        brought up to date from the change log. Takes no lock, so a writer never waits for a build."""
        self._invalidated += 1
        self._checked = float("-inf")

    def catch_up(self) -> LexicalSnapshot:
        """The snapshot brought up to date now, from the change log even when the generation token
        has not changed yet (a write between its switch and its token: the record written before the
        switch names the documents). For a caller that met a document newer than its snapshot."""
        self.invalidate()
        return self.current(force=True)

    def current(self, force: bool = False) -> LexicalSnapshot:
        """The lexical snapshot, brought up to date when the store's generation changed (checked
        at most every ``freshness_s`` seconds), so writes by other processes become visible.

        One thread refreshes at a time, and the others do not wait for it: they answer from the
        snapshot at hand. A caller waits only when there is no snapshot yet, or when this process
        wrote (``invalidate()``) after the refresh running began and that refresh is an
        incremental one (milliseconds), so that a question asked after a write sees it; while a
        full build runs (seconds), questions are answered from the old snapshot."""
        snap = self._current
        if snap is not None and time.monotonic() - self._checked < self.freshness_s:
            return snap
        wait = snap is None or (self._invalidated != self._looked and not self._building)
        if not self._lock.acquire(blocking=wait):
            return snap  # another thread is refreshing it
        try:
            now = time.monotonic()
            if self._current is not None and now - self._checked < self.freshness_s:
                return self._current  # refreshed by the thread waited for
            # before reading the token: an invalidate() from now on counts
            self._checked, self._looked = now, self._invalidated
            generation = self.store.generation()
            if self._current is None:
                self._current = self._start(generation)
            elif self._current.generation != generation or force:
                self._current = self._refresh(self._current, generation)
            return self._current
        finally:
            self._lock.release()

    def _start(self, generation: str) -> LexicalSnapshot:
        """The first snapshot of this cache: the saved one, brought up to date and reconciled with
        the store, or a full build."""
        builds = self.counters.full_builds
        snap = self._load()
        if snap is None or snap.generation != generation:
            snap = self._refresh(snap, generation)
        if self.counters.full_builds == builds:  # a full build reconciles its snapshot itself
            snap = self._reconcile(snap)
        return snap

    def _reconcile(self, snap: LexicalSnapshot) -> LexicalSnapshot:
        """``snap`` with the differences between its document versions and the store's applied:
        what the change log did not name (a write that crashed before its records; another copy
        of the store), what a full build missed. Costs a read of the document records' metadata."""
        stored = self.store.current_versions()
        changed = sorted(d for d, v in stored.items() if snap.versions.get(d) != v)
        gone = snap.versions.keys() - stored.keys()
        if not changed and not gone:
            return snap
        docs = self.store.get(changed)
        log.info("lexical index: %d articles differ from the store, %d are gone", len(changed), len(gone))
        self.counters.reconciled += 1
        return snap.updated(docs.values(), gone | (set(changed) - docs.keys()), snap.generation, snap.position)

    def _refresh(self, snap: LexicalSnapshot | None, generation: str) -> LexicalSnapshot:
        """``snap`` brought up to date from the change log, or a full build when it cannot be
        (none, the log no longer reaches back to it) or should not be (too much changed)."""
        if snap is None or snap.position.read_from < self.store.change_log_floor():
            return self._build(generation)
        records = self.store.changes_since(snap.position.read_from)
        ids = {d for c in records if c.key not in snap.position.recent for d in c.doc_ids}
        pending = len(ids) + snap.articles.dead_rows
        if pending > self.rebuild_min_articles and pending > self.rebuild_fraction * len(snap.article_row):
            return self._build(generation)
        docs = self.store.get(sorted(ids))
        new = snap.updated(docs.values(), ids - docs.keys(), generation, snap.position.after(records))
        self.counters.incremental += 1
        if time.monotonic() - self._saved_at >= self.save_every_s and not self._saving:
            self._saving = True
            threading.Thread(target=self._save, args=(new,), name="lexical-save", daemon=True).start()
        return new

    def _build(self, generation: str) -> LexicalSnapshot:
        """A full build from every stored document, reconciled with the store and saved. The log
        position is taken first: a write during the build is read from the log afterwards
        (applying it twice is harmless)."""
        self._building = True
        try:
            now = time.time_ns() // 1000
            position = LogPosition(now).after(self.store.changes_since(now - CHANGE_LOG_WINDOW_US))
            snap = LexicalSnapshot(self.store.iter_documents(), generation, position)
            self.counters.full_builds += 1
            snap = self._reconcile(snap)
        finally:
            self._building = False
        self._saving = True
        self._save(snap)
        release_freed_memory()  # the build's temporary token lists, the pickler's buffers
        return snap

    def _load(self) -> LexicalSnapshot | None:
        """The snapshot saved for this store (of any generation: it catches up from the change
        log), or None when there is none or it cannot be read (an older format, a damaged file)."""
        path = self._cache_file("*")
        if path is None:
            return None
        for _ in range(2):  # another process may replace the newest file (and delete it) meanwhile
            files = sorted(path.parent.glob(path.name), key=_mtime, reverse=True)
            if not files:
                return None
            try:
                with files[0].open("rb") as fh:
                    snap = pickle.load(fh)
            except FileNotFoundError:  # pruned since it was listed: list again
                continue
            except Exception as exc:  # a damaged file: rebuild it
                log.info("rebuilding the lexical index (%s unreadable: %s)", files[0], exc)
                return None
            if not isinstance(snap, LexicalSnapshot) or getattr(snap, "format", None) != _SNAPSHOT_FORMAT:
                return None
            try:
                os.utime(files[0])  # recently used: kept when the cache is pruned
            except OSError:  # pruned meanwhile, or a read-only folder: what was read is still good
                pass
            self.counters.loaded += 1
            self._saved_at = time.monotonic()
            return snap
        return None

    def _save(self, snap: LexicalSnapshot) -> None:
        """Write the snapshot atomically, named with its generation, and delete this store's
        older ones. Only a cache: a read-only folder costs speed, never an answer."""
        try:
            path = self._cache_file(snap.generation)
            if path is None:
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(snap, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
            _prune_lexical_cache(path)
            self.counters.saved += 1
        except OSError as exc:
            log.info("cannot save the lexical index in %s: %s", self.cache_dir, exc)
        finally:
            self._saved_at = time.monotonic()
            self._saving = False

    def _cache_file(self, generation: str) -> Path | None:
        if self.cache_dir is None or not generation:
            return None
        return self.cache_dir / f"lexical-v{_SNAPSHOT_FORMAT}-{self._store_key()}-{generation}.pkl"

    def _store_key(self) -> str:
        """The store's part of the cache file names: from its ``identity()``, so every process and
        every port of a local ``chroma run`` share one file. Where the identity cannot be made (a
        read-only store from before it existed), from where the store is."""
        if self._key is None:
            try:
                where = "identity:" + self.store.identity()
            except StoreError as exc:
                log.info("lexical index cache named by the store's location (%s)", exc)
                return _digest(self.store.chroma_url or str(self.store.path.resolve() if self.store.path else ""))
            self._key = _digest(where)
        return self._key


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
