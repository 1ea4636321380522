"""Lexical (BM25) search over sentences and documents: an index that grows by the write.

Why not bm25s's own index: bm25s precomputes the score of every (text, token) pair, and each of
those depends on corpus-wide numbers (how many texts, their average length, how many texts hold
the token), so one added text changes all of them and the only update is a rebuild (3 s on all
of Reuters). ``LexicalIndex`` keeps what a write does not change, the postings (for each token,
the rows that hold it and how often), plus the corpus-wide numbers as running sums over the live
rows; a query scores only the postings of its own tokens, with bm25s's formula ("lucene":
idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf / (tf + k1 * (1 - b + b * len / avglen)), k1 1.5,
b 0.75) done with the same float64 operations in the same order and summed in float32 token by
token as bm25s does, so the scores are bit for bit those of bm25s built from the live texts
(tests/test_lexical.py checks it on real articles).

A write (``LexicalIndex.updated``) makes a new index and leaves the old one as it was, so a reader
keeps the index it started with:
- added texts get new rows after the last one, in a new small ``Segment``;
- a removed text's row is marked dead (a bitmap) and its tokens' document frequencies are taken
  back from the segment's forward lists (row -> its distinct tokens): a dead row scores 0 at once;
- when the newest segment holds as many postings as the one before, the two are merged (the
  binary-counter policy of log-structured merges: a posting is copied O(log n) times in its life),
  and the dead rows' postings are dropped then. Rows keep their numbers.
So a write costs the postings it adds or removes, plus a copy of the per-row arrays (5 bytes a
row: 1.7 MB for all of Reuters' sentences, a fraction of a millisecond) and of the per-token
document frequencies. Rows never come back to life: the owner rebuilds from scratch when dead
rows pile up (``dead_rows``).

The index is a cache of the store of record (Chroma): nothing here must survive a crash.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

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


# the present of irregular pasts, for a verb as a question writes it ("did he win" / "won")
_PRESENT_OF = {"won": "win", "lost": "lose", "took": "take", "made": "make", "got": "get", "saw": "see", "sold": "sell",
               "bought": "buy", "gave": "give", "kept": "keep", "held": "hold", "led": "lead", "went": "go",
               "ran": "run", "wrote": "write", "caught": "catch", "brought": "bring", "drew": "draw",
               "fought": "fight", "spent": "spend", "shot": "shoot", "began": "begin", "became": "become",
               "paid": "pay", "told": "tell", "left": "leave", "met": "meet", "found": "find", "built": "build",
               "sent": "send", "struck": "strike", "chose": "choose", "flew": "fly", "grew": "grow", "knew": "know",
               "threw": "throw", "broke": "break", "spoke": "speak", "stole": "steal", "rose": "rise", "fell": "fall",
               "ate": "eat", "drove": "drive", "rode": "ride", "sang": "sing", "swam": "swim", "wore": "wear",
               "taught": "teach", "thought": "think", "sought": "seek", "sank": "sink", "hid": "hide", "bit": "bite",
               "dug": "dig", "fed": "feed", "fled": "flee", "heard": "hear", "lent": "lend", "meant": "mean",
               "sat": "sit", "slept": "sleep", "stood": "stand", "stuck": "stick", "swore": "swear", "woke": "wake"}
IRREGULAR_PASTS = frozenset(_PRESENT_OF)


def verb_stem(word: str) -> str:
    """The stem of a verb's present, whatever its form: "won", "wins", "winning" -> "win"; "filed" -> "file"."""
    word = word.lower()
    return stem(_PRESENT_OF.get(word, word))


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """Lowercased, stemmed word tokens; stopwords dropped unless asked to keep them."""
    out = []
    for m in _WORD.finditer(text.lower()):
        w = m.group(0).replace("’", "'").replace(".", "")
        if keep_stopwords or w not in STOPWORDS:
            out.append(stem(w))
    return out


K1, B = 1.5, 0.75  # bm25s's defaults, as the index used them before
_SORT_BELOW = 16  # hits(): sort the postings when they are fewer than 1/16 of the rows
_MERGE_FACTOR = 1  # merge the newest segment into the one before once that one is at most this times bigger


