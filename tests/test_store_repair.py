"""A vector index file left empty by a process killed while Chroma wrote it (seen in the SIGKILL
test: `index_metadata.pickle` of 0 bytes) made every read of its collection fail. The store now
rebuilds that index from the collection's records when it is opened (`SentenceStore`'s repair).

Real Chroma, a real sync; the file is cut to nothing as the kill left it, and the store is then
opened in a fresh interpreter (one that never loaded the index before it broke)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from qa import Assistant
from tests.conftest import ROOT
from tests.files import write

CHECK = r"""
import json, sys
from qa import Assistant
a = Assistant(sys.argv[1])
docs = {d.id: [d.version, len(d.sentences)] for d in a.documents()}
ans = a.ask("Which town held its annual fair on day 3?")
report = a.sync(sys.argv[2]) if sys.argv[3] == "sync" else None
print(json.dumps({"docs": docs, "sentences": a.store.sentence_count(),
                  "answer": ans.answer, "cited": ans.citations[0].doc_id if ans.citations else None,
                  "valid": all(a.store.get([c.doc_id])[c.doc_id].text[c.start:c.end] == c.sentence for c in ans.citations),
                  "changed": None if report is None else [len(report.added), len(report.updated), len(report.removed)]}))
"""

SIDE = r"""
import sys
from qa import Assistant
t = Assistant(sys.argv[1]).store.table("newsqa_side").all()
print(len(t), t["k599"]["n"])
"""


def story(i: int) -> str:
    return (f"Lake{i} fair. The town of Lake{i} held its annual fair on day {i}, with {i * 10 + 7} stalls. "
            f"Organisers said the fair drew visitors from across the county of Shire{i}.")


def index_folder(store, collection: str):
    con = sqlite3.connect(str(store / "chroma.sqlite3"))
    try:
        (seg,) = con.execute("SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id "
                             "WHERE s.scope = 'VECTOR' AND c.name = ?", (collection,)).fetchone()
    finally:
        con.close()
    return store / seg


# the documents' and sentences' indexes are written after every write (``_persist_every_write``); a
# side table's every 1,000 records (Chroma's default): 1,200 records make it write one
@pytest.mark.parametrize("collection", ["newsqa_documents", "newsqa_sentences", "newsqa_side"])
def test_a_vector_index_left_empty_by_a_kill_is_rebuilt_on_open(tmp_path, collection):
    folder, store = tmp_path / "news", tmp_path / "store"
    for i in range(8):
        write(folder, f"s{i:02d}.txt", story(i))
    a = Assistant(store)
    a.sync(folder)
    a.store.table("newsqa_side").put({f"k{i}": {"n": i} for i in range(1200)})
    before = {d.id: [d.version, len(d.sentences)] for d in a.documents()}
    sentences = a.store.sentence_count()
    pickle = index_folder(store, collection) / "index_metadata.pickle"
    assert pickle.stat().st_size > 0
    pickle.write_bytes(b"")  # as a SIGKILL mid-write left it

    out = subprocess.run([sys.executable, "-c", CHECK, str(store), str(folder), "sync"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "rebuilding it" in out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["docs"] == before and got["sentences"] == sentences  # nothing indexed is lost
    assert got["answer"] == "Lake3" and got["cited"] == "s03.txt" and got["valid"]
    assert got["changed"] == [0, 0, 0]  # the sync records are whole: nothing to do again

    # and it stays repaired: opened again, nothing to rebuild
    again = subprocess.run([sys.executable, "-c", CHECK, str(store), str(folder), "-"], cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "rebuilding" not in again.stderr
    assert json.loads(again.stdout.strip().splitlines()[-1])["docs"] == before
    side = subprocess.run([sys.executable, "-c", SIDE, str(store)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert side.returncode == 0, side.stderr[-3000:]
    assert side.stdout.split() == ["1200", "599"]  # every side record, whole


def test_serve_with_workers_repairs_the_store_before_its_local_chroma_server_reads_it(tmp_path):
    """`newsqa serve --workers N` over an embedded store reads it through a local `chroma run`, which
    cannot rebuild an index: the store is opened alone first (`qa.http.repair_store`)."""
    from index.store import SentenceStore
    from qa.config import Settings
    from qa.http import _shared_store

    folder, store = tmp_path / "news", tmp_path / "store"
    for i in range(8):
        write(folder, f"s{i:02d}.txt", story(i))
    Assistant(store).sync(folder)
    (index_folder(store, "newsqa_documents") / "index_metadata.pickle").write_bytes(b"")

    with _shared_store(Settings(store=str(store), cache_dir=str(tmp_path / "cache")), 2) as served:
        through_server = SentenceStore(chroma_url=served.chroma_url)
        assert sorted(d.id for d in through_server.documents()) == [f"s{i:02d}.txt" for i in range(8)]


# -- a write killed while Chroma saved its index files ----------------------------------------
# Chroma saves a vector index file after file before each write returns; a process killed between
# two of them (rare in the SIGKILL test: a CI run met it once) leaves the files of two states. Such an
# index failed reads ("Failed to apply logs to the hnsw segment writer", "Error finding id") or
# aborted the process (an old header.bin). Every write is marked in the store folder while it runs;
# the mark of a killed process makes the next opener rebuild that index.
HOLD_MARK = r"""
import sys, time
from pathlib import Path
from index.store import _writing
with _writing(Path(sys.argv[1]), sys.argv[2]):
    print("writing", flush=True)
    time.sleep(120)
