"""Lexical (BM25) search over sentences and documents, with bm25s.

The lexical index is a cache: it is rebuilt from the store of record (Chroma) whenever the
set of current document versions changes, so nothing here must survive a crash.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from functools import lru_cache

import numpy as np

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should
    so some such than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves s t d ll m re ve y also said says say according
    """.split()
)
_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: Snowball, fast C implementation

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball English stem ("mediating", "mediated" -> "mediat")."""
    if word.endswith("'s"):
        word = word[:-2]
    return _stemmer().stemWord(word)


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lowercased, stemmed word tokens; stopwords dropped unless asked to keep them."""
    out = []
    for m in _WORD.finditer(text.lower()):
        w = m.group(0).replace("’", "'").replace(".", "")
        if keep_stopwords or w not in STOPWORDS:
            out.append(stem(w))
    return out


class LexicalIndex:
    """BM25 over a list of texts, each with a key (e.g. a sentence's (doc id, index))."""

    def __init__(self, keys: Sequence[Hashable] | None, token_ids: Sequence[list[int]], vocab: dict[str, int]) -> None:
        """Index texts given as their tokens' ids (``tokenize``, then ``vocab``: token -> id, which
        may be shared with other indexes and hold tokens these texts lack). Ids, not token lists:
        bm25s would otherwise build a second copy of every list.
        ``keys`` None: the keys are the row numbers (no list of them is kept)."""
        import bm25s

        self.keys: Sequence[Hashable] = list(keys) if keys is not None else range(len(token_ids))
        self._bm25 = bm25s.BM25()
        self._empty = not self.keys
        if self._empty:
            return
        vocab = dict(vocab)
        none = vocab.setdefault("\u2205", len(vocab))  # a text without tokens
        self._bm25.index(([t or [none] for t in token_ids], vocab), create_empty_token=False, show_progress=False)

    def idf(self, tokens: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of each token over these texts (BM25's own formula; a token
        no text holds gets the highest value)."""
        n = len(self.keys)
        if self._empty:
            return {t: 0.0 for t in tokens}
        indptr = self._bm25.scores["indptr"]
        vocab = self._bm25.vocab_dict
        out = {}
        for t in tokens:
            i = vocab.get(t)
            df = int(indptr[i + 1] - indptr[i]) if i is not None and i + 1 < len(indptr) else 0
            out[t] = float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))
        return out

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every text, aligned with ``keys``."""
        if self._empty or not query_tokens:
            return np.zeros(len(self.keys), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_tokens), dtype=np.float32)
