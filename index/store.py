"""The store of record: two Chroma collections, documents and sentences.

- ``newsqa_documents``: one record per document id: the cleaned text, its version, metadata,
  the sentence offsets (JSON) and a document vector (mean of its sentence vectors).
- ``newsqa_sentences``: one record per sentence of a version: vector, doc id, version, sentence
  index and offsets, and its document's filter keys (below). Its text is not stored again: it is the document's text between the offsets
  (storing it cost 17% of indexing time in Chroma's full-text index, which nothing queries).
  Stores written before that still carry sentence texts; nothing reads them.

Filter keys, on document and sentence records alike, so that a Chroma ``where`` (``date_where``)
can narrow a query to a period or to sources: ``published_ts`` (int, seconds since the epoch, from
``index.dates``), ``published`` (ISO day) and ``source_key`` (the source, lower-cased). A record
without a known date has no ``published_ts`` and so never matches a date filter.

A document record names the current version. Replacing a document writes the new version's
sentences first, then switches the document record, then deletes the old sentences, so a
crash leaves the old or the new version current, never a mix: sentences whose version is not
the current one are ignored by readers and removed by the next write or ``vacuum()``.

The change log (``newsqa_changes``): every write that adds, replaces or removes documents records
their ids twice: once before it switches the document records (an intent: a write that crashes
after the switch is still named in the log, so the next change of the generation token, by any
writer, brings it into the caches) and once after the write is done; a reader reads the documents'
current state, so applying a record early or twice is harmless. Caches built from the store (the
lexical index) so read only what changed since they last looked (``changes_since``), also what
another process wrote to a shared Chroma server. Records are keyed by (writer's clock in microseconds, random id): two writers
need no shared counter, and a reader that re-reads a window before the newest record it has seen
(``CHANGE_LOG_WINDOW_US``) also gets a record whose write landed late or came from a clock a little
behind. Records older than a day are deleted; ``change_log_floor()`` says up to when, so a cache
older than that rebuilds instead of missing a change.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.documents import SentenceSpan, StoredDocument
from index.errors import StoreError, StoreUnavailable

__all__ = [  # StoreError and StoreUnavailable live in index.errors; they are re-exported here
    "CHANGE_LOG_WINDOW_US", "Change", "RecordTable", "SentenceHit", "SentenceStore", "StoreError", "StoreUnavailable", "date_where", "sentence_id",
    "source_key", "split_sentence_id", "store_failure", "store_unavailable",
]

DOCUMENTS = "newsqa_documents"
SENTENCES = "newsqa_sentences"
STATE = "newsqa_state"  # a token that changes with every write (caches compare it), the change log's floor, the identity
CHANGES = "newsqa_changes"  # the change log: which documents each write touched
# A reader of the change log re-reads this far back before the newest record it has seen: a record
# whose writer took its time stamp earlier but finished later, or whose clock is behind (by less).
CHANGE_LOG_WINDOW_US = 60_000_000
log = logging.getLogger(__name__)

_CHANGE_LOG_KEEP_US = 24 * 3600 * 1_000_000  # records older than a day are deleted
_CHANGE_LOG_TRIM_S = 600.0  # a process deletes old records at most this often
_IDS_PER_CHANGE = 500  # document ids per change record (one write of thousands makes several)
_BATCH = 2000  # records per Chroma call (below Chroma's max batch size)
_IDS_PER_DELETE = 100  # documents whose sentences one delete call removes (a few thousand sentences)
# Whole documents (text and sentence spans) are read 500 at a time: reading all of Reuters in pages
# of 2,000 grew RSS by 116 MiB, in pages of 500 by 68, in the same time (1.0 s).
_DOCUMENT_PAGE = 500


def store_unavailable(exc: BaseException, chroma_url: str | None = None) -> StoreUnavailable | None:
    """``exc`` as a ``StoreUnavailable`` when it (or what caused it) is a lost connection to the
    Chroma server or a timeout waiting for it; None for any other error."""
    import httpx

    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, StoreUnavailable):
            return cause
        if isinstance(cause, httpx.TransportError):  # connect refused/reset, timeouts, dropped connections
            where = f"the Chroma server at {chroma_url}" if chroma_url else "the Chroma server"
            what = "did not answer in time" if isinstance(cause, httpx.TimeoutException) else "cannot be reached"
            return StoreUnavailable(
                f"{where} {what} ({type(cause).__name__}); try again when it is back: "
                "newsqa reconnects by itself and nothing stored is lost"
            )
        cause = cause.__cause__ or cause.__context__
    return None


@dataclass(frozen=True)
class Change:
    """One record of the change log: a write touched these documents (added, replaced or removed:
    a reader reads their current state to know which)."""

    key: str  # the record's id: ordered by time, unique across writers
    ts: int  # when it was written, microseconds since the epoch (the writer's clock)
    doc_ids: tuple[str, ...]


@dataclass(frozen=True)
class SentenceHit:
    """A sentence returned by a vector query, with its cosine similarity to the query."""

    doc_id: str
    version: str
    index: int
    similarity: float


def sentence_id(doc_id: str, version: str, index: int) -> str:
    return f"{doc_id}#{version}#{index}"


def source_key(source: str) -> str:
    """How a source is matched by filters: whitespace collapsed, lower-cased ("Reuters " -> "reuters")."""
    return " ".join(source.split()).lower()


def date_where(
    since_ts: int | None = None, until_ts: int | None = None, sources: Iterable[str] | None = None
) -> dict[str, Any] | None:
    """A Chroma ``where`` clause for ``query_sentences`` / ``query_documents``: published at or
    after ``since_ts`` and at or before ``until_ts`` (seconds since the epoch, both inclusive;
    ``index.dates.day_range`` makes them from dates), from one of ``sources`` (any case).
    None or empty means no bound; None when nothing is bounded. Records without a known date
    never match a date bound."""
    clauses: list[dict[str, Any]] = []
    if since_ts is not None:
        clauses.append({"published_ts": {"$gte": int(since_ts)}})
    if until_ts is not None:
        clauses.append({"published_ts": {"$lte": int(until_ts)}})
    keys = sorted({source_key(s) for s in sources or () if isinstance(s, str) and s.strip()})
    if keys:
        clauses.append({"source_key": keys[0]} if len(keys) == 1 else {"source_key": {"$in": keys}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def split_sentence_id(sid: str) -> tuple[str, str, int]:
    """(doc id, version, index) of a ``sentence_id`` (a document id may itself hold a "#")."""
    doc_id, version, index = sid.rsplit("#", 2)
    return doc_id, version, int(index)


def store_failure(exc: BaseException, path: str | Path | None = None) -> StoreError | None:
    """``exc`` as a ``StoreError`` that says what to do when the store's disk is full or the store
    folder is read-only (SQLite and the file system report these in several ways); else None."""
    text = str(exc).lower()
    err = getattr(exc, "errno", None)
    where = f"the store folder {str(path)!r}" if path else "the store"
    # Chroma's local reads may compact its log first (a write): "error purging logs" and the like.
    if path is not None and (isinstance(exc, OSError) or "database" in text or "compactor" in text or "logs" in text):
        # SQLite words it many ways ("unable to open database file" when it cannot create its
        # journal): the file system says which it is.
        try:
            fs = os.statvfs(path)
            if fs.f_flag & os.ST_RDONLY:
                err = errno.EROFS
            elif fs.f_bavail == 0:
                err = errno.ENOSPC
        except OSError:
            pass
    if err == errno.ENOSPC or "disk is full" in text or "no space left" in text:
        return StoreError(f"{where} is full (no space left on its disk): free some space and run it again; "
                          "every document stays at the version it had before this write")
    if err in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly database" in text or "read-only file system" in text:
        return StoreError(f"{where} is read-only: make it writable, or set NEWSQA_STORE / --store to a writable "
                          "folder; nothing was changed")
    return None


def _client(path: str | Path | None, chroma_url: str | None, timeout_s: float | None = None):
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        from urllib.parse import urlparse

        u = urlparse(chroma_url)
        if not u.hostname:
            raise StoreError(f"invalid Chroma server URL {chroma_url!r}: expected http://host:port")
        try:
            client = chromadb.HttpClient(
                host=u.hostname, port=u.port or (443 if u.scheme == "https" else 8000),
                ssl=u.scheme == "https", settings=settings,
            )
        except Exception as exc:  # chromadb raises several types for an unreachable server
            raise StoreUnavailable(f"cannot reach the Chroma server at {chroma_url}: {exc}") from exc
        _set_timeout(client, timeout_s)
        return client
    if path is None:
        raise StoreError("no store path given")
    p = Path(path)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store folder {str(p)!r}: {exc.strerror}") from exc
    return chromadb.PersistentClient(path=str(p), settings=settings)


def _index_cut_short(path: Path) -> bool:
    """Does a vector index folder of the store look cut short? Read only the last byte of each
    ``index_metadata.pickle`` (a whole pickle ends with its STOP opcode, "."): cheap enough for every
    open, where loading each index through Chroma to try it cost 1-2 s on a 2,225-article store."""
    for meta in path.glob("*/index_metadata.pickle"):
        with meta.open("rb") as f:
            if f.seek(0, os.SEEK_END) == 0:
                return True
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b".":
                return True
    return False


def _readable(collection) -> bool:
    """Can the collection be read? False when Chroma cannot load its vector index (a file of it left
    empty or cut short by a process killed while writing it) or cannot apply its log to it; other
    errors are raised."""
    try:
        collection.get(limit=1, include=[])
        return True
    except Exception as exc:
        if any(s in str(exc) for s in ("hnsw segment", "Error deserializing", "Error finding id")):
            return False
        raise


# A write in progress, marked in the store folder: ".newsqa-writing-<pid>-<thread>-<collection>".
_WRITING = ".newsqa-writing-"


@contextmanager
def _writing(folder: Path | None, collection: str) -> Iterator[None]:
    """Mark a write to ``collection`` of the embedded store in ``folder`` while it runs.

    Chroma (1.5) saves a collection's vector index in place, file after file, before each write
    returns: a process killed meanwhile (a SIGKILLed sync) can leave the files of two states, and
    that index then fails reads ("Failed to apply logs to the hnsw segment writer", "Error finding
    id") or aborts the process. Its mark outlives it, and the next process to open the store
    rebuilds that collection's index (``SentenceStore._repair_vector_indexes``). A mark that cannot
    be written (a read-only or full folder) is skipped: the write itself then fails and says so."""
    if folder is None:
        yield
        return
    mark: Path | None = folder / f"{_WRITING}{os.getpid()}-{threading.get_ident()}-{collection}"
    try:
        mark.touch()
    except OSError:
        mark = None
    try:
        yield
    finally:
        if mark is not None:
            mark.unlink(missing_ok=True)


def _alive(pid: int, thread: int) -> bool:
    """Is the process (and, in this one, the thread) that wrote a mark still running?"""
    if pid == os.getpid():
        return thread in {t.ident for t in threading.enumerate()}
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:  # killed but not yet reaped by its parent (a zombie): gone all the same
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _interrupted_writes(folder: Path) -> dict[Path, str]:
    """The marks of writes whose process is gone ({mark: collection}): each left its collection's
    vector index possibly half saved."""
    out = {}
    for mark in folder.glob(f"{_WRITING}*"):
        try:
            pid, thread, name = mark.name.removeprefix(_WRITING).split("-", 2)
            if not _alive(int(pid), int(thread)):
                out[mark] = name
        except ValueError:  # not a mark of ours
            continue
    return out


@contextmanager
def _repair_lock(folder: Path) -> Iterator[bool]:
    """Hold the store folder's repair lock (two processes opening a store a crash left behind
    repair it one after the other); yields False when the lock cannot be taken (a read-only folder)."""
    import fcntl

    try:
        f = (folder / ".newsqa-repair.lock").open("a")
    except OSError:
        yield False
        return
    with f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield True
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _marked_write(op: str) -> Callable[..., Any]:
    """The collection's write ``op`` ("add", "upsert", ...), marked while it runs."""

    def write(self: _MarkedCollection, **kwargs: Any) -> Any:
        with _writing(self._folder, self._collection.name):
            return getattr(self._collection, op)(**kwargs)

    write.__name__ = op
    return write