def _idf(df: int, n: int) -> float:
    """bm25s's "lucene" idf, in Python floats as bm25s computes it."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _tf_part(tf: np.ndarray, lengths: np.ndarray, avg: np.float64) -> np.ndarray:
    """bm25s's term-frequency part, in float64: the same operations in the same order as bm25s's
    ``_score_tfc_robertson`` (``lengths`` stands for its per-text int, ``avg`` for its np.mean)."""
    return tf / (K1 * ((1 - B) + B * lengths / avg) + tf)


@dataclass(frozen=True)
class Segment:
    """The postings of a run of consecutive rows, never changed once made.

    Inverted lists: the postings of ``tokens[i]`` are ``rows[indptr[i]:indptr[i+1]]`` (global row
    numbers, ascending) with their term frequencies ``tf`` (float32, as bm25s counts them).
    Forward lists: row ``first_row + j`` holds the distinct tokens ``row_tokens[row_indptr[j]:
    row_indptr[j+1]]``; a delete reads them to take its tokens' document frequencies back.
    """

    first_row: int
    n_rows: int
    tokens: np.ndarray  # int64, ascending
    indptr: np.ndarray  # int64
    rows: np.ndarray  # int32
    tf: np.ndarray  # float32
    row_indptr: np.ndarray  # int64, n_rows + 1
    row_tokens: np.ndarray  # int32

    @classmethod
    def build(cls, first_row: int, token_ids: Sequence[Sequence[int]]) -> Segment:
        """The segment of texts given as token ids, numbered from ``first_row``."""
        counts = np.fromiter(map(len, token_ids), dtype=np.int64, count=len(token_ids))
        flat = np.fromiter(chain.from_iterable(token_ids), dtype=np.int64, count=int(counts.sum()))
        local = np.repeat(np.arange(len(token_ids), dtype=np.int64), counts)
        pairs, tf = np.unique((flat << 32) | local, return_counts=True)  # token-major, rows ascending
        return cls._from_postings(first_row, len(token_ids), pairs >> 32, (pairs & 0xFFFFFFFF) + first_row, tf)

    @classmethod
    def _from_postings(cls, first_row: int, n_rows: int, tok: np.ndarray, rows: np.ndarray, tf: np.ndarray) -> Segment:
        """A segment from its postings sorted by token, then row."""
        tokens, starts = np.unique(tok, return_index=True)
        by_row = np.argsort(rows, kind="stable")  # tokens stay ascending within a row
        per_row = np.bincount(rows - first_row, minlength=n_rows) if n_rows else np.zeros(0, np.int64)
        return cls(
            first_row=first_row,
            n_rows=n_rows,
            tokens=tokens.astype(np.int64),
            indptr=np.append(starts, len(tok)).astype(np.int64),
            rows=rows.astype(np.int32),
            tf=tf.astype(np.float32),
            row_indptr=np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64),
            row_tokens=tok[by_row].astype(np.int32),
        )

    @classmethod
    def merge(cls, segments: Sequence[Segment], live: np.ndarray) -> Segment:
        """One segment of consecutive ``segments`` (in row order), without the dead rows' postings."""
        tok = np.concatenate([np.repeat(s.tokens, np.diff(s.indptr)) for s in segments])
        rows = np.concatenate([s.rows for s in segments])
        tf = np.concatenate([s.tf for s in segments])
        keep = live[rows]
        tok, rows, tf = tok[keep], rows[keep], tf[keep]
        order = np.argsort(tok, kind="stable")  # the segments are in row order: rows stay ascending
        first = segments[0].first_row
        n_rows = segments[-1].first_row + segments[-1].n_rows - first
        return cls._from_postings(first, n_rows, tok[order], rows[order], tf[order])

    @property
    def size(self) -> int:
        """How many postings it holds."""
        return len(self.rows)

    def postings(self, token: int) -> tuple[np.ndarray, np.ndarray] | None:
        """(rows, term frequencies) of a token id, None when no row here holds it."""
        i = int(np.searchsorted(self.tokens, token))
        if i == len(self.tokens) or self.tokens[i] != token:
            return None
        a, b = self.indptr[i], self.indptr[i + 1]
        return self.rows[a:b], self.tf[a:b]

    def tokens_of(self, rows: np.ndarray) -> np.ndarray:
        """The distinct tokens of each of these rows (of this segment), all together."""
        local = rows - self.first_row
        starts, ends = self.row_indptr[local], self.row_indptr[local + 1]
        if not len(local):
            return np.zeros(0, np.int32)
        return np.concatenate([self.row_tokens[a:b] for a, b in zip(starts, ends, strict=True)])


