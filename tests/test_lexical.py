"""BM25 over sentences: the index scores exactly as bm25s built from the token lists (also on real
articles, and after writes); the lexical cache folder is pruned."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.lexical import LexicalIndex, tokenize

ROOT = Path(__file__).resolve().parent.parent

TEXTS = [
    "Hamas and Israel are holding talks mediated by Qatar and the United States.",
    "About 240 people were taken captive on October 7.",
    "",
    "Qatar said the talks on the captives were advancing.",
]


def test_token_ids_score_like_tokens():
    import bm25s

    by_tokens = bm25s.BM25()
    by_tokens.index([tokenize(t) or ["\u2205"] for t in TEXTS], show_progress=False)
    vocab: dict[str, int] = {"unused": 0}  # a shared vocabulary may hold tokens these texts lack
    ids = [[vocab.setdefault(w, len(vocab)) for w in tokenize(t)] for t in TEXTS]
    by_ids = LexicalIndex(None, ids, vocab)
    assert list(by_ids.keys) == [0, 1, 2, 3]
    assert "\u2205" not in vocab  # the caller's vocabulary is left as it was
    for q in ["who mediates the talks", "how many captives", "unused qatar", "nothing matches here"]:
        known = [w for w in tokenize(q) if w in by_tokens.vocab_dict]
        a = by_tokens.get_scores(known) if known else np.zeros(len(TEXTS))
        b = by_ids.scores(tokenize(q))
        assert np.array_equal(a, b), q
    assert int(np.argmax(by_ids.scores(tokenize("qatar captives")))) == 3
    assert by_ids.scores(tokenize("unused")).max() == 0.0


def test_lexical_cache_keeps_the_recent_snapshots_only(tmp_path):
    import os

    from qa.snapshot import _SNAPSHOT_FORMAT, _prune_lexical_cache

    v = f"lexical-v{_SNAPSHOT_FORMAT}"
    for n in range(6):  # six other stores, used one after another
        f = tmp_path / f"{v}-store{n}-gen.pkl"
        f.write_bytes(b"x")
        os.utime(f, (1000 + n, 1000 + n))
    (tmp_path / "lexical-v1-store0-gen.pkl").write_bytes(b"old format")
    (tmp_path / f"{v}-mine-gen1.pkl").write_bytes(b"an older generation of this store")
    kept = tmp_path / f"{v}-mine-gen2.pkl"
    kept.write_bytes(b"x")
    (tmp_path / "encoder-abc-fp32.onnx").write_bytes(b"not a snapshot")
    _prune_lexical_cache(kept, most=4)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["encoder-abc-fp32.onnx", kept.name, f"{v}-store5-gen.pkl", f"{v}-store4-gen.pkl", f"{v}-store3-gen.pkl"]
    )


REUTERS = ROOT / "../shared/eval-data/reuters-21578"


@pytest.mark.skipif(not (REUTERS / "reut2-000.sgm.gz").is_file(), reason="Reuters-21578 is not in ../shared/eval-data")
def test_scores_are_bm25s_scores_on_real_articles_also_after_writes():
    """On the sentences of 1,000 Reuters articles: bm25s's scores bit for bit (what the answers
    depend on: the same float32 arrays, so the same ties), and after removals and additions the
    scores of a bm25s index built from the live sentences."""
    import random

    import bm25s

    from bench.temporal_set import document_text, read_records
    from index.split import split_sentences

    texts = [document_text(r)[s.start : s.end] for r in read_records(REUTERS, [0]) for s in split_sentences(document_text(r))]
    vocab: dict[str, int] = {}
    ids = [[vocab.setdefault(w, len(vocab)) for w in tokenize(t)] for t in texts]
    rng = random.Random(0)
    queries = [tokenize(texts[i]) for i in rng.sample(range(len(texts)), 60)] + [["oil", "oil", "price"]]

    def reference(rows: list[list[int]]) -> bm25s.BM25:
        index, full = bm25s.BM25(), dict(vocab)
        none = full.setdefault("\u2205", len(full))
        index.index(([r or [none] for r in rows], full), create_empty_token=False, show_progress=False)
        return index

    ours, theirs = LexicalIndex(None, ids, vocab), reference(ids)
    for q in queries:
        assert np.array_equal(ours.scores(q), theirs.get_scores(q) if q else np.zeros(len(ids))), q
    live, rows = list(range(len(ids))), list(ids)
    for _ in range(30):
        removed = rng.sample(live, 20)
        added = [ids[i] for i in rng.sample(range(len(ids)), 15)]
        live = sorted(set(live) - set(removed)) + list(range(len(rows), len(rows) + len(added)))
        rows += added
        ours = ours.updated(added, removed)
    theirs = reference([rows[r] for r in live])
    for q in queries:
        got = ours.scores(q)
        assert np.array_equal(got[live], theirs.get_scores(q) if q else np.zeros(len(live))), q
        assert not np.delete(got, live).any()


@pytest.mark.parametrize(("word", "present"), [
    ("won", "win"), ("wins", "win"), ("winning", "win"), ("filed", "file"), ("sold", "sell"), ("acquired", "acquire"),
])
def test_a_verb_is_stemmed_as_its_present(word, present):
    from index.lexical import stem, verb_stem

    assert verb_stem(word) == stem(present)
