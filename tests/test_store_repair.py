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
