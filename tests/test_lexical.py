"""BM25 over sentences: the token-id build (used by the retriever's snapshot) scores exactly as
bm25s built from the token lists; the lexical cache folder is pruned."""

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