class LexicalIndex:
    """BM25 over a list of texts, each with a key (e.g. a sentence's (doc id, index)); texts are
    added and removed by ``updated``, which returns a new index (this one is never changed)."""

    def __init__(self, keys: Sequence[Hashable] | None, token_ids: Sequence[list[int]], vocab: Mapping[str, int]) -> None:
        """Index texts given as their tokens' ids (``tokenize``, then ``vocab``: token -> id, which
        may be shared with other indexes and hold tokens these texts lack; it is read, never
        changed, and must only grow while the index lives).
        ``keys`` None: the keys are the row numbers (no list of them is kept)."""
        self.keys: Sequence[Hashable] = list(keys) if keys is not None else range(len(token_ids))
        self.vocab = vocab
        self._segments: tuple[Segment, ...] = (Segment.build(0, token_ids),) if len(token_ids) else ()
        # a text without tokens counts as one token long, as bm25s's placeholder token makes it
        self._lengths = np.fromiter((max(len(t), 1) for t in token_ids), dtype=np.int32, count=len(token_ids))
        self._live = np.ones(len(token_ids), dtype=bool)
        self._df = np.zeros(len(vocab), dtype=np.int64)
        if self._segments:
            seg = self._segments[0]
            self._df = _grown(self._df, int(seg.tokens[-1]) + 1 if len(seg.tokens) else 0)
            self._df[seg.tokens] = np.diff(seg.indptr)
        self.n_live = len(token_ids)
        self.total_length = int(self._lengths.sum())

    @property
    def n_rows(self) -> int:
        """Rows ever numbered here, dead ones included (the length of ``scores``)."""
        return len(self._lengths)

    @property
    def dead_rows(self) -> int:
        """How many rows were removed (they score 0 and stay numbered until a rebuild)."""
        return self.n_rows - self.n_live

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    def is_live(self, row: int) -> bool:
        """Whether the row's text is still indexed (not removed)."""
        return bool(self._live[row])

    def updated(
        self,
        token_ids: Sequence[Sequence[int]] = (),
        removed: Sequence[int] | np.ndarray = (),
        vocab: Mapping[str, int] | None = None,
        keys: Sequence[Hashable] = (),
    ) -> LexicalIndex:
        """A new index: these rows removed and these texts added as new rows after the last one
        (their keys, when the index has a list of keys). ``vocab``: the vocabulary the new texts'
        ids come from (the same one grown, or a grown copy). Costs the postings written."""
        new = object.__new__(LexicalIndex)
        new.__dict__.update(self.__dict__)
        if vocab is not None:
            new.vocab = vocab
        new._kill(np.unique(np.asarray(removed, dtype=np.int64)))
        if len(token_ids):
            new._append(token_ids, keys)
        return new

    def _kill(self, rows: np.ndarray) -> None:
        """Mark live rows dead and take their lengths and tokens out of the running sums."""
        rows = rows[self._live[rows]] if len(rows) else rows
        if not len(rows):
            return
        self._live = self._live.copy()
        self._live[rows] = False
        self._df = self._df.copy()
        for seg in self._segments:
            mine = rows[(rows >= seg.first_row) & (rows < seg.first_row + seg.n_rows)]
            if len(mine):
                np.subtract.at(self._df, seg.tokens_of(mine), 1)
        self.n_live -= len(rows)
        self.total_length -= int(self._lengths[rows].sum())

    def _append(self, token_ids: Sequence[Sequence[int]], keys: Sequence[Hashable]) -> None:
        """Add texts as a new segment, then merge segments as the policy says."""
        seg = Segment.build(self.n_rows, token_ids)
        lengths = np.fromiter((max(len(t), 1) for t in token_ids), dtype=np.int32, count=len(token_ids))
        self._lengths = np.concatenate([self._lengths, lengths])
        self._live = np.concatenate([self._live, np.ones(len(token_ids), dtype=bool)])
        self._df = _grown(self._df, int(seg.tokens[-1]) + 1 if len(seg.tokens) else 0).copy()
        self._df[seg.tokens] += np.diff(seg.indptr)
        self.n_live += len(token_ids)
        self.total_length += int(lengths.sum())
        self.keys = range(self.n_rows) if isinstance(self.keys, range) else [*self.keys, *keys]
        segments = [*self._segments, seg]
        while len(segments) > 1 and segments[-2].size <= _MERGE_FACTOR * segments[-1].size:
            segments[-2:] = [Segment.merge(segments[-2:], self._live)]
        self._segments = tuple(segments)

    def idf(self, tokens: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of each token over these texts (BM25's own formula; a token
        no text holds gets the highest value)."""
        n = self.n_live
        if not n:
            return {t: 0.0 for t in tokens}
        out = {}
        for t in tokens:
            df = self.doc_freq(t)
            out[t] = float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))
        return out

    def doc_freq(self, token: str) -> int:
        """How many live texts hold the token."""
        i = self.vocab.get(token)
        return int(self._df[i]) if i is not None and i < len(self._df) else 0

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every row (0 for removed ones), aligned with ``keys``: exactly bm25s's
        scores for an index of the live texts (a token counts as often as the query repeats it)."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        rows, values = self.hits(query_tokens)
        out[rows] = values
        return out

    def hits(self, query_tokens: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The live rows that hold a query token (ascending) and their BM25 scores: the nonzero
        entries of ``scores``, at a cost in proportion to the tokens' postings, not to the rows.

        A row's score adds its tokens' parts in float32 in the query's order, as ``scores`` always
        did (and bm25s does): the same numbers, bit for bit."""
        if not self.n_live or not query_tokens:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        avg = np.float64(self.total_length) / self.n_live  # what np.mean of the lengths gives
        row_parts, value_parts = [], []
        for t in query_tokens:
            df = self.doc_freq(t)
            if not df:
                continue
            idf = np.float32(_idf(df, self.n_live))
            token = self.vocab[t]
            for seg in self._segments:
                got = seg.postings(token)
                if got is not None:
                    rows, tf = got
                    row_parts.append(rows)
                    value_parts.append((idf * _tf_part(tf, self._lengths[rows], avg)).astype(np.float32))
        if not row_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        postings = sum(len(r) for r in row_parts)
        if len(row_parts) == 1:  # one token in one segment: its rows are distinct and ascending
            rows, values = row_parts[0].astype(np.int64), value_parts[0]
        elif postings * _SORT_BELOW < self.n_rows:  # few postings: sort them
            rows, at = np.unique(np.concatenate(row_parts).astype(np.int64), return_inverse=True)
            values = np.zeros(len(rows), dtype=np.float32)
            np.add.at(values, at, np.concatenate(value_parts))  # in order: the query's order per row
        else:  # common words: an array of every row is cheaper than sorting their postings
            out = np.zeros(self.n_rows, dtype=np.float32)
            for rows, part in zip(row_parts, value_parts, strict=True):
                out[rows] += part
            rows = np.flatnonzero(out)
            values = out[rows]
        live = self._live[rows]
        return (rows, values) if live.all() else (rows[live], values[live])


def _grown(df: np.ndarray, size: int) -> np.ndarray:
    """``df`` padded with zeros to at least ``size`` entries (the same array when long enough)."""
    return df if len(df) >= size else np.concatenate([df, np.zeros(size - len(df), dtype=df.dtype)])
