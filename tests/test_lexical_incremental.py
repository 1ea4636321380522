"""The lexical snapshot grows by the write: after any sequence of adds, replacements and removals
it scores exactly as a snapshot built from scratch over the same documents; removed articles never
score; readers keep the snapshot they hold; other processes' writes arrive through the store's
change log without a full build. Real embedded Chroma stores; vectors made up (no model) except in
the one Assistant test."""

from __future__ import annotations

import random

import numpy as np
import pytest

from index.documents import Document, StoredDocument
from index.lexical import tokenize
from index.pipeline import prepare
from index.store import SentenceStore
from qa.snapshot import LexicalSnapshot, SnapshotCache
from tests.conftest import ROOT, SEED

# Words of real articles (the seed and the test articles), drawn at random into new articles.
WORDS = sorted({w for p in [SEED, *(ROOT / "tests/data").glob("*.txt")] for w in p.read_text().split() if w.isalpha()})
SOURCES = ["Reuters", "AP", "BBC News", None]
QUERIES = ["mediating talks Qatar", "bridge closed engineers Monday", "lighthouse keeper", "the of and",
           "prisoner exchange deal", "nothing-matches-xyzzy"]


def article(rng: random.Random, doc_id: str) -> StoredDocument:
    """A random article: a title, 1-6 sentences of real words (some repeated), a date, a source."""
    words = WORDS[: rng.randint(20, len(WORDS))]  # some articles draw from fewer words: shared tokens
    sentences = [" ".join(rng.choices(words, k=rng.randint(3, 14))).capitalize() + "." for _ in range(rng.randint(1, 6))]
    title = " ".join(rng.choices(words, k=4)).title()
    return prepare(Document(id=doc_id, text=" ".join(sentences), title=title,
                            published=f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", source=rng.choice(SOURCES)))


def vectors(doc: StoredDocument) -> np.ndarray:
    v = np.random.default_rng(len(doc.sentences)).normal(size=(len(doc.sentences), 384)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def sentence_scores(snap: LexicalSnapshot, query: str) -> dict[tuple[str, int], float]:
    """Every live sentence's BM25 by (doc id, index)."""
    scores = snap.sentences.scores(tokenize(query))
    return {(d, i): float(scores[snap.row(d, i)]) for d in snap.article_row for i in range(snap.sentence_count(d))}


def article_scores(snap: LexicalSnapshot, query: str) -> dict[str, float]:
    scores = snap.articles.scores(tokenize(query))
    return {d: float(scores[a]) for d, a in snap.article_row.items()}


def assert_same(inc: LexicalSnapshot, full: LexicalSnapshot) -> None:
    """The incremental snapshot holds what the full build holds and scores it the same."""
    assert inc.versions == full.versions
    assert inc.published_range == full.published_range
    assert {k for k in inc.source_keys if k} == {k for k in full.source_keys if k}
    for d in full.article_row:
        assert inc.sentence_count(d) == full.sentence_count(d)
        assert inc.first_body_sentence(d) == full.first_body_sentence(d)
        assert inc.key(inc.row(d, 0)) == (d, 0)
        a, b = inc.article_row[d], full.article_row[d]
        assert inc.published_ts[a] == full.published_ts[b] or np.isnan(full.published_ts[b])
    for q in QUERIES:
        got, want = sentence_scores(inc, q), sentence_scores(full, q)
        assert got.keys() == want.keys()
        np.testing.assert_allclose([got[k] for k in want], list(want.values()), rtol=1e-6, atol=0)
        got_a, want_a = article_scores(inc, q), article_scores(full, q)
        np.testing.assert_allclose([got_a[k] for k in want_a], list(want_a.values()), rtol=1e-6, atol=0)
        assert inc.articles.idf(tokenize(q)) == full.articles.idf(tokenize(q))
        dead = np.setdiff1d(np.arange(inc.sentences.n_rows), [inc.row(*k) for k in got])
        assert not inc.sentences.scores(tokenize(q))[dead].any()  # removed sentences never score


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_incremental_snapshot_equals_a_full_build_after_random_writes(seed):
    rng = random.Random(seed)
    stored = {f"d{i}": article(rng, f"d{i}") for i in range(30)}
    snap = LexicalSnapshot(stored.values())
    for step in range(40):
        written, removed = [], set()
        for _ in range(rng.randint(1, 4)):
            doc_id = rng.choice([*stored, f"n{step}-{len(written)}"])
            if rng.random() < 0.3 and doc_id in stored:
                removed.add(doc_id)
                written = [d for d in written if d.id != doc_id]
                del stored[doc_id]
            else:
                stored[doc_id] = article(rng, doc_id)
                written = [d for d in written if d.id != doc_id] + [stored[doc_id]]
                removed.discard(doc_id)
        snap = snap.updated(written, removed, f"g{step}", snap.position)
        if step % 10 == 9:
            assert_same(snap, LexicalSnapshot(stored.values()))
    assert len(snap.sentences.segments) < 12  # merged as it grew, not one segment per write


def test_a_write_leaves_the_old_snapshot_as_it_was():
    rng = random.Random(5)
    docs = [article(rng, f"d{i}") for i in range(10)]
    old = LexicalSnapshot(docs)
    before = {q: (old.sentences.scores(tokenize(q)).copy(), old.articles.scores(tokenize(q)).copy()) for q in QUERIES}
    tables = (dict(old.versions), list(old.doc_ids), list(old.source_keys), old.published_ts.copy(), len(old.vocab))
    new = old.updated([article(rng, "d3"), article(rng, "x")], {"d0"}, "g2", old.position)
    assert "d0" not in new.versions and "d0" in old.versions and new.versions["d3"] != old.versions["d3"]
    for q, (sentences, articles) in before.items():
        assert np.array_equal(old.sentences.scores(tokenize(q)), sentences)
        assert np.array_equal(old.articles.scores(tokenize(q)), articles)
    assert (dict(old.versions), list(old.doc_ids), list(old.source_keys), len(old.vocab)) == (
        tables[0], tables[1], tables[2], tables[4])
    assert np.array_equal(old.published_ts, tables[3], equal_nan=True)


def test_a_removed_article_never_scores():
    doc = prepare(Document(id="gone", text="Zanzibar ferry operators strike on Monday. The Zanzibar port is shut."))
    other = prepare(Document(id="kept", text="The museum in Porto reopened on Sunday."))
    snap = LexicalSnapshot([doc, other])
    assert snap.sentences.scores(tokenize("Zanzibar ferry")).max() > 0
    after = snap.updated([], {"gone"}, "g", snap.position)
    assert not after.sentences.scores(tokenize("Zanzibar ferry")).any()
    assert not after.articles.scores(tokenize("Zanzibar ferry")).any()
    assert after.row("gone", 0) is None and after.sentence_count("gone") is None
    assert after.articles.idf(["zanzibar"])["zanzibar"] == after.articles.idf(["never-seen"])["never-seen"]


@pytest.fixture
def store(tmp_path):
    return SentenceStore(tmp_path / "store")


def put(store: SentenceStore, *docs: StoredDocument) -> None:
    store.put_many([(d, vectors(d)) for d in docs])


def test_the_cache_applies_writes_from_the_change_log(store, tmp_path):
    rng = random.Random(7)
    put(store, *[article(rng, f"d{i}") for i in range(12)])
    cache = SnapshotCache(store, tmp_path / "cache", freshness_s=60)
    first = cache.current()
    assert cache.counters.full_builds == 1 and len(first.article_row) == 12
    put(store, article(rng, "d1"), article(rng, "new"))
    store.remove("d2")
    assert cache.current() is first  # within freshness_s, and no invalidate(): the same snapshot
    cache.invalidate()
    second = cache.current()
    assert cache.counters.full_builds == 1 and cache.counters.incremental == 1
    assert second.generation == store.generation() and "d2" not in second.versions
    assert_same(second, LexicalSnapshot(store.iter_documents()))
    assert len(first.article_row) == 12 and "d2" in first.versions  # readers keep what they hold


def test_another_process_sees_a_write_within_a_second_without_a_rebuild(tmp_path):
    import time

    rng = random.Random(8)
    writer = SentenceStore(tmp_path / "store")
    put(writer, *[article(rng, f"d{i}") for i in range(5)])
    reader = SnapshotCache(SentenceStore(tmp_path / "store"), freshness_s=0.5)
    reader.current()
    put(writer, prepare(Document(id="late", text="Quokka sightings doubled on Rottnest Island this spring.")))
    time.sleep(reader.freshness_s + 0.1)
    snap = reader.current()
    assert snap.sentences.scores(tokenize("quokka sightings")).max() > 0
    assert reader.counters.full_builds == 1 and reader.counters.incremental == 1


def test_a_change_logged_late_by_a_writer_with_a_slow_clock_is_not_lost(store, monkeypatch):
    """Two writers take their time stamps independently: a record stamped before one the reader has
    already seen (a clock behind, or a write that took longer) is still read."""
    import index.store

    rng = random.Random(9)
    put(store, article(rng, "d0"))
    cache = SnapshotCache(store, freshness_s=0)
    cache.current()
    put(store, article(rng, "fast"))
    assert "fast" in cache.current().versions
    real = index.store.time.time_ns
    monkeypatch.setattr(index.store.time, "time_ns", lambda: real() - 20_000_000_000)  # 20 s behind
    put(store, article(rng, "slow"))
    monkeypatch.undo()
    assert "slow" in cache.current().versions
    assert cache.counters.full_builds == 1


def test_concurrent_writers_lose_no_change(tmp_path):
    import threading

    path = tmp_path / "store"
    put(SentenceStore(path), article(random.Random(0), "seed"))
    cache = SnapshotCache(SentenceStore(path), freshness_s=0)
    cache.current()

    def write(name: str) -> None:
        rng, store = random.Random(name), SentenceStore(path)
        for i in range(6):
            put(store, article(rng, f"{name}{i}"))
            cache.current()  # a reader catching up between the writes

    threads = [threading.Thread(target=write, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    snap = cache.current()
    assert set(snap.versions) == {"seed", *(f"{n}{i}" for n in "ab" for i in range(6))}
    assert cache.counters.full_builds == 1
    assert_same(snap, LexicalSnapshot(SentenceStore(path).iter_documents()))


def test_a_truncated_log_or_too_many_changes_mean_a_full_build(store):
    import time

    rng = random.Random(10)
    put(store, *[article(rng, f"d{i}") for i in range(8)])
    cache = SnapshotCache(store, freshness_s=0, rebuild_min_articles=0)
    cache.current()
    put(store, article(rng, "d0"))  # 1 of 8: applied
    cache.current()
    assert (cache.counters.full_builds, cache.counters.incremental) == (1, 1)
    put(store, *[article(rng, f"d{i}") for i in range(1, 4)])  # 3 more of 8 (plus 1 dead): rebuilt
    cache.current()
    assert (cache.counters.full_builds, cache.counters.incremental) == (2, 1)
    store._trim_change_log(time.time_ns() // 1000 + 1)  # every record deleted, the floor raised
    put(store, article(rng, "d5"))
    assert cache.current().versions == store.current_versions()
    assert cache.counters.full_builds == 3


def test_a_saved_snapshot_catches_up_from_the_log(store, tmp_path):
    rng = random.Random(11)
    put(store, *[article(rng, f"d{i}") for i in range(6)])
    SnapshotCache(store, tmp_path / "cache").current()  # built and saved
    put(store, article(rng, "d1"))
    store.remove("d4")
    later = SnapshotCache(store, tmp_path / "cache")  # a process started after the writes
    snap = later.current()
    assert (later.counters.loaded, later.counters.incremental, later.counters.full_builds) == (1, 1, 0)
    assert_same(snap, LexicalSnapshot(store.iter_documents()))
    assert later.counters.saved == 0 and len(list((tmp_path / "cache").glob("lexical-*.pkl"))) == 1


def test_a_second_assistant_sees_a_write_within_a_second_incrementally(tmp_path):
    import time

    from qa import Assistant

    reader, writer = Assistant(tmp_path / "s"), Assistant(tmp_path / "s")
    writer.add([Document(id="a", text="The festival in Oslo was opened by Queen Sonja on Friday.")])
    assert reader.ask("Who opened the festival in Oslo?").answer == "Queen Sonja"
    writer.add([Document(id="b", text="The bridge in Bergen was reopened by engineers on Sunday.")])
    time.sleep(reader.retriever.snapshots.freshness_s + 0.1)
    assert reader.ask("Who reopened the bridge in Bergen?").answer == "engineers"
    writer.remove("a")
    writer.ask("Who reopened the bridge in Bergen?")
    time.sleep(reader.retriever.snapshots.freshness_s + 0.1)
    assert reader.ask("Who opened the festival in Oslo?").answer is None
    counters = reader.retriever.snapshots.counters
    assert counters.full_builds + counters.loaded == 1 and counters.incremental == 2


def test_a_write_that_crashed_after_its_switch_is_not_hidden_forever(tmp_path, monkeypatch):
    """A crash after ``put_many`` switched the document records but before its final change record
    and the new generation token: the document was hidden from every snapshot (the saved one had
    the same generation, and only writes naming it brought it in). Now a process that starts
    reconciles the saved snapshot with the store, and a running one gets it from the record
    written before the switch at the next write of anything."""
    rng = random.Random(12)
    path, cache_dir = tmp_path / "store", tmp_path / "cache"
    store = SentenceStore(path)
    put(store, article(rng, "a"))
    SnapshotCache(store, cache_dir).current()  # built and saved
    running = SnapshotCache(SentenceStore(path), freshness_s=0)  # a process that keeps running
    running.current()
    real = store._changed

    def crash_once(doc_ids=()):
        monkeypatch.setattr(store, "_changed", real)
        raise RuntimeError("killed")

    monkeypatch.setattr(store, "_changed", crash_once)
    b = prepare(Document(id="b", text="Walruses crowded the beaches of Svalbard this summer."))
    with pytest.raises(RuntimeError):
        put(store, b)
    restarted = SnapshotCache(SentenceStore(path), cache_dir, freshness_s=0)
    snap = restarted.current()
    assert restarted.counters.loaded == 1 and restarted.counters.full_builds == 0
    assert snap.versions.get("b") == b.version and restarted.counters.reconciled == 1
    assert snap.sentences.scores(tokenize("walruses Svalbard")).max() > 0
    assert_same(snap, LexicalSnapshot(store.iter_documents()))
    put(store, article(rng, "c"))
    for cache in (running, restarted):
        assert {"a", "b", "c"} <= set(cache.current().versions)
    assert running.counters.full_builds == 1 and running.counters.incremental == 1


def test_a_full_build_that_missed_a_document_is_reconciled(store, monkeypatch):
    """A full build reading while another process writes may miss a document (or keep a removed
    one): the build is compared with the store's versions, and the differences applied."""
    rng = random.Random(13)
    put(store, *[article(rng, f"d{i}") for i in range(6)])
    real = store.iter_documents
    monkeypatch.setattr(store, "iter_documents", lambda: (d for d in real() if d.id != "d3"))
    cache = SnapshotCache(store, freshness_s=60)
    snap = cache.current()
    assert cache.counters.full_builds == 1 and cache.counters.reconciled == 1
    assert snap.versions == store.current_versions()
    assert_same(snap, LexicalSnapshot(real()))


def test_questions_do_not_wait_for_a_refresh(store, monkeypatch):
    """With a snapshot at hand, one thread refreshes and the others answer from that snapshot at
    once; only without any snapshot does a caller wait."""
    import threading

    rng = random.Random(14)
    put(store, article(rng, "d0"))
    cache = SnapshotCache(store, freshness_s=0)
    first = cache.current()
    started, release = threading.Event(), threading.Event()
    real = cache._refresh

    def slow_refresh(snap, generation):
        started.set()
        assert release.wait(30)
        return real(snap, generation)

    monkeypatch.setattr(cache, "_refresh", slow_refresh)
    put(store, article(rng, "d1"))
    cache.invalidate()
    refreshed: list[LexicalSnapshot] = []
    refresher = threading.Thread(target=lambda: refreshed.append(cache.current()))
    refresher.start()
    assert started.wait(30)
    answered: list[LexicalSnapshot] = []
    asker = threading.Thread(target=lambda: answered.append(cache.current()))
    asker.start()
    asker.join(5)
    stuck = asker.is_alive()
    release.set()
    refresher.join(30)
    asker.join(30)
    assert not stuck and answered == [first]  # at once, the snapshot it had
    assert "d1" in refreshed[0].versions and cache.current() is refreshed[0]


def test_the_cache_file_is_named_by_the_store_not_by_how_it_is_reached(tmp_path):
    """The same store gives the same cache key whether opened through its folder or through a
    ``chroma run`` server over that folder (on a random port); two stores give two keys."""
    from tests.servers import CHROMA, free_port, start_chroma

    path = tmp_path / "store"
    embedded = SentenceStore(path)
    put(embedded, article(random.Random(15), "d0"))
    key = SnapshotCache(embedded, tmp_path / "cache")._cache_file("g")
    assert key == SnapshotCache(SentenceStore(path), tmp_path / "cache")._cache_file("g")
    assert key != SnapshotCache(SentenceStore(tmp_path / "other"), tmp_path / "cache")._cache_file("g")
    if not CHROMA:
        pytest.skip("no `chroma` command to serve the folder")
    del embedded
    port = free_port()
    proc = start_chroma(path, port)
    try:
        served = SentenceStore(chroma_url=f"http://127.0.0.1:{port}", timeout_s=30)
        assert SnapshotCache(served, tmp_path / "cache")._cache_file("g") == key
    finally:
        proc.terminate()
        proc.wait(30)


def test_a_saved_snapshot_deleted_while_it_is_read_is_no_error(store, tmp_path, monkeypatch):
    """Another worker's prune may delete the file between reading it and marking it used."""
    import qa.snapshot

    put(store, article(random.Random(16), "d0"))
    SnapshotCache(store, tmp_path / "cache").current()

    def gone(path, *args, **kw):
        raise FileNotFoundError(path)

    monkeypatch.setattr(qa.snapshot.os, "utime", gone)
    later = SnapshotCache(store, tmp_path / "cache")
    assert "d0" in later.current().versions and later.counters.loaded == 1


def test_has_undated_counts_live_articles_only(store):
    rng = random.Random(17)
    dated = [article(rng, f"d{i}") for i in range(3)]
    snap = LexicalSnapshot(dated)
    assert not snap.has_undated()
    replaced = snap.updated([article(rng, "d1")], {"d2"}, "g", snap.position)
    assert np.isnan(replaced.published_ts).any()  # the dead rows
    assert not replaced.has_undated()
    undated = prepare(Document(id="u", text="The ferry to Skye will run twice a day."))
    with_undated = replaced.updated([undated], set(), "g2", snap.position)
    assert with_undated.has_undated() and not replaced.has_undated()
    assert not with_undated.updated([], {"u"}, "g3", snap.position).has_undated()


def _dense_reference(snap: LexicalSnapshot, terms: list[str], allowed, dense, w):
    """The retrieval's lexical evidence computed over arrays of every row and article, as it was
    before it kept the hits only: per sentence row, per article score, and the best article list."""
    sent = snap.sentences.scores(terms)
    art = snap.articles.scores(terms)
    if allowed is not None:
        sent = np.where(allowed[snap.sentence_article], sent, 0.0).astype(np.float32)
        art = np.where(allowed, art, 0.0).astype(np.float32)
    top_sent = sent.max() if len(sent) and sent.max() > 0 else 1.0
    top_art = art.max() if len(art) and art.max() > 0 else 1.0
    best_lex = np.zeros(len(snap.doc_ids))
    hit = np.flatnonzero(sent)
    np.maximum.at(best_lex, snap.sentence_article[hit], sent[hit] / top_sent)
    floor = min(dense.documents.values()) if dense.documents else 0.0
    best_dense: dict[str, float] = {}
    for h in dense.sentences:
        best_dense[h.doc_id] = max(best_dense.get(h.doc_id, 0.0), h.similarity)
    art_lex = (art / top_art).astype(np.float64)
    score = w.article_lexical * art_lex + w.article_dense * floor
    score += w.article_best_lexical * best_lex
    scored = art != 0
    for d in set(dense.documents) | set(best_dense):
        r = snap.article_row[d]
        score[r] = (w.article_lexical * float(art_lex[r]) + w.article_dense * dense.documents.get(d, floor)
                    + w.article_best_dense * best_dense.get(d, 0.0) + w.article_best_lexical * float(best_lex[r]))
        scored[r] = True
    rows = np.flatnonzero(scored)
    ranked = sorted(((snap.doc_ids[r], float(score[r])) for r in rows), key=lambda kv: -kv[1])
    return sent / top_sent, {snap.doc_ids[r]: float(score[r]) for r in rows}, ranked


@pytest.mark.parametrize("sort_below", [0, 10**9])  # hits() sorting the postings / adding into every row
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_lexical_evidence_of_a_question_is_that_of_every_row(seed, sort_below, monkeypatch):
    """The retrieval keeps only the rows and articles a question's terms hit (its cost follows
    their postings, not the store's size): the same numbers, bit for bit, as arrays of every row,
    with removed articles, date/source filters and vector hits."""
    import index.lexical

    monkeypatch.setattr(index.lexical, "_SORT_BELOW", sort_below)
    from index.store import SentenceHit
    from qa.retrieve import DenseHits, Weights, article_scores, lexical_scores

    rng = random.Random(seed)
    stored = {f"d{i}": article(rng, f"d{i}") for i in range(40)}
    snap = LexicalSnapshot(stored.values())
    gone = set(rng.sample(sorted(stored), 8))
    snap = snap.updated([article(rng, d) for d in rng.sample(sorted(set(stored) - gone), 5)], gone, "g1", snap.position)
    live = sorted(snap.versions)
    w = Weights()
    for q in [*QUERIES, " ".join(rng.choices(WORDS, k=6)), " ".join(rng.choices(WORDS, k=2))]:
        terms = tokenize(q)
        for allowed in (None, np.array([rng.random() < 0.6 for _ in snap.doc_ids])):
            picked = rng.sample(live, 4)
            dense = DenseHits([SentenceHit(d, snap.versions[d], 0, rng.random()) for d in picked[:3]],
                              {d: rng.random() for d in picked[1:]})
            rel, scores, ranked = _dense_reference(snap, terms, allowed, dense, w)
            lexical = lexical_scores(snap, terms, allowed)
            assert [lexical.sentence(r) for r in range(snap.sentences.n_rows)] == [float(x) for x in rel]
            got = article_scores(snap, dense, lexical, w)
            assert {snap.doc_ids[r] for r in got.rows} == set(scores)
            assert all(got.of(d) == scores.get(d, 0.0) for d in snap.doc_ids)
            for top in (1, 3, 20):
                assert [s for _, s in got.best(top)] == [s for _, s in ranked[:top]]
            for k in (0, 5, 50):  # the k best sentence hits become candidates (which of equal ones: either)
                cand = [snap.key(int(r)) for r in lexical.best_sentences(k)]
                hits = rel[rel > 0]
                assert sorted(rel[snap.row(*c)] for c in cand) == sorted(hits)[len(hits) - min(k, len(hits)):]