class _MarkedCollection:
    """A Chroma collection of an embedded store whose writes are marked while they run (``_writing``);
    everything else is the collection's own."""

    def __init__(self, collection, folder: Path | None) -> None:
        self._collection = collection
        self._folder = folder

    def __getattr__(self, name: str):
        return getattr(self._collection, name)

    add = _marked_write("add")
    upsert = _marked_write("upsert")
    update = _marked_write("update")
    delete = _marked_write("delete")


def _vector_index_folders(path: Path, collection_ids: list[str]) -> list[Path]:
    """The folders of these collections' vector indexes in an embedded store (Chroma names each after
    its segment, listed in its SQLite file)."""
    import sqlite3

    con = sqlite3.connect(f"file:{path / 'chroma.sqlite3'}?mode=ro", uri=True)
    try:
        marks = ",".join("?" * len(collection_ids))
        rows = con.execute(f"SELECT id FROM segments WHERE scope = 'VECTOR' AND collection IN ({marks})",
                           collection_ids).fetchall()
    finally:
        con.close()
    return [path / r[0] for r in rows if (path / r[0]).is_dir()]


def _persist_every_write(collection) -> None:
    """Have Chroma save a collection's vector index after every write (``sync_threshold`` 1).

    Chroma saves its HNSW graph only every ``sync_threshold`` (default 1,000) vectors written; each
    process that opens the store inserts the unsaved rest again, in parallel and in a hash map's
    order, so each builds another graph, and the approximate nearest neighbours, the evidence and
    at times the answer differed from one process (a CLI call, an HTTP worker) to the next. Saved
    after every write, the graph every process loads is the same. Applied to existing stores too
    (the setting can be changed); a store folder that cannot be written keeps its setting."""
    hnsw = (getattr(collection, "configuration_json", None) or {}).get("hnsw") or {}
    if hnsw.get("sync_threshold", 1) == 1:
        return
    try:
        collection.modify(configuration={"hnsw": {"sync_threshold": 1}})
    except Exception as exc:  # a read-only folder, an old server: answers may then vary between processes
        log.warning("could not set the vector index of %s to be saved after every write: %s", collection.name, exc)


