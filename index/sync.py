"""Keeping the index in sync with a folder: new files are added, changed ones replaced whole,
deleted ones removed; unchanged ones cost a ``stat`` and nothing else.

Identity: a document's id is its file's path relative to the synced folder (POSIX slashes);
a record inside a multi-article file (.jsonl, .rss, ...) is ``<path>#<record key>``.
Version: the hash of the cleaned text (``index.pipeline.prepare``).

What sync knows about each file lives in the store of record, in its ``newsqa_files`` table
(``SentenceStore.table``; one record per file: folder, relative path, mtime, size, the ids and
versions it produced). That is the fast path: a file whose mtime and size match, and whose
documents are still current at the recorded versions, is not even read. A touched file is read
and hashed but, its version being unchanged, not embedded.

A sync runs in named steps; only the last one writes:
1. scan (``scan_folder``): the article files below the folder, with their mtime and size.
2. plan (``plan_sync``, pure): against the file records and the current versions, which files
   are unchanged (not read), which must be read, which are gone.
3. read each file to read (``read_documents``) and plan what it changes (``plan_file``, pure):
   its documents that are new or at a new version, those unchanged, the ids it no longer
   produces (stale), what is skipped and why.
4. apply (``apply_changes``, a batch of read files at a time, then ``apply_gone``).
A dry run stops before step 4: ``preview`` reports what step 4 would do.

Crash safety, in the order sync writes:
1. ``vacuum()`` first, when there is anything to vacuum: sentences of non-current versions left
   by an earlier crash go.
2. Before a batch is stored, each changed file's record is rewritten as an *intent* (mtime -1,
   ids = old ids + new ids; ``FileChange.intent``), so ids written next are always owned by the
   folder, even if the process dies before step 4 and the file is deleted before the next sync.
3. The documents of a batch are stored by ``SentenceStore.put_many`` (write new sentences,
   switch, delete old); then the batch's stale ids are removed.
4. The file's record is rewritten with its real mtime, size, ids and versions.
5. The copy signatures and groups follow (``index.copies.record_copies``): a signature of a version
   that is not current never counts, so a crash before them loses nothing; the next write signs
   the documents that have none.
Deleted files: their documents are removed first, then their record. A crash at any point
leaves each document at its old or its new version; the next sync converges.

Bad input never stops a sync: every file that cannot be read or holds no article is reported
in ``SyncReport.skipped`` with the reason, and whatever was stored for it before is kept.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from index.copies import record_copies
from index.documents import Document, StoredDocument
from index.embed import Embedder
from index.errors import BadInput, LoadError, NotFound
from index.load import is_supported, read_documents
from index.pipeline import embed_sentences, prepare
from index.report import ChangeReport, DocumentNote, SkippedFile
from index.store import SentenceStore

FILES = "newsqa_files"
_UNVERIFIED = -1  # mtime of an intent record: never matches a real file, so it is re-checked

Note = Callable[[str, str], None]  # (action: "added" / "updated" / "removed", doc id)


@dataclass
class SyncReport(ChangeReport):
    """What a sync did (or, with ``dry_run``, would do), by document id."""

    folder: str
    dry_run: bool = False
    removed: list[str] = field(default_factory=list)
    files: int = 0  # article files seen in the folder
    vacuumed: int = 0  # stale sentences deleted at the start (left by an interrupted run)
    seconds: float = 0.0

    COUNTS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("added", "added"), ("updated", "updated"), ("removed", "removed"), ("unchanged", "unchanged"),
        ("skipped", "skipped"),
    )

    @property
    def changed(self) -> bool:
        """True when the index was (or would be) written."""
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """``12 added, 3 updated, 1 removed, 40 unchanged, 2 skipped`` (prefixed for a dry run)."""
        text = self.counts()
        return f"dry run: would do {text}" if self.dry_run else text


# -- what the last sync stored for each file ---------------------------------------------------
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
    """The ``newsqa_files`` table: one record per synced file."""

    def __init__(self, store: SentenceStore) -> None:
        self.table = store.table(FILES, json_fields=("ids", "versions"))

    def all(self) -> list[FileRecord]:
        """Every file record, of every synced folder."""
        return [
            FileRecord(
                root=str(r["root"]), rel=str(r["rel"]), mtime_ns=int(r["mtime_ns"]), size=int(r["size"]),
                ids=r["ids"], versions=r["versions"],
            )
            for r in self.table.all().values()
        ]

    def put(self, records: list[FileRecord]) -> None:
        """Write these records (each replaces its file's earlier one)."""
        self.table.put({
            r.key: {"root": r.root, "rel": r.rel, "mtime_ns": r.mtime_ns, "size": r.size, "ids": r.ids,
                    "versions": r.versions}
            for r in records
        })

    def delete(self, records: list[FileRecord]) -> None:
        """Forget these files."""
        self.table.delete([r.key for r in records])


# -- 1. scan -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScannedFile:
    """An article file found below the synced folder."""

    rel: str  # its path relative to the folder, POSIX slashes: the id of its document(s)
    path: Path
    mtime_ns: int | None = None  # None: ``stat`` failed (a broken link, a file that vanished)
    size: int | None = None


def scan_folder(root: Path) -> tuple[list[ScannedFile], list[SkippedFile]]:
    """Article files below ``root``, sorted by relative path, with their mtime and size; hidden
    files and folders are left out, symlinked folders are not followed. Unsupported files are
    reported."""
    found: list[ScannedFile] = []
    skipped: list[SkippedFile] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if not is_supported(path):
                skipped.append(SkippedFile(rel, f"unsupported file type {path.suffix or '(none)'!r}"))
                continue
            try:
                st = path.stat()
            except OSError:  # reported by the loader, which says why
                found.append(ScannedFile(rel, path))
            else:
                found.append(ScannedFile(rel, path, st.st_mtime_ns, st.st_size))
    found.sort(key=lambda f: f.rel)
    return found, skipped


# -- 2. plan -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FileStep:
    """One scanned file in the plan, with the record the last sync left for it."""

    file: ScannedFile
    old: FileRecord | None
    read: bool  # False: unchanged since the last sync, so not even read


@dataclass
class SyncPlan:
    """What a sync of one folder must do, decided before anything is read or written."""

    root: str
    steps: list[FileStep]  # every scanned file, in path order
    gone: list[FileRecord]  # files synced before and deleted since
    elsewhere: dict[str, str]  # doc id -> the other synced folder that owns it


def plan_sync(root: str, files: list[ScannedFile], records: list[FileRecord], current: dict[str, str]) -> SyncPlan:
    """Diff the scanned folder against the file records (of every synced folder) and the current
    versions (pure: nothing is read or written)."""
    mine = {r.rel: r for r in records if r.root == root}
    elsewhere = {doc_id: r.root for r in records if r.root != root for doc_id in r.ids}
    steps = [FileStep(f, mine.get(f.rel), not _unchanged(f, mine.get(f.rel), current)) for f in files]
    present = {f.rel for f in files}
    gone = [r for rel, r in mine.items() if rel not in present]
    return SyncPlan(root, steps, gone, elsewhere)


def _unchanged(file: ScannedFile, old: FileRecord | None, current: dict[str, str]) -> bool:
    """Same mtime and size as last time, and every document still current at its recorded version."""
    return (
        old is not None and file.mtime_ns is not None and old.mtime_ns == file.mtime_ns and old.size == file.size
        and all(current.get(i) == v for i, v in zip(old.ids, old.versions, strict=True))
    )


# -- 3. read, and plan each read file ------------------------------------------------------------
def read_file(file: ScannedFile, max_bytes: int) -> tuple[list[Document], SkippedFile | None]:
    """The documents of one file, or why it gives none (a bad file never stops a sync)."""
    try:
        return read_documents(file.path, file.rel, max_bytes), None
    except LoadError as exc:
        return [], SkippedFile(file.rel, str(exc).removeprefix(f"{file.rel}: "))
    except Exception as exc:  # a parser failing in a way we did not foresee: still one bad file
        return [], SkippedFile(file.rel, f"cannot be read ({type(exc).__name__}: {exc})")


@dataclass
class FileChange:
    """What one read file changes in the index (``plan_file``)."""

    old: FileRecord | None
    record: FileRecord | None = None  # None: no usable document; what is stored for it stays
    changed: list[StoredDocument] = field(default_factory=list)  # new, or at a new version
    unchanged: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # ids it produced before and no longer does
    skipped: list[SkippedFile] = field(default_factory=list)
    notes: list[DocumentNote] = field(default_factory=list)  # documents stored without a readable date

    def intent(self) -> FileRecord | None:
        """The record written before the batch is stored (see the module docstring), or None when
        the file writes nothing: it owns its old ids and the ids about to be written."""
        if self.record is None or not (self.changed or self.stale):
            return None
        owned = list(dict.fromkeys((self.old.ids if self.old else []) + [d.id for d in self.changed]))
        return FileRecord(self.record.root, self.record.rel, _UNVERIFIED, -1, owned, [""] * len(owned))


def plan_file(step: FileStep, docs: list[Document], plan: SyncPlan, current: dict[str, str]) -> FileChange:
    """Compare a read file's documents with the current versions (pure: cleaning and splitting
    only). A record that cannot be prepared is skipped and keeps what was stored for it."""
    old = step.old
    change = FileChange(old)
    prepared: list[StoredDocument] = []
    kept_old: list[str] = []
    for doc in docs:
        if doc.id in plan.elsewhere:
            change.skipped.append(SkippedFile(doc.id, f"the id is already synced from {plan.elsewhere[doc.id]}"))
            continue
        try:
            prepared.append(prepare(doc))
        except BadInput as exc:
            change.skipped.append(SkippedFile(doc.id, str(exc).removeprefix(f"{doc.id}: ")))
            if doc.id in current and old and doc.id in old.ids:
                kept_old.append(doc.id)
    change.notes = [DocumentNote(d.id, d.published_note) for d in prepared if d.published_note]
    if not prepared:
        return change
    new_ids = {d.id for d in prepared}
    change.changed = [d for d in prepared if current.get(d.id) != d.version]
    change.unchanged = [d.id for d in prepared if current.get(d.id) == d.version]
    change.stale = [i for i in (old.ids if old else []) if i not in new_ids and i not in kept_old]
    f = step.file
    change.record = FileRecord(
        plan.root, f.rel,
        f.mtime_ns if f.mtime_ns is not None else _UNVERIFIED, f.size if f.size is not None else -1,
        [d.id for d in prepared] + kept_old, [d.version for d in prepared] + [current[i] for i in kept_old],
    )
    return change


def preview(change: FileChange, current: dict[str, str], report: SyncReport) -> None:
    """A dry run's account of one read file: what ``apply_changes`` would add, update and remove."""
    for d in change.changed:
        (report.updated if d.id in current else report.added).append(d.id)
    report.removed.extend(i for i in change.stale if i in current)


# -- 4. apply ------------------------------------------------------------------------------------
def apply_changes(
    store: SentenceStore, embedder: Embedder, files: FileRecords, changes: list[FileChange],
    current: dict[str, str], note: Note,
) -> None:
    """Write a batch of read files in the crash-safe order: intent records, then the documents
    (``put_many``), then the removal of stale ids, then the real records. ``current`` is kept up
    to date; ``note`` hears of every document added, updated or removed."""
    files.put([intent for c in changes if (intent := c.intent()) is not None])
    docs = [d for c in changes for d in c.changed]
    if docs:
        store.put_many(list(zip(docs, embed_sentences(embedder, docs), strict=True)), replacing=current)
    for c in changes:
        for d in c.changed:
            note("updated" if d.id in current else "added", d.id)
            current[d.id] = d.version
    stale = [doc_id for c in changes for doc_id in c.stale]
    for doc_id in store.remove_many(stale) if stale else ():
        note("removed", doc_id)
    for doc_id in stale:
        current.pop(doc_id, None)
    files.put([c.record for c in changes if c.record is not None])


def apply_gone(store: SentenceStore, files: FileRecords, records: list[FileRecord], note: Note) -> None:
    """Remove deleted files' documents (in one write), then their records."""
    for doc_id in store.remove_many([doc_id for r in records for doc_id in r.ids]):
        note("removed", doc_id)
    files.delete(records)


# -- the whole sync ------------------------------------------------------------------------------
def sync_folder(
    store: SentenceStore,
    embedder: Embedder,
    folder: str | Path,
    *,
    max_bytes: int,
    dry_run: bool = False,
    batch_docs: int = 64,
    progress: Callable[[int], None] | None = None,
    on_change: Note | None = None,
    on_total: Callable[[int], None] | None = None,
) -> SyncReport:
    """Make the index hold exactly the articles of ``folder`` (see the module docstring).

    ``progress(n)`` is called as files are done; ``on_total(n)`` once the folder is scanned;
    ``on_change(action, doc_id)`` after each document is added, updated or removed.
    Documents not added by syncing this folder are never touched.
    """
    t0 = time.perf_counter()
    with store.guard():  # a full disk or a read-only store stops the sync with a clear StoreError
        root = Path(folder).expanduser()
        if not root.is_dir():
            raise NotFound(f"{folder}: no such folder", param="folder")
        report = SyncReport(folder=str(root.resolve()), dry_run=dry_run)
        run = _FolderSync(store, embedder, report, max_bytes=max_bytes, batch_docs=batch_docs, progress=progress,
                          on_change=on_change)
        run.run(on_total)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


class _FolderSync:
    """One run of ``sync_folder``, filling in its ``report``: the steps in order, the read files
    written a batch at a time."""

    def __init__(
        self, store: SentenceStore, embedder: Embedder, report: SyncReport, *, max_bytes: int, batch_docs: int,
        progress: Callable[[int], None] | None, on_change: Note | None,
    ) -> None:
        self.store, self.embedder, self.report = store, embedder, report
        self.dry_run = report.dry_run
        self.max_bytes, self.batch_docs = max_bytes, batch_docs
        self.progress, self.on_change = progress, on_change
        self.files = FileRecords(store)
        self.current: dict[str, str] = {}
        self.pending: list[FileChange] = []

    def run(self, on_total: Callable[[int], None] | None) -> None:
        report = self.report
        records = self.files.all()
        self.current, complete = self.store.current_versions_and_sentence_total()
        if not self.dry_run and self.store.sentence_count() > complete:
            report.vacuumed = self.store.vacuum()
        scanned, unsupported = scan_folder(Path(report.folder))
        report.skipped += unsupported
        report.files = len(scanned)
        plan = plan_sync(report.folder, scanned, records, self.current)
        if on_total:
            on_total(len(scanned) + len(plan.gone))
        for step in plan.steps:
            self._visit(step, plan)
            self._tick()
        self._flush()
        for k in range(0, len(plan.gone), self.batch_docs):  # deleted files, a batch at a time
            records = plan.gone[k : k + self.batch_docs]
            if self.dry_run:
                report.removed.extend(i for r in records for i in r.ids if i in self.current)
            else:
                apply_gone(self.store, self.files, records, self._note)
                record_copies(self.store, removed=[i for r in records for i in r.ids])
            for _ in records:
                self._tick()

    def _visit(self, step: FileStep, plan: SyncPlan) -> None:
        """Read one file of the plan (unless unchanged) and queue, or for a dry run preview, its change."""
        report = self.report
        if not step.read:
            report.unchanged.extend(step.old.ids if step.old else [])
            return
        docs, problem = read_file(step.file, self.max_bytes)
        if problem is not None:
            report.skipped.append(problem)
            return
        change = plan_file(step, docs, plan, self.current)
        report.skipped += change.skipped
        report.notes += change.notes
        if change.record is None:
            return  # nothing usable: the file's stored documents (if any) stay as they were
        report.unchanged += change.unchanged
        if self.dry_run:
            preview(change, self.current, report)
            return
        self.pending.append(change)
        if sum(len(c.changed) for c in self.pending) >= self.batch_docs or len(self.pending) >= 4 * self.batch_docs:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            apply_changes(self.store, self.embedder, self.files, self.pending, self.current, self._note)
            record_copies(  # the copy signatures and groups follow (index.copies)
                self.store, [d for c in self.pending for d in c.changed], removed=[i for c in self.pending for i in c.stale]
            )
            self.pending = []

    def _note(self, action: str, doc_id: str) -> None:
        getattr(self.report, action).append(doc_id)
        if self.on_change:
            self.on_change(action, doc_id)

    def _tick(self) -> None:
        if self.progress:
            self.progress(1)
