"""The store's own API on a real embedded Chroma (vectors made up, no model): side tables, sentence
records and vectors, the count that tells a stale write from a clean one."""

from __future__ import annotations

import numpy as np
import pytest

from index.documents import Document
from index.errors import NewsqaError, StoreError, StoreUnavailable
from index.pipeline import prepare
from index.store import SentenceStore, sentence_id


def vectors(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def store(tmp_path):
    return SentenceStore(tmp_path / "store")


def test_record_table_round_trip(store):
    table = store.table("newsqa_test", json_fields=("ids",))
    assert table.get("a") is None and table.all() == {}
    table.put({"a": {"name": "A", "n": 3, "ids": ["x#1", "x#2"], "missing": None}, "b": {"name": "B", "ids": []}})
    assert table.get("a") == {"name": "A", "n": 3, "ids": ["x#1", "x#2"]}  # None is left out
    assert store.table("newsqa_test", json_fields=("ids",)).all() == {  # the same collection, reopened
        "a": {"name": "A", "n": 3, "ids": ["x#1", "x#2"]}, "b": {"name": "B", "ids": []},
    }
    table.put({"a": {"name": "A2", "ids": ["y"], "n": None}})  # merged into the stored record
    assert table.get("a") == {"name": "A2", "n": 3, "ids": ["y"]}
    table.delete(["a", "never-there"])
    assert list(table.all()) == ["b"]
    assert store.table("newsqa_other").all() == {}  # tables are separate


def test_sentence_records_vectors_and_counts(store):
    one = prepare(Document("one", "The ferry to Skye will run twice a day. The operator said so on Monday."))
    two = prepare(Document("two", "Acme Corp named Ada Lovelace as its new chief executive on Monday."))
    v1, v2 = vectors(len(one.sentences), 1), vectors(len(two.sentences), 2)
    store.put_many([(one, v1), (two, v2)])
    versions, total = store.current_versions_and_sentence_total()
    assert versions == {"one": one.version, "two": two.version}
    assert total == store.sentence_count() == len(one.sentences) + len(two.sentences) == 3

    records = sorted(store.sentence_records("one"), key=lambda m: m["index"])
    assert [(m["doc_id"], m["version"], m["index"]) for m in records] == [("one", one.version, 0), ("one", one.version, 1)]
    assert [one.text[m["start"] : m["end"]] for m in records] == [one.sentence_text(0), one.sentence_text(1)]
    assert len(store.sentence_records()) == 3 and store.sentence_records("nobody") == []

    ids = [sentence_id("one", one.version, 1), sentence_id("two", two.version, 0), sentence_id("one", "old", 0)]
    got = store.sentence_vectors(ids)
    assert set(got) == set(ids[:2])  # a missing id is left out
    assert got[ids[0]].dtype == np.float32 and np.allclose(got[ids[0]], v1[1], atol=1e-6)
    assert store.sentence_vectors([]) == {}


def test_a_crash_mid_write_shows_as_more_sentences_than_current_ones(store):
    doc = prepare(Document("a", "The library of Ghent will open on Sundays from next month."))
    store.put_many([(doc, vectors(1))])
    # A newer version's sentences written, the switch never made (a crash): not current, not counted.
    store._sentences.upsert(ids=[sentence_id("a", "newer", 0)], embeddings=vectors(1, 3),
                           metadatas=[{"doc_id": "a", "version": "newer", "index": 0, "start": 0, "end": 3}])
    _, total = store.current_versions_and_sentence_total()
    assert store.sentence_count() == total + 1
    assert store.vacuum() == 1
    assert store.sentence_count() == total


def test_store_errors_are_newsqa_errors():
    assert issubclass(StoreUnavailable, StoreError) and issubclass(StoreError, NewsqaError)
    assert StoreError("x").status == 507 and StoreUnavailable("x").status == 503
    assert not hasattr(SentenceStore, "put")  # put_many is the one way to write


def test_remove_many_deletes_the_documents_and_their_sentences_in_one_write(store):
    docs = [prepare(Document(f"d{i}", f"Story {i} tells of the ferry to Skye. It runs {i} times a day.")) for i in range(4)]
    store.put_many([(d, vectors(len(d.sentences), i)) for i, d in enumerate(docs)])
    before = store.changes_since(0)
    assert store.remove_many(["d1", "never-there", "d3", "d1"]) == ["d1", "d3"]  # stored ones, in order, once
    assert store.current_versions() == {"d0": docs[0].version, "d2": docs[2].version}
    assert sorted({m["doc_id"] for m in store.sentence_records()}) == ["d0", "d2"]
    assert store.sentence_count() == len(docs[0].sentences) + len(docs[2].sentences)
    logged = store.changes_since(0)[len(before):]  # its intent and its end, each naming every id once
    assert [c.doc_ids for c in logged] == [("d1", "never-there", "d3")] * 2
    assert store.remove_many([]) == [] and store.changes_since(0)[len(before):] == logged


def test_every_write_is_in_the_change_log(store):
    import time

    one = prepare(Document("one", "The ferry to Skye will run twice a day."))
    two = prepare(Document("two", "Acme Corp named Ada Lovelace as its new chief executive."))
    start = time.time_ns() // 1000
    assert store.changes_since(0) == [] and store.change_log_floor() == 0
    store.put_many([(one, vectors(1)), (two, vectors(1, 2))])
    store.remove("one")
    store.remove("never-there")
    store.vacuum()  # touches no document: nothing logged
    log = store.changes_since(0)
    # each write twice: its intent before the switch, and once done
    assert [c.doc_ids for c in log] == [("one", "two"), ("one", "two"), ("one",), ("one",), ("never-there",)] + [
        ("never-there",)]
    assert all(c.ts >= start for c in log) and len({c.key for c in log}) == 6
    assert store.changes_since(log[1].ts) == log[1:]
    again = SentenceStore(store.path)  # another process on the same folder reads the same log
    assert again.changes_since(0) == log


def test_old_change_records_are_deleted_and_the_floor_says_so(store):
    doc = prepare(Document("a", "The library of Ghent will open on Sundays from next month."))
    store.put_many([(doc, vectors(1))])
    first = store.changes_since(0)
    store.put_many([(prepare(Document("b", "Ghent's library hires ten librarians.")), vectors(1))])
    store._trim_change_log(first[-1].ts + 1)
    assert store.change_log_floor() == first[-1].ts + 1
    assert [c.doc_ids for c in store.changes_since(0)] == [("b",), ("b",)]
    store._trim_change_log(0)  # a writer whose clock is behind never lowers the floor
    assert store.change_log_floor() == first[-1].ts + 1


def test_a_write_that_crashes_after_its_switch_is_still_in_the_change_log(store, monkeypatch):
    """The change record is written before the switch too: a crash between the switch and the
    final record (and the new generation token) leaves the document named in the log."""
    store.put_many([(prepare(Document("a", "The library of Ghent will open on Sundays.")), vectors(1))])
    generation = store.generation()

    def crash(doc_ids=()):
        raise RuntimeError("killed")

    monkeypatch.setattr(store, "_changed", crash)
    with pytest.raises(RuntimeError):
        store.put_many([(prepare(Document("b", "Ghent's library hires ten librarians.")), vectors(1))])
    with pytest.raises(RuntimeError):
        store.remove("a")
    assert "b" in store.current_versions() and "a" not in store.current_versions()  # switched
    assert store.generation() == generation  # the token was not changed
    assert [c.doc_ids for c in store.changes_since(0)][-2:] == [("b",), ("a",)]


def test_reading_every_document_misses_none_when_others_are_deleted_meanwhile(store, monkeypatch):
    """Pages by offset skipped a record when an earlier one was deleted between two pages (Chroma
    1.5.9: page 1 read, an id of it deleted, page 2 began one record later)."""
    import index.store

    monkeypatch.setattr(index.store, "_DOCUMENT_PAGE", 2)
    docs = [prepare(Document(f"d{i}", f"Report number {i} on the harbour of Ghent.")) for i in range(7)]
    store.put_many([(d, vectors(1, i)) for i, d in enumerate(docs)])
    reading = store.iter_documents()
    seen = [next(reading).id]
    store.remove(seen[0])  # deleted after the first page was read
    store.remove("d5")  # deleted before its page is read: simply absent
    seen += [d.id for d in reading]
    assert seen == ["d0", "d1", "d2", "d3", "d4", "d6"]  # in the store's order, none skipped
    assert sorted(store.current_versions()) == ["d1", "d2", "d3", "d4", "d6"]
    assert [c.doc_ids for c in store.changes_since(0)][-1] == ("d5",)


def test_the_store_identity_is_the_same_for_every_opener_and_writes_nothing(store, tmp_path):
    first = store.identity()
    assert len(first) >= 32 and store.identity() == first
    before = store.generation()
    assert SentenceStore(store.path).identity() == first  # another process on the same folder
    assert SentenceStore(tmp_path / "other").identity() != first
    assert store.generation() == before  # reading it wrote nothing


def test_a_headline_fact_is_searched_for_word_for_word_in_the_body_only():
    doc = prepare(Document(
        id="halo.txt", title="Halo 2 sells five million copies",
        text="Halo 2 sells five million copies\n\nThe game has sold more than five million copies worldwide. "
             "Its maker says five million copiesare due. Sales of five million copies in Europe are next.",
    ))
    assert doc.body_start == 1 and doc.sentence_text(0) == "Halo 2 sells five million copies"
    found = [(i, doc.sentence_text(i)[m.start() : m.end()]) for i, m in doc.stating("five million copies")]
    assert found == [(1, "five million copies"), (3, "five million copies")]  # the body only, in its order, not "five million copiesare"
    assert [i for i, _ in doc.stating("five million copies", first=[3])] == [3, 1]  # the sentences asked first
    assert list(doc.stating("five million cop")) == []  # whole words only
