"""Keeping the index in sync with a folder: new files are added, changed ones replaced whole,
deleted ones removed; unchanged ones cost a ``stat`` and nothing else.

Identity: a document's id is its file's path relative to the synced folder (POSIX slashes);
a record inside a multi-article file (.jsonl, .rss, ...) is ``<path>#<record key>``.
Version: the hash of the cleaned text (``index.pipeline.prepare``).

What sync knows about each file lives in the store of record, in a small Chroma collection
(``newsqa_files``, one record per file: folder, relative path, mtime, size, the ids and versions
it produced). That is the fast path: a file whose mtime and size match, and whose documents are
still current at the recorded versions, is not even read. A touched file is read and hashed but,
its version being unchanged, not embedded.

Crash safety, in the order sync writes:
1. ``vacuum()`` first, when there is anything to vacuum: sentences of non-current versions left
   by an earlier crash go.
2. Before a batch is stored, each changed file's record is rewritten as an *intent* (mtime -1,
   ids = old ids + new ids), so ids written next are always owned by the folder, even if the
   process dies before step 4 and the file is deleted before the next sync.
3. The documents of a batch are stored by ``SentenceStore.put_many`` (write new sentences, switch, delete old).
4. The file's record is rewritten with its real mtime, size, ids and versions.
Deleted files: their documents are removed first, then their record. A crash at any point
leaves each document at its old or its new version; the next sync converges.

Bad input never stops a sync: every file that cannot be read or holds no article is reported
in ``SyncReport.skipped`` with the reason, and whatever was stored for it before is kept.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from index.documents import Document, StoredDocument
from index.embed import Embedder
from index.formats import MULTI_DOCUMENT_SUFFIXES, SINGLE_DOCUMENT_SUFFIXES, load_documents
from index.load import TEXT_SUFFIXES, LoadError, SkippedFile, decode_text, read_article_bytes
from index.pipeline import embed_sentences, prepare
from index.store import SentenceStore

FILES = "newsqa_files"
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | SINGLE_DOCUMENT_SUFFIXES | MULTI_DOCUMENT_SUFFIXES
_PAGE = 2000
_UNVERIFIED = -1  # mtime of an intent record: never matches a real file, so it is re-checked


@dataclass
class SyncReport:
    """What a sync did (or, with ``dry_run``, would do), by document id."""

    folder: str
    dry_run: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    files: int = 0  # article files seen in the folder
    vacuumed: int = 0  # stale sentences deleted at the start (left by an interrupted run)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """True when the index was (or would be) written."""
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """``12 added, 3 updated, 1 removed, 40 unchanged, 2 skipped`` (prefixed for a dry run)."""
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped"
        )
        return f"dry run: would do {text}" if self.dry_run else text

    def to_dict(self) -> dict:
        d = asdict(self)
        d["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        return d


@dataclass
class FileRecord:
    """What the last sync stored for one file."""

    root: str
    rel: str
    mtime_ns: int
    size: int
    ids: list[str]
    versions: list[str]

    @property
    def key(self) -> str:
        return self.root.rstrip("/") + "/" + self.rel


class FileRecords:
    """The ``newsqa_files`` collection: one record per synced file (in Chroma, beside the index,
    so it survives restarts and is shared by every process using the same Chroma server)."""

    def __init__(self, store: SentenceStore) -> None:
        # Chroma wants a vector per record; these records are looked up by id and metadata only.
        self.collection = store._client.get_or_create_collection(FILES, embedding_function=None)

    def all(self) -> list[FileRecord]:
        out: list[FileRecord] = []
        offset = 0
        while True:
            page = self.collection.get(include=["metadatas"], limit=_PAGE, offset=offset)
            for meta in page["metadatas"]:
                out.append(
                    FileRecord(
                        root=str(meta["root"]), rel=str(meta["rel"]), mtime_ns=int(meta["mtime_ns"]),
                        size=int(meta["size"]), ids=json.loads(str(meta["ids"])),
                        versions=json.loads(str(meta["versions"])),
                    )
                )
            if len(page["ids"]) < _PAGE:
                return out
            offset += _PAGE

    def put(self, records: list[FileRecord]) -> None:
        for i in range(0, len(records), _PAGE):
            chunk = records[i : i + _PAGE]
            self.collection.upsert(
                ids=[r.key for r in chunk],
                embeddings=[[1.0]] * len(chunk),
                metadatas=[
                    {"root": r.root, "rel": r.rel, "mtime_ns": r.mtime_ns, "size": r.size,
                     "ids": json.dumps(r.ids), "versions": json.dumps(r.versions)}
                    for r in chunk
                ],
            )

    def delete(self, records: list[FileRecord]) -> None:
        for i in range(0, len(records), _PAGE):
            self.collection.delete(ids=[r.key for r in records[i : i + _PAGE]])


def scan_folder(root: Path) -> tuple[list[tuple[str, Path]], list[SkippedFile]]:
    """Article files below ``root`` as (relative POSIX path, path), sorted; hidden files and
    folders are left out, symlinked folders are not followed. Unsupported files are reported."""
    found: list[tuple[str, Path]] = []
    skipped: list[SkippedFile] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append(SkippedFile(rel, f"unsupported file type {path.suffix or '(none)'!r}"))
                continue
            found.append((rel, path))
    found.sort()
    return found, skipped


def load_file_documents(path: Path, doc_id: str, max_bytes: int) -> list[Document]:
    """Every document in one article file, with ids based on ``doc_id`` (``LoadError`` if none)."""
    data = read_article_bytes(path, max_bytes, name=doc_id)
    if path.suffix.lower() in TEXT_SUFFIXES:
        return [Document(id=doc_id, text=decode_text(data, doc_id))]
    return load_documents(path, doc_id, data)


def _current_versions_and_sentence_total(store: SentenceStore) -> tuple[dict[str, str], int]:
    """Every document's current version, and how many sentences the current versions have.

    A document becomes current only once all its sentences are written, so the sentences
    collection holds more than that total exactly when an interrupted write left stale ones:
    the full ``vacuum()`` scan runs only then, which keeps a no-change sync cheap.
    """
    versions: dict[str, str] = {}
    total = 0
    offset = 0
    while True:
        page = store.docs.get(include=["metadatas"], limit=_PAGE, offset=offset)
        for doc_id, meta in zip(page["ids"], page["metadatas"], strict=True):
            versions[doc_id] = str(meta["version"])
            total += int(meta.get("n_sentences", 0))
        if len(page["ids"]) < _PAGE:
            return versions, total
        offset += _PAGE


@dataclass
class _Pending:
    record: FileRecord
    prepared: list[StoredDocument]
    changed: list[StoredDocument]
    stale: list[str]  # ids this file produced before and no longer does
    old: FileRecord | None


def sync_folder(
    store: SentenceStore,
    embedder: Embedder,
    folder: str | Path,
    *,
    max_bytes: int,
    dry_run: bool = False,
    batch_docs: int = 64,
    progress: Callable[[int], None] | None = None,
    on_change: Callable[[str, str], None] | None = None,
    on_total: Callable[[int], None] | None = None,
) -> SyncReport:
    """Make the index hold exactly the articles of ``folder`` (see the module docstring).

    ``progress(n)`` is called as files are done; ``on_total(n)`` once the folder is scanned;
    ``on_change(action, doc_id)`` after each document is added, updated or removed.
    Documents not added by syncing this folder are never touched.
    """
    with store.guard():  # a full disk or a read-only store stops the sync with a clear StoreError
        return _sync_folder(store, embedder, folder, max_bytes=max_bytes, dry_run=dry_run, batch_docs=batch_docs,
                            progress=progress, on_change=on_change, on_total=on_total)


def _sync_folder(
    store: SentenceStore,
    embedder: Embedder,
    folder: str | Path,
    *,
    max_bytes: int,
    dry_run: bool,
    batch_docs: int,
    progress: Callable[[int], None] | None,
    on_change: Callable[[str, str], None] | None,
    on_total: Callable[[int], None] | None,
) -> SyncReport:
    t0 = time.perf_counter()
    root_path = Path(folder).expanduser()
    if not root_path.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    root = str(root_path.resolve())
    report = SyncReport(folder=root, dry_run=dry_run)
    records = FileRecords(store)
    every = records.all()
    mine = {r.rel: r for r in every if r.root == root}
    elsewhere = {doc_id: r.root for r in every if r.root != root for doc_id in r.ids}
    current, complete = _current_versions_and_sentence_total(store)
    if not dry_run and store.sentences.count() > complete:
        report.vacuumed = store.vacuum()
    files, unsupported = scan_folder(Path(root))
    report.skipped += unsupported
    report.files = len(files)
    present = {rel for rel, _ in files}
    gone = [r for rel, r in mine.items() if rel not in present]
    if on_total:
        on_total(len(files) + len(gone))

    pending: list[_Pending] = []

    def note(action: str, doc_id: str) -> None:
        getattr(report, action).append(doc_id)
        if on_change and not dry_run:
            on_change(action, doc_id)

    def flush() -> None:
        if not pending:
            return
        if dry_run:
            for p in pending:
                for d in p.changed:
                    note("updated" if d.id in current else "added", d.id)
                report.removed.extend(i for i in p.stale if i in current)
            pending.clear()
            return
        intents = []
        for p in pending:
            if p.changed or p.stale:
                owned = list(dict.fromkeys((p.old.ids if p.old else []) + [d.id for d in p.changed]))
                intents.append(FileRecord(p.record.root, p.record.rel, _UNVERIFIED, -1, owned, [""] * len(owned)))
        records.put(intents)
        changed = [d for p in pending for d in p.changed]
        store.put_many(list(zip(changed, embed_sentences(embedder, changed), strict=True)), replacing=current)
        for p in pending:
            for d in p.changed:
                note("updated" if d.id in current else "added", d.id)
                current[d.id] = d.version
            for doc_id in p.stale:
                if store.remove(doc_id):
                    note("removed", doc_id)
                current.pop(doc_id, None)
        records.put([p.record for p in pending])
        pending.clear()

    for rel, path in files:
        old = mine.get(rel)
        try:
            st = path.stat()
        except OSError:
            st = None  # a broken link or a file that vanished: reported by the loader below
        if (
            st is not None and old is not None and old.mtime_ns == st.st_mtime_ns and old.size == st.st_size
            and all(current.get(i) == v for i, v in zip(old.ids, old.versions, strict=True))
        ):
            report.unchanged.extend(old.ids)
            if progress:
                progress(1)
            continue
        try:
            docs = load_file_documents(path, rel, max_bytes)
        except LoadError as exc:
            report.skipped.append(SkippedFile(rel, str(exc).removeprefix(f"{rel}: ")))
            if progress:
                progress(1)
            continue
        except Exception as exc:  # a parser failing in a way we did not foresee: still one bad file
            report.skipped.append(SkippedFile(rel, f"cannot be read ({type(exc).__name__}: {exc})"))
            if progress:
                progress(1)
            continue
        prepared: list[StoredDocument] = []
        kept_old: list[str] = []  # records that fail now keep what was stored for them
        for doc in docs:
            if doc.id in elsewhere:
                report.skipped.append(SkippedFile(doc.id, f"the id is already synced from {elsewhere[doc.id]}"))
                continue
            try:
                prepared.append(prepare(doc))
            except ValueError as exc:
                report.skipped.append(SkippedFile(doc.id, str(exc).removeprefix(f"{doc.id}: ")))
                if doc.id in current and old and doc.id in old.ids:
                    kept_old.append(doc.id)
        if not prepared:
            if progress:
                progress(1)
            continue  # nothing usable: the file's stored documents (if any) stay as they were
        new_ids = {d.id for d in prepared}
        changed = [d for d in prepared if current.get(d.id) != d.version]
        report.unchanged.extend(d.id for d in prepared if current.get(d.id) == d.version)
        stale = [i for i in (old.ids if old else []) if i not in new_ids and i not in kept_old]
        ids = [d.id for d in prepared] + kept_old
        versions = [d.version for d in prepared] + [current[i] for i in kept_old]
        rec = FileRecord(root, rel, st.st_mtime_ns if st else _UNVERIFIED, st.st_size if st else -1, ids, versions)
        pending.append(_Pending(rec, prepared, changed, stale, old))
        if sum(len(p.changed) for p in pending) >= batch_docs or len(pending) >= 4 * batch_docs:
            flush()
        if progress:
            progress(1)
    flush()

    for r in gone:
        for doc_id in r.ids:
            if dry_run:
                if doc_id in current:
                    report.removed.append(doc_id)
            elif store.remove(doc_id):
                note("removed", doc_id)
        if not dry_run:
            records.delete([r])
        if progress:
            progress(1)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report
