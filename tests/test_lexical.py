"""BM25 over sentences: the token-id build (used by the retriever's snapshot) scores exactly as
the token-list build, and rows map back to (doc id, sentence index)."""

from __future__ import annotations

import numpy as np

from index.lexical import LexicalIndex, tokenize

TEXTS = [
    "Hamas and Israel are holding talks mediated by Qatar and the United States.",
    "About 240 people were taken captive on October 7.",
    "",
    "Qatar said the talks on the captives were advancing.",
]


def test_token_ids_score_like_tokens():
    by_tokens = LexicalIndex(None, tokens=[tokenize(t) for t in TEXTS])
    vocab: dict[str, int] = {"unused": 0}  # a shared vocabulary may hold tokens these texts lack
    ids = [[vocab.setdefault(w, len(vocab)) for w in tokenize(t)] for t in TEXTS]
    by_ids = LexicalIndex(None, token_ids=(ids, vocab))
    assert list(by_ids.keys) == [0, 1, 2, 3]
    for q in ["who mediates the talks", "how many captives", "unused qatar", "nothing matches here"]:
        a, b = by_tokens.scores(tokenize(q)), by_ids.scores(tokenize(q))
        assert np.array_equal(a, b), q
    assert by_ids.top(tokenize("qatar captives"), 2)[0][0] == 3
    assert by_ids.scores(tokenize("unused")).max() == 0.0


def test_lexical_cache_keeps_the_recent_snapshots_only(tmp_path):
    import os

    from qa.retrieve import _SNAPSHOT_FORMAT, _prune_lexical_cache

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