"""


@pytest.mark.parametrize(("collection", "old_files"), [
    ("newsqa_documents", ["header.bin"]),  # aborted the process ("free(): invalid next size")
    ("newsqa_documents", ["index_metadata.pickle"]),  # "Error finding id"
    ("newsqa_sentences", ["data_level0.bin", "header.bin"]),
    ("newsqa_sentences", ["index_metadata.pickle", "link_lists.bin"]),
])
def test_an_index_half_saved_by_a_killed_write_is_rebuilt_on_open(tmp_path, collection, old_files):
    folder, store = tmp_path / "news", tmp_path / "store"
    for i in range(8):
        write(folder, f"s{i:02d}.txt", story(i))
    Assistant(store).sync(folder)
    index = index_folder(store, collection)
    before = {f: (index / f).read_bytes() for f in old_files}
    for i in range(8, 11):
        write(folder, f"s{i:02d}.txt", story(i))
    a = Assistant(store)
    a.sync(folder)
    expected = {d.id: [d.version, len(d.sentences)] for d in a.documents()}
    sentences = a.store.sentence_count()
    del a
    assert not list(store.glob(".newsqa-writing-*")), "a finished write leaves no mark"
    # A writer of this collection is killed mid-write: its mark stays, and the index files it was
    # saving are part old, part new.
    writer = subprocess.Popen([sys.executable, "-c", HOLD_MARK, str(store), collection], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        for f, data in before.items():
            assert (index / f).read_bytes() != data
            (index / f).write_bytes(data)
        writer.kill()  # not reaped until the end: a killed process not yet reaped is gone all the same
        time.sleep(0.2)

        out = subprocess.run([sys.executable, "-c", CHECK, str(store), str(folder), "sync"], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-3000:]
        assert "rebuilding it" in out.stderr and collection in out.stderr
        got = json.loads(out.stdout.strip().splitlines()[-1])
        assert got["docs"] == expected and got["sentences"] == sentences  # nothing indexed is lost
        assert got["answer"] == "Lake3" and got["cited"] == "s03.txt" and got["valid"]
        assert got["changed"] == [0, 0, 0]
        assert not list(store.glob(".newsqa-writing-*")), "the mark goes once its index is rebuilt"
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()


def test_a_write_still_running_is_not_taken_for_an_interrupted_one(tmp_path):
    """The mark of a live writer (another process, or another thread of this one) is left alone; a
    file that is no mark of ours is ignored."""
    from index.store import _interrupted_writes, _writing

    store = tmp_path / "store"
    store.mkdir()
    (store / ".newsqa-writing-notes.txt").write_text("not a mark")
    writer = subprocess.Popen([sys.executable, "-c", HOLD_MARK, str(store), "newsqa_sentences"], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "writing"
        with _writing(store, "newsqa_documents"):
            assert len(list(store.glob(".newsqa-writing-*"))) == 3
            assert _interrupted_writes(store) == {}
        writer.kill()
        writer.wait()
        (mark,) = _interrupted_writes(store)
        assert _interrupted_writes(store)[mark] == "newsqa_sentences"
    finally:
        writer.kill()
        writer.wait()
        writer.stdout.close()


def test_every_write_is_marked_while_it_runs(tmp_path):
    """The store's writes (documents, sentences, the change log, side tables) each leave a mark naming their
    collection while Chroma writes, and none after."""
    from index.store import SentenceStore

    store = tmp_path / "store"
    a = Assistant(store)
    seen: list[list[str]] = []
    for marked in (a.store._docs, a.store._sentences, a.store._state, a.store._changes):
        inner = marked._collection

        class Spy:  # Chroma's collection, which lists the marks in the folder when it is written
            def __init__(self, inner):
                self.inner = inner

            def __getattr__(self, name):
                attr = getattr(self.inner, name)
                if name in ("add", "upsert", "update", "delete"):
                    def spied(**kwargs):
                        seen.append(sorted(p.name.rsplit("-", 1)[-1] for p in store.glob(".newsqa-writing-*")))
                        return attr(**kwargs)
                    return spied
                return attr

        marked._collection = Spy(inner)
    folder = tmp_path / "news"
    write(folder, "s01.txt", story(1))
    a.sync(folder)
    assert seen and all(len(names) == 1 for names in seen)  # one write at a time, each marked
    assert {"documents", "sentences", "changes", "state"} <= {n.removeprefix("newsqa_") for names in seen for n in names}
    assert not list(store.glob(".newsqa-writing-*"))
    table = SentenceStore(store).table("newsqa_side")
    table._collection._collection = type("Spy", (), {"name": "newsqa_side", "upsert": lambda self, **kw: seen.append(
        [p.name for p in store.glob(".newsqa-writing-*")])})()
    table.put({"k": {"n": 1}})
    assert seen[-1] and seen[-1][0].endswith("-newsqa_side")
