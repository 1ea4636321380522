"""The steps of a folder sync one at a time: scan, the pure plan, the plan of each read file, the
dry run's preview and the write order of apply. No Chroma, no model: fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.documents import Document
from index.pipeline import prepare
from index.sync import (
    FileChange,
    FileRecord,
    FileStep,
    ScannedFile,
    SyncReport,
    apply_changes,
    apply_gone,
    plan_file,
    plan_sync,
    preview,
    read_file,
    scan_folder,
)
from tests.files import write

ROOT = "/news"
MAYOR = "The mayor of Springfield is Joe Quimby. He was first elected in 1990."
FERRY = "The ferry to Skye will run twice a day from June, the operator said."


def version(text: str, doc_id: str = "x") -> str:
    return prepare(Document(id=doc_id, text=text)).version


def scanned(rel: str, mtime_ns: int | None = 100, size: int | None = 10) -> ScannedFile:
    return ScannedFile(rel, Path(ROOT) / rel, mtime_ns, size)


def record(rel: str, ids: list[str], versions: list[str], mtime_ns: int = 100, size: int = 10, root: str = ROOT):
    return FileRecord(root, rel, mtime_ns, size, ids, versions)


# -- scan ------------------------------------------------------------------------------------------
def test_scan_lists_article_files_sorted_with_their_stat(tmp_path):
    write(tmp_path, "b.txt", "b")
    write(tmp_path, "a/c.md", "c")
    write(tmp_path, "wire.jsonl", "{}")
    write(tmp_path, ".hidden.txt", "h")
    write(tmp_path, ".git/x.txt", "x")
    write(tmp_path, "photo.jpg", b"\xff")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    files, skipped = scan_folder(tmp_path)
    assert [f.rel for f in files] == ["a/c.md", "b.txt", "dangling.txt", "wire.jsonl"]
    assert files[1].size == 1 and files[1].mtime_ns == (tmp_path / "b.txt").stat().st_mtime_ns
    assert files[2].mtime_ns is None and files[2].size is None  # stat failed: the reader says why
    assert [(s.path, s.reason) for s in skipped] == [("photo.jpg", "unsupported file type '.jpg'")]


# -- plan ------------------------------------------------------------------------------------------
def test_plan_reads_only_what_may_have_changed():
    v = version(MAYOR)
    records = [
        record("same.txt", ["same.txt"], [v]),
        record("touched.txt", ["touched.txt"], [v]),
        record("replaced.txt", ["replaced.txt"], ["0" * 16]),  # its document is at another version now
        record("vanished.txt", ["vanished.txt"], [v], mtime_ns=-1, size=-1),  # an intent record
        record("deleted.txt", ["deleted.txt"], [v]),
        record("a.txt", ["a.txt"], [v], root="/other"),
    ]
    current = {"same.txt": v, "touched.txt": v, "replaced.txt": v, "vanished.txt": v, "deleted.txt": v, "a.txt": v}
    files = [scanned("new.txt"), scanned("replaced.txt"), scanned("same.txt"), scanned("touched.txt", mtime_ns=200),
             scanned("vanished.txt", None, None)]
    plan = plan_sync(ROOT, files, records, current)
    assert [s.file.rel for s in plan.steps] == [f.rel for f in files]
    assert [s.file.rel for s in plan.steps if s.read] == ["new.txt", "replaced.txt", "touched.txt", "vanished.txt"]
    assert [s.file.rel for s in plan.steps if not s.read] == ["same.txt"]
    assert [r.rel for r in plan.gone] == ["deleted.txt"]  # never another folder's files
    assert plan.elsewhere == {"a.txt": "/other"}
    assert plan.steps[0].old is None and plan.steps[2].old is records[0]


def test_plan_of_a_read_file_new_changed_unchanged_and_stale():
    old_version = version(MAYOR, "wire.jsonl#1")
    step = FileStep(scanned("wire.jsonl", 300, 42), record("wire.jsonl", ["wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3"],
                                                          [old_version, "v2", "v3"]), read=True)
    current = {"wire.jsonl#1": old_version, "wire.jsonl#2": "v2", "wire.jsonl#3": "v3"}
    plan = plan_sync(ROOT, [step.file], [step.old], current)
    docs = [Document("wire.jsonl#1", MAYOR), Document("wire.jsonl#2", FERRY), Document("wire.jsonl#4", FERRY + " Again.")]
    change = plan_file(step, docs, plan, current)
    assert change.unchanged == ["wire.jsonl#1"]
    assert [d.id for d in change.changed] == ["wire.jsonl#2", "wire.jsonl#4"]
    assert change.stale == ["wire.jsonl#3"] and change.skipped == []
    assert change.record == FileRecord(ROOT, "wire.jsonl", 300, 42, ["wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#4"],
                                       [old_version] + [d.version for d in change.changed])
    # Before the batch is stored the file owns its old ids and the ids about to be written.
    assert change.intent() == FileRecord(ROOT, "wire.jsonl", -1, -1, ["wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3",
                                                                      "wire.jsonl#4"], [""] * 4)
    report = SyncReport(folder=ROOT, dry_run=True)
    preview(change, current, report)
    assert (report.added, report.updated, report.removed) == (["wire.jsonl#4"], ["wire.jsonl#2"], ["wire.jsonl#3"])


def test_a_record_that_fails_keeps_what_was_stored_and_ids_of_other_folders_are_refused():
    step = FileStep(scanned("wire.jsonl", None, None), record("wire.jsonl", ["wire.jsonl#1"], ["v1"]), read=True)
    current = {"wire.jsonl#1": "v1", "wire.jsonl#2": "v2"}
    other = record("elsewhere", ["wire.jsonl#2"], ["v2"], root="/other")
    plan = plan_sync(ROOT, [step.file], [step.old, other], current)
    docs = [Document("wire.jsonl#1", "   "), Document("wire.jsonl#2", FERRY), Document("wire.jsonl#3", MAYOR)]
    change = plan_file(step, docs, plan, current)
    assert [(s.path, s.reason) for s in change.skipped] == [
        ("wire.jsonl#1", "no article text left after removing page furniture"),
        ("wire.jsonl#2", "the id is already synced from /other"),
    ]
    assert change.stale == []  # the failed record is kept at its stored version
    assert change.record.ids == ["wire.jsonl#3", "wire.jsonl#1"] and change.record.versions[1] == "v1"
    assert (change.record.mtime_ns, change.record.size) == (-1, -1)  # stat failed: checked again next time
    nothing = plan_file(step, [Document("wire.jsonl#1", "")], plan, current)
    assert nothing.record is None and nothing.intent() is None and len(nothing.skipped) == 1


def test_an_unchanged_read_file_writes_nothing():
    v = version(MAYOR, "a.txt")
    step = FileStep(scanned("a.txt", 500), record("a.txt", ["a.txt"], [v]), read=True)
    change = plan_file(step, [Document("a.txt", MAYOR)], plan_sync(ROOT, [step.file], [step.old], {"a.txt": v}), {"a.txt": v})
    assert change.unchanged == ["a.txt"] and not change.changed and not change.stale
    assert change.intent() is None and change.record.mtime_ns == 500


def test_read_file_reports_a_bad_file_by_its_relative_path(tmp_path):
    write(tmp_path, "empty.txt", "")
    docs, problem = read_file(ScannedFile("empty.txt", tmp_path / "empty.txt"), 1000)
    assert docs == [] and problem.path == "empty.txt" and problem.reason.startswith("the file is empty")
    write(tmp_path, "ok.md", MAYOR)
    docs, problem = read_file(ScannedFile("ok.md", tmp_path / "ok.md"), 1000)
    assert problem is None and [d.id for d in docs] == ["ok.md"]


# -- apply -----------------------------------------------------------------------------------------
class Log:
    """Fake store, file table and embedder that log every write, in order."""

    def __init__(self, stored: set[str]) -> None:
        self.calls: list[tuple] = []
        self.stored = stored

    # FileRecords
    def put(self, records):
        self.calls.append(("records", [(r.rel, r.mtime_ns) for r in records]))

    def delete(self, records):
        self.calls.append(("forget", [r.rel for r in records]))

    # SentenceStore
    def put_many(self, items, replacing=None):
        self.calls.append(("put_many", [d.id for d, _ in items]))

    def remove_many(self, doc_ids):
        self.calls.append(("remove", list(doc_ids)))
        return [i for i in doc_ids if i in self.stored]

    # Embedder
    def encode(self, texts):
        return np.zeros((len(texts), 4), np.float32)


def test_apply_writes_intents_then_documents_then_removals_then_records():
    step = FileStep(scanned("w.jsonl", 7), record("w.jsonl", ["w.jsonl#1", "w.jsonl#2"], ["old", "v2"]), read=True)
    current = {"w.jsonl#1": "old", "w.jsonl#2": "v2"}
    plan = plan_sync(ROOT, [step.file], [step.old], current)
    change = plan_file(step, [Document("w.jsonl#1", MAYOR), Document("w.jsonl#3", FERRY)], plan, current)
    untouched = FileChange(None, record=record("u.txt", ["u.txt"], ["vu"]), unchanged=["u.txt"])
    log = Log(stored={"w.jsonl#2"})
    notes: list[tuple[str, str]] = []
    apply_changes(log, log, log, [change, untouched], current, lambda action, i: notes.append((action, i)))
    assert log.calls == [
        ("records", [("w.jsonl", -1)]),  # the intent, for the file that writes only
        ("put_many", ["w.jsonl#1", "w.jsonl#3"]),
        ("remove", ["w.jsonl#2"]),
        ("records", [("w.jsonl", 7), ("u.txt", 100)]),
    ]
    assert notes == [("updated", "w.jsonl#1"), ("added", "w.jsonl#3"), ("removed", "w.jsonl#2")]
    assert current == {"w.jsonl#1": change.changed[0].version, "w.jsonl#3": change.changed[1].version}

    log.calls.clear()
    apply_changes(log, log, log, [untouched], current, lambda *_: None)
    assert log.calls == [("records", []), ("records", [("u.txt", 100)])]  # nothing to embed or store

    log.calls.clear()
    gone = [record("gone.txt", ["gone.txt", "never-stored"], ["v", "v"]), record("b.txt", ["b.txt"], ["v"])]
    log.stored.add("b.txt")
    apply_gone(log, log, gone, lambda *a: notes.append(a))  # one removal for all, then the records
    assert log.calls == [("remove", ["gone.txt", "never-stored", "b.txt"]), ("forget", ["gone.txt", "b.txt"])]