def _set_timeout(client, timeout_s: float | None) -> None:
    """Bound every request to the Chroma server (chromadb's own HTTP client waits forever, so a
    stopped server would hang each question instead of failing it)."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if timeout_s and isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(timeout_s)


class SentenceStore:
    """Documents and their sentences in Chroma (embedded folder or a Chroma server).

    ``timeout_s`` bounds each request to a Chroma server; past it (or when the server is down)
    calls raise an error that ``store_unavailable`` recognises.
    """

    def __init__(
        self, path: str | Path | None = None, chroma_url: str | None = None, timeout_s: float | None = None,
        encode: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.chroma_url = chroma_url
        self._encode = encode  # the sentences' encoder, to rebuild a vector index a crash left unreadable
        with self.guard():  # opening writes too (Chroma's migrations, the collections)
            self._client = _client(path, chroma_url, timeout_s)
            self._open_collections()
            if self.path is not None:
                self._repair_if_needed()
        self._trimmed_at = float("-inf")  # when this process last deleted old change records

    def _open_collections(self) -> None:
        space = {"hnsw:space": "cosine"}
        self._docs = self._marked(self._client.get_or_create_collection(DOCUMENTS, metadata=space, embedding_function=None))
        self._sentences = self._marked(self._client.get_or_create_collection(SENTENCES, metadata=space, embedding_function=None))
        for collection in (self._docs, self._sentences):
            _persist_every_write(collection)
        self._state = self._marked(self._client.get_or_create_collection(STATE, embedding_function=None))
        self._changes = self._marked(self._client.get_or_create_collection(CHANGES, embedding_function=None))

    def _marked(self, collection) -> _MarkedCollection:
        """``collection``, its writes marked in the store folder while they run (``_writing``)."""
        return _MarkedCollection(collection, self.path)

    # -- repair ------------------------------------------------------------------------------
    def _repair_if_needed(self) -> None:
        """Rebuild the vector indexes that a process killed while writing may have left unreadable
        or half saved: the collections its marks name (``_writing``), and any whose index file is
        cut short. Cheap when there is nothing to do (a look at the folder's files)."""
        assert self.path is not None
        if not (_interrupted_writes(self.path) or _index_cut_short(self.path)):
            return
        with _repair_lock(self.path) as locked:
            if not locked:
                log.warning("the store folder %s holds an interrupted write but cannot be written: not repaired", self.path)
                return
            marks = _interrupted_writes(self.path)  # again: another process may have repaired it meanwhile
            if marks or _index_cut_short(self.path):
                self._repair_vector_indexes(set(marks.values()))
            for mark in marks:
                mark.unlink(missing_ok=True)

    def _repair_vector_indexes(self, interrupted: Container[str] = frozenset()) -> None:
        """Rebuild the vector index of each collection that cannot be read, or whose write was
        interrupted (``interrupted``: their names).

        Chroma (1.5) writes a collection's vector index files in place, after every write here
        (``_persist_every_write``): a process killed while it writes them (a SIGKILLed sync) can
        leave a file empty (``index_metadata.pickle``), and every read of that collection then
        fails, or leave the files of two states, which fail reads or abort the process later (so
        such an index is rebuilt without trying it). The records themselves (ids, metadata, document
        texts) are in Chroma's SQLite file, whole: the index folder is removed and the index rebuilt
        from them, the sentences' vectors by encoding the sentences again, the documents' as the mean
        of their sentences' (as ``put_many`` makes them), the side tables' (looked up by key only) as
        written. A sentence of a version that is not current (a crash's leftover) is dropped, as
        ``vacuum`` would."""
        collections = {c.name: c for c in self._client.list_collections()}
        broken = [name for name, c in collections.items() if name in interrupted or not _readable(c)]
        if not broken:
            return
        log.warning("the vector index of %s cannot be read (a write was interrupted): rebuilding it",
                    ", ".join(broken))
        folders = _vector_index_folders(self.path, [str(collections[name].id) for name in broken])
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # this process forgets the index it could not load
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        self._client = _client(self.path, None)
        self._open_collections()
        # the sentences first: the documents' vectors are made from theirs
        for name in sorted(broken, key=lambda n: (n != SENTENCES, n != DOCUMENTS, n)):
            collection = self._marked(self._client.get_collection(name, embedding_function=None))
            records = list(_records(collection, ["metadatas", "documents"]))
            all_ids = [r["id"] for r in records]  # deleted, then added again (the sentences: the current ones)
            if name == SENTENCES:
                records, vectors = self._sentence_vectors(records)
            elif name == DOCUMENTS:
                vectors = self._document_vectors(records)
            else:
                vectors = np.full((len(records), 1), 0.0 if name in (STATE, CHANGES) else 1.0, np.float32)
            ids = [r["id"] for r in records]
            for i in range(0, len(all_ids), _BATCH):
                collection.delete(ids=all_ids[i : i + _BATCH])
            for i in range(0, len(ids), _BATCH):
                chunk = records[i : i + _BATCH]
                documents = [r.get("document") for r in chunk]
                collection.add(
                    ids=ids[i : i + _BATCH], embeddings=vectors[i : i + _BATCH],
                    metadatas=[r.get("metadata") for r in chunk],
                    documents=documents if all(d is not None for d in documents) else None,
                )
        log.warning("rebuilt the vector index of %s", ", ".join(broken))

    def _sentence_vectors(self, records: list[dict]) -> tuple[list[dict], np.ndarray]:
        """The records of current sentences, and their vectors, encoded again from their documents."""
        if self._encode is None:
            raise StoreError(f"the sentence index in {str(self.path)!r} was left unreadable by an interrupted write: "
                             "open the store with newsqa (newsqa sync, ask or serve), which rebuilds it")
        current = {d.id: d for d in self.iter_documents()}
        kept = [r for r in records if (d := current.get(r["metadata"]["doc_id"])) and d.version == r["metadata"]["version"]]
        texts = [current[r["metadata"]["doc_id"]].text[r["metadata"]["start"] : r["metadata"]["end"]] for r in kept]
        vectors = np.asarray(self._encode(texts), np.float32) if texts else np.zeros((0, 384), np.float32)
        return kept, vectors.reshape(len(kept), -1)

    def _document_vectors(self, records: list[dict]) -> np.ndarray:
        """Each document's vector: the normalised mean of its current sentences' vectors."""
        by_doc: dict[tuple[str, int], list[np.ndarray]] = {}
        for r in _records(self._sentences, ["metadatas", "embeddings"]):
            m = r["metadata"]
            by_doc.setdefault((m["doc_id"], m["version"]), []).append(np.asarray(r["embedding"], np.float32))
        out = []
        for r in records:
            vs = by_doc.get((r["id"], r["metadata"]["version"]), [])
            v = np.mean(vs, axis=0) if vs else np.zeros(384, np.float32)
            out.append((v / (float(np.linalg.norm(v)) or 1.0)).astype(np.float32))
        return np.stack(out) if out else np.zeros((0, 384), np.float32)

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn a full disk or a read-only store folder, met while writing (or while a read compacts
        Chroma's log), into a ``StoreError`` that says so (the write-new-switch-delete order keeps
        every document whole meanwhile)."""
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            failure = store_failure(exc, self.path)
            if failure is None:
                raise
            raise failure from exc

    def problem(self, exc: BaseException) -> StoreError | None:
        """``exc`` as this store's own error that says what to do (Chroma server unreachable or too
        slow, disk full, read-only folder), or None when it is something else."""
        return store_unavailable(exc, self.chroma_url) or store_failure(exc, self.path)

    def generation(self) -> str:
        """A token that changes whenever any process writes to this store ("" before the first write).

        Caches built from the store (the lexical index) compare it to know they are stale, also
        when another process wrote to a shared Chroma server.
        """
        with self.guard():  # a local read may need to write (log compaction): a read-only folder says so
            got = self._state.get(ids=["generation"], include=["metadatas"])
        return str(got["metadatas"][0]["token"]) if got["ids"] else ""

    def identity(self) -> str:
        """The id of this store: its documents collection's id, made by Chroma when the store was
        created, the same for every process and every way of opening it (its folder, or a
        ``chroma run`` server over that folder, on any port), so caches of the store (the lexical
        snapshot) can be named by it. Reading it writes nothing (a record written for it made
        Chroma block on a full disk instead of failing)."""
        return str(self._docs.id)

    def _changed(self, doc_ids: Iterable[str] = ()) -> None:
        """After a write: log the documents it touched (when any), then change the generation token
        (in that order: a reader that sees the new token finds the record)."""
        ids = list(dict.fromkeys(doc_ids))
        if ids:
            self._log_changes(ids)
        self._state.upsert(ids=["generation"], embeddings=[[0.0]], metadatas=[{"token": uuid.uuid4().hex}])

    def touch(self) -> None:
        """A side table changed (the copy records written after a write): change the generation
        token, so the caches of other processes look again (no document changed: nothing is logged)."""
        with self.guard():
            self._changed()

    def _log_changes(self, doc_ids: list[str]) -> None:
        """Append change records for these documents (before their write switches them, and once
        it is done)."""
        ts = time.time_ns() // 1000
        chunks = [doc_ids[i : i + _IDS_PER_CHANGE] for i in range(0, len(doc_ids), _IDS_PER_CHANGE)]
        self._changes.upsert(
            ids=[f"{ts:017d}-{uuid.uuid4().hex}" for _ in chunks],
            embeddings=[[0.0]] * len(chunks),
            metadatas=[{"ts": ts, "ids": json.dumps(c)} for c in chunks],
        )
        if time.monotonic() - self._trimmed_at >= _CHANGE_LOG_TRIM_S:
            self._trim_change_log(ts - _CHANGE_LOG_KEEP_US)

    def _trim_change_log(self, before_ts: int) -> None:
        """Delete the change records older than ``before_ts``, having first raised the floor that
        tells readers so (never lowered: another writer's clock may be behind)."""
        self._trimmed_at = time.monotonic()
        floor = max(self.change_log_floor(), before_ts)
        self._state.upsert(ids=["change_log_floor"], embeddings=[[0.0]], metadatas=[{"ts": floor}])
        self._changes.delete(where={"ts": {"$lt": floor}})

    def change_log_floor(self) -> int:
        """Change records written before this time (microseconds since the epoch) may have been
        deleted; 0 when none ever was."""
        with self.guard():
            got = self._state.get(ids=["change_log_floor"], include=["metadatas"])
        return int(got["metadatas"][0]["ts"]) if got["ids"] else 0

    def changes_since(self, ts: int) -> list[Change]:
        """The change records written at or after ``ts`` (microseconds since the epoch), oldest first."""
        with self.guard():
            records = list(_records(self._changes, ["metadatas"], where={"ts": {"$gte": int(ts)}}))
        changes = [Change(r["id"], int(r["metadata"]["ts"]), tuple(json.loads(r["metadata"]["ids"]))) for r in records]
        return sorted(changes, key=lambda c: (c.ts, c.key))

    # -- writing ---------------------------------------------------------------------------
    def put_many(
        self, items: list[tuple[StoredDocument, np.ndarray]], replacing: Container[str] | None = None
    ) -> None:
        """Store several documents with few Chroma calls: all new sentences, then one switch of
        the document records, then the old versions' sentences are deleted.

        ``replacing``: the ids that may have an older version stored (None: any of them). Only
        those pay for a delete; sentences left by a crash under any other id are not current,
        so readers ignore them and ``vacuum()`` removes them.
        """
        if not items:
            return
        ids: list[str] = []
        metas: list[dict] = []
        vectors: list[np.ndarray] = []
        doc_vectors: list[np.ndarray] = []
        for doc, sentence_vectors in items:
            if len(doc.sentences) != len(sentence_vectors):
                raise ValueError(f"{doc.id}: one vector per sentence is required")
            ids += [sentence_id(doc.id, doc.version, s.index) for s in doc.sentences]
            keys = _filter_metadata(doc)
            metas += [
                {"doc_id": doc.id, "version": doc.version, "index": s.index, "start": s.start, "end": s.end, **keys}
                for s in doc.sentences
            ]
            vectors.append(np.asarray(sentence_vectors, dtype=np.float32).reshape(len(doc.sentences), -1))
            v = sentence_vectors.mean(axis=0) if len(sentence_vectors) else np.zeros(384, np.float32)
            doc_vectors.append((v / (float(np.linalg.norm(v)) or 1.0)).astype(np.float32))
            doc.indexed_at = doc.indexed_at or datetime.now(UTC).isoformat(timespec="seconds")
        matrix = np.concatenate(vectors) if vectors else np.zeros((0, 384), np.float32)
        docs = [doc for doc, _ in items]
        with self.guard():  # a full disk or a read-only folder: a StoreError that says so
            # (a smaller batch would hold the GIL for less at a time, but Chroma's vector index then
            # comes out another way: nearest neighbours, approximate, could differ)
            for i in range(0, len(ids), _BATCH):
                self._sentences.upsert(
                    ids=ids[i : i + _BATCH],
                    embeddings=matrix[i : i + _BATCH],
                    metadatas=metas[i : i + _BATCH],
                )
            self._log_changes(list(dict.fromkeys(d.id for d in docs)))  # the intent (see the module's docstring)
            self._docs.upsert(  # the switch: from here on the new versions are the current ones
                ids=[d.id for d in docs],
                embeddings=np.stack(doc_vectors),
                documents=[d.text for d in docs],
                metadatas=[_doc_metadata(d) for d in docs],
            )
            for doc in docs:
                if replacing is None or doc.id in replacing:
                    self._delete_other_versions(doc.id, doc.version)
            self._changed(d.id for d in docs)

    def remove(self, doc_id: str) -> bool:
        """Delete a document and all its sentences. Returns False when it was not stored."""
        return bool(self.remove_many([doc_id]))

    def remove_many(self, doc_ids: Iterable[str]) -> list[str]:
        """Delete these documents and all their sentences with a few Chroma calls whatever their
        number (a sync removing 50 files: one write, not 50: an embedded Chroma holds Python's GIL
        through every write, so each call stalls the questions answered meanwhile). Returns the
        ids that were stored."""
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return []
        with self.guard():
            existed: set[str] = set()
            for i in range(0, len(ids), _BATCH):
                existed.update(self._docs.get(ids=ids[i : i + _BATCH], include=[])["ids"])
            self._log_changes(ids)  # the intent (see the module's docstring)
            for i in range(0, len(ids), _BATCH):
                self._docs.delete(ids=ids[i : i + _BATCH])  # first: from here on nothing of them is current
            for i in range(0, len(ids), _IDS_PER_DELETE):
                self._sentences.delete(where={"doc_id": {"$in": ids[i : i + _IDS_PER_DELETE]}})
            self._changed(ids)
        return [i for i in ids if i in existed]

    def _delete_other_versions(self, doc_id: str, version: str) -> None:
        self._sentences.delete(where={"$and": [{"doc_id": doc_id}, {"version": {"$ne": version}}]})

    def vacuum(self) -> int:
        """Delete sentences of versions that are not current (left by a crash). Returns how many."""
        current = self.current_versions()
        stale = [
            sid
            for sid, meta in self._iter_sentence_meta()
            if current.get(str(meta["doc_id"])) != meta["version"]
        ]
        for i in range(0, len(stale), _BATCH):
            self._sentences.delete(ids=stale[i : i + _BATCH])
        if stale:
            self._changed()
        return len(stale)

    # -- reading ---------------------------------------------------------------------------
    def current_versions(self) -> dict[str, str]:
        """Every stored document id with its current version."""
        return {r["id"]: str(r["metadata"]["version"]) for r in _records(self._docs, ["metadatas"])}

    def current_versions_and_sentence_total(self) -> tuple[dict[str, str], int]:
        """Every document's current version, and how many sentences the current versions have.

        A document becomes current only once all its sentences are written, so
        ``sentence_count()`` is above that total exactly when an interrupted write left stale
        sentences: a caller can run the full ``vacuum()`` scan only then (one read of the
        document records instead of a scan of every sentence).
        """
        versions: dict[str, str] = {}
        total = 0
        for r in _records(self._docs, ["metadatas"]):
            versions[r["id"]] = str(r["metadata"]["version"])
            total += int(r["metadata"].get("n_sentences", 0))
        return versions, total

    def sentence_count(self) -> int:
        """How many sentence records are stored (of any version)."""
        return self._sentences.count()

    def sentence_records(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        """The metadata of the stored sentence records of ``doc_id`` (None: of every document), of
        any version: ``{"doc_id", "version", "index", "start", "end"}`` each, and the filter keys
        its document has (``published_ts``, ``published``, ``source_key``), in no set order."""
        if doc_id is None:
            return [r["metadata"] for r in _records(self._sentences, ["metadatas"])]
        return list(self._sentences.get(where={"doc_id": doc_id}, include=["metadatas"])["metadatas"])

    def sentence_vectors(self, sentence_ids: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors (float32) of these sentence ids (``sentence_id``); missing ids are
        left out."""
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(sentence_ids), _BATCH):
            got = self._sentences.get(ids=sentence_ids[i : i + _BATCH], include=["embeddings"])
            for sid, vector in zip(got["ids"], got["embeddings"], strict=True):
                out[sid] = np.asarray(vector, dtype=np.float32)
        return out

    def get(self, doc_ids: list[str]) -> dict[str, StoredDocument]:
        """The current stored documents for these ids (missing ids are left out)."""
        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, StoredDocument] = {}
        for i in range(0, len(ids), _DOCUMENT_PAGE):
            got = self._docs.get(ids=ids[i : i + _DOCUMENT_PAGE], include=["documents", "metadatas"])
            for doc_id, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                out[doc_id] = _doc_from_record(doc_id, text, meta)
        return out

    def documents(self) -> list[StoredDocument]:
        """All stored documents (with text), ordered by id."""
        return sorted(self.iter_documents(), key=lambda d: d.id)

    def iter_documents(self) -> Iterator[StoredDocument]:
        """Every stored document (current version, with text and sentence spans), a page at a time.
        Every document stored throughout the reading is read, whatever else is written meanwhile
        (``_records``)."""
        for r in _records(self._docs, ["documents", "metadatas"], page_size=_DOCUMENT_PAGE):
            yield _doc_from_record(r["id"], r["document"], r["metadata"])

    def count(self) -> int:
        return self._docs.count()

    def query_sentences(self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None) -> list[SentenceHit]:
        """The ``k`` nearest sentences (of any version: callers keep the current ones); with
        ``where`` (a Chroma clause, e.g. ``date_where(...)``), the nearest of those that match.

        Fewer when fewer are stored: Chroma (>= 1.5) returns what it has, so no ``count()`` first
        (that cost 13 ms per call with all of Reuters stored). The hits are read from their ids
        (``sentence_id``), not their metadata: half the time of the query on BBC."""
        res = self._sentences.query(query_embeddings=[vector], n_results=k, where=where or None, include=["distances"])
        return [
            SentenceHit(*split_sentence_id(sid), similarity=1.0 - float(d))
            for sid, d in zip(res["ids"][0], res["distances"][0], strict=True)
        ]

    def query_documents(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` documents whose vector is nearest, as (doc id, cosine similarity); fewer when
        fewer are stored (or match ``where``, a Chroma clause such as ``date_where(...)``)."""
        res = self._docs.query(query_embeddings=[vector], n_results=k, where=where or None, include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def _iter_sentence_meta(self) -> Iterator[tuple[str, dict]]:
        for r in _records(self._sentences, ["metadatas"]):
            yield r["id"], r["metadata"]

    # -- side tables -----------------------------------------------------------------------
    def table(self, name: str, json_fields: Iterable[str] = ()) -> RecordTable:
        """A side collection of small keyed records beside the index (``newsqa_files`` of sync,
        ``newsqa_feeds`` of the feed poller): it lives where the index lives, so it survives
        restarts and is shared by every process using the same Chroma server."""
        with self.guard():
            try:  # a read when it exists: get_or_create writes, and on a full disk Chroma waits for space
                collection = self._client.get_collection(name, embedding_function=None)
            except Exception:
                collection = self._client.get_or_create_collection(name, embedding_function=None)
        return RecordTable(self._marked(collection), json_fields)


class RecordTable:
    """Records by key, each a flat dict of str / int / float / bool values (Chroma metadata);
    the ``json_fields`` hold any JSON value, stored as its JSON text. A ``None`` value is not
    stored (Chroma cannot store it)."""

    def __init__(self, collection, json_fields: Iterable[str] = ()) -> None:
        self._collection = collection
        self._json_fields = frozenset(json_fields)

    def get(self, key: str) -> dict[str, Any] | None:
        """The record stored under ``key``, or None."""
        got = self._collection.get(ids=[key], include=["metadatas"])
        return self._decode(got["metadatas"][0]) if got["ids"] else None

    def all(self) -> dict[str, dict[str, Any]]:
        """Every record by key, in the collection's order (read a page at a time)."""
        return {r["id"]: self._decode(r["metadata"]) for r in _records(self._collection, ["metadatas"])}

    def put(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Write these records, by key. Into a stored record they are merged, as Chroma's upsert
        does: a field they leave out (or set to None) keeps its stored value."""
        keys = list(records)
        for i in range(0, len(keys), _BATCH):
            chunk = keys[i : i + _BATCH]
            self._collection.upsert(
                ids=chunk,
                # Chroma wants a vector per record; these are looked up by key only.
                embeddings=[[1.0]] * len(chunk),
                metadatas=[self._encode(records[k]) for k in chunk],
            )

    def delete(self, keys: list[str]) -> None:
        """Delete the records under these keys (a missing key is no error)."""
        for i in range(0, len(keys), _BATCH):
            self._collection.delete(ids=keys[i : i + _BATCH])

    def _encode(self, record: Mapping[str, Any]) -> dict[str, Any]:
        return {k: json.dumps(v) if k in self._json_fields else v for k, v in record.items() if v is not None}

    def _decode(self, meta: Mapping[str, Any]) -> dict[str, Any]:
        return {k: json.loads(str(v)) if k in self._json_fields else v for k, v in meta.items()}


def _records(
    collection, include: list[str], page_size: int = _BATCH, where: dict[str, Any] | None = None
) -> Iterator[dict]:
    """Every record of a collection (that matches ``where``), in the collection's order:
    {"id", "metadata"?, "document"?, "embedding"?}.

    The ids are listed first, in one call (ids only: 19k document ids are a few hundred KB), then
    the records are fetched by id a page at a time. Pages by offset would skip records: a delete
    between two pages shifts the later records back past the offset, so a record stored
    throughout the reading would be in neither page. By id, a record deleted meanwhile is simply
    absent, and one written meanwhile may or may not be there (as with any read)."""
    ids = collection.get(include=[], where=where)["ids"]
    for start in range(0, len(ids), page_size):
        chunk = ids[start : start + page_size]
        page = collection.get(ids=chunk, include=include)
        at = {rid: n for n, rid in enumerate(page["ids"])}
        for rid in chunk:  # Chroma answers in its own order: keep the listing's
            n = at.get(rid)
            if n is None:  # deleted since it was listed
                continue
            record = {"id": rid}
            if "metadatas" in include:
                record["metadata"] = page["metadatas"][n]
            if "documents" in include:
                record["document"] = page["documents"][n]
            if "embeddings" in include:
                record["embedding"] = page["embeddings"][n]
            yield record


def _filter_metadata(doc: StoredDocument) -> dict[str, Any]:
    """The keys a ``where`` filters on, written on the document and on each of its sentences; a
    key whose value is unknown is left out (Chroma stores no None), so it matches no bound."""
    meta = {
        "published": doc.published,
        "published_ts": int(doc.published_ts) if doc.published_ts is not None else None,
        "source_key": source_key(doc.source) if isinstance(doc.source, str) and doc.source.strip() else None,
    }
    return {k: v for k, v in meta.items() if v is not None}


def _doc_metadata(doc: StoredDocument) -> dict:
    meta = {
        "version": doc.version,
        "title": doc.title,
        "published": doc.published,
        "published_iso": doc.published_iso,
        "published_note": doc.published_note,
        "source": doc.source,
        "url": doc.url,
        "indexed_at": doc.indexed_at,
        "n_sentences": len(doc.sentences),
        "spans": json.dumps([[s.start, s.end, s.paragraph] for s in doc.sentences], separators=(",", ":")),
        **_filter_metadata(doc),
    }
    return {k: v for k, v in meta.items() if v is not None}


def _doc_from_record(doc_id: str, text: str, meta: dict) -> StoredDocument:
    spans = json.loads(meta.get("spans", "[]"))
    return StoredDocument(
        id=doc_id,
        version=str(meta["version"]),
        text=text,
        title=meta.get("title"),
        published=meta.get("published"),
        source=meta.get("source"),
        url=meta.get("url"),
        indexed_at=meta.get("indexed_at"),
        sentences=[SentenceSpan(i, a, b, p) for i, (a, b, p) in enumerate(spans)],
        published_iso=meta.get("published_iso"),
        published_ts=int(meta["published_ts"]) if meta.get("published_ts") is not None else None,
        published_note=meta.get("published_note"),
    )
