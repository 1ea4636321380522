"""Hybrid retrieval: dense (Chroma) + lexical (BM25) at sentence and article level.

A sentence is scored with its own evidence (cosine similarity, BM25), its neighbours'
(answers often sit next to the sentence that repeats the question's words) and its article's
(news questions are about one story: the article's BM25 and vector similarity). Only sentences
of current document versions are ever returned.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import numpy as np

from index.copies import CopyGroups
from index.documents import StoredDocument
from index.embed import Embedder
from index.store import SentenceHit, SentenceStore
from qa.filters import Filters
from qa.question import QuestionAnalysis
from qa.snapshot import LexicalSnapshot, SnapshotCache

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Weights:
    """How the evidence is combined (tuned with bench/quality.py; see README)."""

    dense: float = 1.0
    lexical: float = 0.6
    neighbour: float = 0.15
    article: float = 0.8
    lead: float = 0.05  # news puts key facts early: a small prior for the first sentences
    # an article's own score, from: its BM25, its vector, its best sentence's vector, its best
    # sentence's BM25 (tuned on NewsQA questions outside the benchmark's sample: bench/tune_reader.py)
    article_lexical: float = 0.5
    article_dense: float = 0.5
    article_best_dense: float = 0.33
    article_best_lexical: float = 0.17


@dataclass
class Evidence:
    """A candidate sentence with the scores that ranked it."""

    doc: StoredDocument
    index: int
    dense: float
    lexical: float
    article: float
    score: float

    @property
    def sentence(self) -> str:
        return self.doc.sentence_text(self.index)


@dataclass
class Retrieval:
    """Ranked candidate sentences, and the articles ranked by their own evidence."""

    evidence: list[Evidence]
    articles: list[tuple[str, float]]  # the best (at most 20), best first
    timings_ms: dict[str, float] = field(default_factory=dict)
    published_range: tuple[str, str] | None = None  # the oldest and newest publication dates stored
    idf: dict[str, float] = field(default_factory=dict)  # the question's terms over the stored articles
    unseen: frozenset[str] = frozenset()  # the question's terms no stored article holds
    copies: CopyGroups | None = None  # the copy groups retrieval used (citations use the same)
    stale: bool = False  # a candidate's document changed after the snapshot (it was left out)


_ARTICLES_KEPT = 20  # Retrieval.articles: the best ones only (all of Reuters would be thousands)
@dataclass
class DenseHits:
    """Vector hits: sentences of current versions (nearest first) and articles (id -> cosine)."""

    sentences: list[SentenceHit]
    documents: dict[str, float]


def _at(rows: np.ndarray, values: np.ndarray, row: int, default: float = 0.0):
    """``values`` at ``row`` in ascending ``rows`` (``default`` when it is not there): one row, as
    ranking asks for hundreds per question (half the time of ``_values_at`` on a one-row array)."""
    i = int(np.searchsorted(rows, row))
    return values[i] if i < len(rows) and rows[i] == row else default


def _found(rows: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each of the ``wanted`` rows: its position in ascending ``rows`` and whether it is there."""
    if not len(rows):
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    i = np.minimum(np.searchsorted(rows, wanted), len(rows) - 1)
    return i, rows[i] == wanted


def _values_at(rows: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``values`` at each of the ``wanted`` rows in ascending ``rows`` (0 where it is not there)."""
    i, there = _found(rows, wanted)
    return np.where(there, values[i], 0) if len(rows) else np.zeros(len(wanted), dtype=values.dtype)


def _largest(values: np.ndarray, k: int) -> np.ndarray:
    """The positions of the ``k`` largest ``values`` (all of them when there are no more), in no order."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    return np.arange(len(values)) if len(values) <= k else np.argpartition(-values, k - 1)[:k]


@dataclass
class LexicalScores:
    """BM25 of the question's terms over a snapshot: the sentence rows and the articles it scores
    (ascending rows, their scores), never an array of every row: a question costs in proportion to
    its terms' postings, whatever the store's size."""

    sentence_rows: np.ndarray
    sentence_values: np.ndarray  # float32
    article_rows: np.ndarray
    article_values: np.ndarray  # float32
    top_sentence: float  # the best sentence score (1.0 when nothing matched): scores are divided by it
    top_article: float
    best_rows: np.ndarray  # the articles with a sentence hit, ascending
    best_values: np.ndarray  # float64: each one's best sentence's score / top_sentence

    def sentence(self, row: int | None) -> float:
        """A sentence row's BM25 relative to the best sentence (0 for None: not in the snapshot)."""
        if row is None:
            return 0.0
        return float(_at(self.sentence_rows, self.sentence_values, row, np.float32(0.0)) / self.top_sentence)

    def best_sentences(self, k: int) -> np.ndarray:
        """The rows of the ``k`` best sentence hits (which of equal scores: either), in no order."""
        return self.sentence_rows[_largest(self.sentence_values, k)]


def lexical_scores(lex: LexicalSnapshot, terms: list[str], allowed: np.ndarray | None = None) -> LexicalScores:
    """BM25 scores of ``terms`` over the snapshot's sentences and articles (none for the articles
    ``allowed`` leaves out, and their sentences)."""
    sent_rows, sent_bm25 = lex.sentences.hits(terms)
    art_rows, art_bm25 = lex.articles.hits(terms)
    if allowed is not None:
        keep = allowed[lex.sentence_article[sent_rows]]
        sent_rows, sent_bm25 = sent_rows[keep], sent_bm25[keep]
        keep = allowed[art_rows]
        art_rows, art_bm25 = art_rows[keep], art_bm25[keep]
    top_sent = sent_bm25.max() if len(sent_bm25) else 1.0
    top_art = art_bm25.max() if len(art_bm25) else 1.0
    # each hit article's best sentence: ascending rows have non-decreasing articles (an article's
    # sentences take consecutive rows, and a written article new ones after the last)
    articles = lex.sentence_article[sent_rows]
    starts = np.flatnonzero(np.concatenate([[True], articles[1:] != articles[:-1]])) if len(articles) else articles
    best_rows = articles[starts]
    best_lex = np.maximum.reduceat(sent_bm25 / top_sent, starts).astype(np.float64) if len(starts) else np.zeros(0)
    return LexicalScores(sent_rows, sent_bm25, art_rows, art_bm25, top_sent, top_art, best_rows, best_lex)


@dataclass
class ArticleScores:
    """The score of each article with a hit (``rows`` ascending, ``values`` aligned)."""

    lex: LexicalSnapshot
    rows: np.ndarray
    values: np.ndarray

    def of(self, doc_id: str) -> float:
        """The article's score (0 when it had no hit at all)."""
        r = self.lex.article_row.get(doc_id)
        return float(_at(self.rows, self.values, r)) if r is not None else 0.0

    def best(self, top: int) -> list[tuple[str, float]]:
        """The ``top`` best articles as (doc id, score), best first."""
        ranked = [(self.lex.doc_ids[self.rows[i]], float(self.values[i])) for i in _largest(self.values, top)]
        return sorted(ranked, key=lambda kv: -kv[1])[:top]


def article_scores(lex: LexicalSnapshot, dense: DenseHits, lexical: LexicalScores, w: Weights) -> ArticleScores:
    """Article evidence: lexical + vector similarity + the best sentence hit inside it, for every
    article with a lexical or a vector hit (thousands match a common word: arrays of those only)."""
    doc_dense = dense.documents
    floor = min(doc_dense.values()) if doc_dense else 0.0
    best_dense_in_doc: dict[str, float] = defaultdict(float)
    for h in dense.sentences:
        best_dense_in_doc[h.doc_id] = max(best_dense_in_doc[h.doc_id], h.similarity)
    # the articles hit, and the vector hits' (of the snapshot's articles only) put in their places
    vector_docs = set(doc_dense) | set(best_dense_in_doc)
    vector_rows = np.array(sorted(lex.article_row[d] for d in vector_docs), dtype=np.int64)
    rows = lexical.article_rows
    new = vector_rows[~_found(rows, vector_rows)[1]]
    rows = np.insert(rows, np.searchsorted(rows, new), new)
    art_lex = _values_at(lexical.article_rows, (lexical.article_values / lexical.top_article).astype(np.float64), rows)
    best_lex = _values_at(lexical.best_rows, lexical.best_values, rows)
    art_score = w.article_lexical * art_lex + w.article_dense * floor
    art_score += w.article_best_lexical * best_lex
    for d in vector_docs:
        i = int(np.searchsorted(rows, lex.article_row[d]))
        art_score[i] = (
            w.article_lexical * float(art_lex[i])
            + w.article_dense * doc_dense.get(d, floor)
            + w.article_best_dense * best_dense_in_doc.get(d, 0.0)
            + w.article_best_lexical * float(best_lex[i])
        )
    return ArticleScores(lex, rows, art_score)


def rank_candidates(
    lex: LexicalSnapshot,
    cand: set[tuple[str, int]],
    similarity: dict[tuple[str, int], float],
    lexical: LexicalScores,
    articles: ArticleScores,
    w: Weights,
) -> list[tuple[float, str, int, float, float]]:
    """(score, doc id, index, lexical, article) of every candidate, best first: its vector
    similarity, BM25, its neighbours' BM25, its article's score and a small lead prior."""
    ranked = []
    for doc_id, idx in cand:
        lexical_score = lexical.sentence(lex.row(doc_id, idx))
        body = lex.first_body_sentence(doc_id)  # a headline is no body sentence's neighbour
        neigh = 0.0
        for j in (idx - 1, idx + 1) if idx >= body else ():
            r = lex.row(doc_id, j) if j >= body else None
            if r is not None:
                neigh = max(neigh, lexical.sentence(r))
        a = articles.of(doc_id)
        score = (
            w.dense * similarity.get((doc_id, idx), 0.0)
            + w.lexical * lexical_score
            + w.neighbour * neigh
            + w.article * a
            + w.lead / (1.0 + max(0, idx - body))  # the lead's position in the body (a headline: as the first)
        )
        ranked.append((score, doc_id, idx, lexical_score, a))
    # equal scores (an article and its exact copy) in the order of their keys, not of the set's
    # hashes, which change from one process to the next: the same question, the same evidence
    ranked.sort(key=lambda t: (-t[0], t[1], t[2]))
    return ranked


def _nearest(query: Callable[[int], list[T]], k: int, keep: Callable[[T], bool], rounds: int = 3) -> list[T]:
    """The ``k`` nearest hits that ``keep`` keeps (of the snapshot, through the filters): ``query(n)``
    asked again for more when some were left out (written after the snapshot, or filtered), so a
    write in progress does not crowd the snapshot's own hits out. A quiet store asks once."""
    n = k
    for _ in range(rounds):
        hits = query(n)
        kept = [h for h in hits if keep(h)]
        if len(kept) >= k or len(hits) < n:
            break
        n += 2 * (len(hits) - len(kept))
    return kept[:k]


def lead_articles(articles: list[tuple[str, float]], k: int, groups: CopyGroups | None) -> list[str]:
    """The ``k`` best articles whose every sentence becomes a candidate, one per copy group (a wire
    re-send adds nothing its original does not say)."""
    out: list[str] = []
    seen: set[str] = set()
    for doc_id, _ in articles:
        group = groups.group_of(doc_id) if groups is not None else None
        if group is not None:
            if group in seen:
                continue
            seen.add(group)
        out.append(doc_id)
        if len(out) == k:
            break
    return out


class HybridRetriever:
    """Finds the sentences most likely to answer a question."""

    def __init__(
        self,
        store: SentenceStore,
        embedder: Embedder,
        weights: Weights | None = None,
        dense_k: int = 50,
        lexical_k: int = 50,
        article_k: int = 3,
        freshness_s: float = 0.5,
        cache_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.weights = weights or Weights()
        self.dense_k, self.lexical_k, self.article_k = dense_k, lexical_k, article_k
        self.snapshots = SnapshotCache(store, cache_dir, freshness_s)

    def invalidate(self) -> None:
        """After a write: the next question brings the lexical snapshot up to date from the store's
        change log (the documents written only), instead of waiting up to ``freshness_s``."""
        self.snapshots.invalidate()

    def _snapshot(self) -> LexicalSnapshot:
        """The current lexical snapshot (one object for the whole question: writes make new ones)."""
        return self.snapshots.current()


    def retrieve(
        self, q: QuestionAnalysis, limit: int = 20, history_terms: tuple[str, ...] = (), filters: Filters | None = None,
        copies: bool = False,
    ) -> Retrieval:
        """The best ``limit`` sentences for the question, best first: vector and BM25 hits, article
        scores, candidates (hits plus every sentence of the leading articles), ranked; only the best
        candidates' documents are read. ``filters``: only articles of that date range and sources.
        ``copies``: keep a sentence that a copy of its article already gave (a timeline keeps the
        earliest copy itself); by default it is no new evidence.

        A document rewritten or removed since the snapshot cannot be read at the snapshot's version
        (the store keeps the current one): the question is then asked again on the snapshot brought up
        to date (milliseconds, from the change log), so a write never turns an answer into "not found"."""
        filters = filters if filters is not None and filters.active else None
        retrieval = self._retrieve_on(self._snapshot(), q, limit, history_terms, filters, copies)
        if retrieval.stale:
            retrieval = self._retrieve_on(self.snapshots.catch_up(), q, limit, history_terms, filters, copies)
        return retrieval

    def _retrieve_on(
        self, lex: LexicalSnapshot, q: QuestionAnalysis, limit: int, history_terms: tuple[str, ...],
        filters: Filters | None, copies: bool,
    ) -> Retrieval:
        """``retrieve`` on one snapshot."""
        allowed = filters.mask(lex.published_ts, lex.source_keys) if filters else None
        self.embedder.load()  # outside the timings: loads (or exports) once
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        qvec = self.embedder.encode_query(q.text)
        timings["embed"] = (time.perf_counter() - t0) * 1000

        t1 = time.perf_counter()
        if filters and filters.undated and not lex.has_undated():
            filters = replace(filters, undated=False)  # every article is dated: Chroma can bound the dates
        dense = self._dense_hits(lex, qvec, filters.where if filters else None, allowed)
        timings["dense"] = (time.perf_counter() - t1) * 1000

        t2 = time.perf_counter()
        terms = list(q.terms) + [t for t in history_terms if t not in q.terms]
        lexical = lexical_scores(lex, terms, allowed)
        timings["lexical"] = (time.perf_counter() - t2) * 1000

        scores = article_scores(lex, dense, lexical, self.weights)
        articles = scores.best(max(self.article_k, _ARTICLES_KEPT))
        groups = self.copy_groups(lex)
        cand = self._candidates(lex, dense, lexical, lead_articles(articles, self.article_k, groups))
        similarity = self._candidate_similarities(lex, qvec, dense, cand)
        ranked = rank_candidates(lex, cand, similarity, lexical, scores, self.weights)
        evidence, stale = self._evidence(lex, ranked, limit, similarity, None if copies else groups)
        timings["candidates"] = (time.perf_counter() - t2) * 1000 - timings["lexical"]
        timings["retrieve_total"] = (time.perf_counter() - t0) * 1000
        return Retrieval(evidence=evidence, articles=articles, timings_ms=timings, published_range=lex.published_range,
                         idf=lex.articles.idf(terms), copies=groups, stale=stale,
                         unseen=frozenset(t for t in {*terms, *q.key_terms} if not lex.articles.doc_freq(t)))

    def _dense_hits(
        self, lex: LexicalSnapshot, qvec: np.ndarray, where: dict | None = None, allowed: np.ndarray | None = None
    ) -> DenseHits:
        """The nearest sentences and articles of the snapshot's versions, by vector (``where``: only
        those the filters let through; ``allowed``: the snapshot's articles that pass, for what
        ``where`` cannot say). An article written after the snapshot is left to the next one: a
        question reads one consistent state of the store."""

        def passes(doc_id: str) -> bool:
            r = lex.article_row.get(doc_id)
            return r is not None and (allowed is None or bool(allowed[r]))

        sentences = _nearest(
            lambda n: self.store.query_sentences(qvec, n, where=where), self.dense_k,
            lambda h: lex.versions.get(h.doc_id) == h.version and passes(h.doc_id),
        )
        documents = dict(_nearest(lambda n: self.store.query_documents(qvec, n, where=where), 20, lambda d: passes(d[0])))
        return DenseHits(sentences, documents)

    def copy_groups(self, lex: LexicalSnapshot | None = None) -> CopyGroups:
        """The store's copy groups (wire re-sends, corrections: ``index.copies``), as of the lexical
        snapshot (by default the current one): a write costs reading the changed documents' records."""
        lex = lex or self._snapshot()
        return CopyGroups.load(self.store, lex.versions, lex.generation, lex.position.ts)

    def generation(self) -> str:
        """The store's generation the current snapshot reads (it changes with every write)."""
        return self._snapshot().generation

    def published_range(self) -> tuple[str, str] | None:
        """The oldest and newest publication dates stored (None: no article is dated)."""
        return self._snapshot().published_range

    def known_sources(self) -> set[str]:
        """The source keys of the stored articles (lower-cased), for checking a source filter."""
        return {k for k in self._snapshot().source_keys if k}

    def _candidates(
        self, lex: LexicalSnapshot, dense: DenseHits, lexical: LexicalScores, lead_docs: list[str]
    ) -> set[tuple[str, int]]:
        """(doc id, sentence index) of the vector hits, the best BM25 hits and every sentence of the
        leading articles."""
        cand: set[tuple[str, int]] = {(h.doc_id, h.index) for h in dense.sentences}
        cand.update(lex.key(int(r)) for r in lexical.best_sentences(self.lexical_k))
        for d in lead_docs:
            cand.update((d, i) for i in range(lex.sentence_count(d) or 0))
        return {c for c in cand if lex.row(*c) is not None}

    def _candidate_similarities(
        self,
        lex: LexicalSnapshot,
        qvec: np.ndarray,
        dense: DenseHits,
        cand: set[tuple[str, int]],
    ) -> dict[tuple[str, int], float]:
        """Cosine similarity of the question to every candidate: from the vector hits, else from
        the candidates' stored vectors."""
        similarity = {(h.doc_id, h.index): h.similarity for h in dense.sentences}
        missing = [c for c in cand if c not in similarity]
        if missing:
            versions = {d: lex.versions[d] for d, _ in missing}
            similarity.update(self._similarities(qvec, versions, missing))
        return similarity

    def _evidence(
        self,
        lex: LexicalSnapshot,
        scored: list[tuple[float, str, int, float, float]],
        limit: int,
        dense: dict[tuple[str, int], float],
        groups: CopyGroups | None = None,
    ) -> tuple[list[Evidence], bool]:
        """The best ``limit`` scored candidates as Evidence, with their documents read from the store
        (one deleted or rewritten since the snapshot is skipped: the next snapshot answers from it).
        A sentence that a copy of its article (same copy group) already gave is no new evidence:
        slots are not spent on copies."""
        out: list[Evidence] = []
        stale = False
        docs: dict[str, StoredDocument] = {}
        taken: set[tuple[str, str]] = set()  # (copy group, sentence text)
        pos = 0
        while len(out) < limit and pos < len(scored):
            batch = scored[pos : pos + limit - len(out)]
            pos += len(batch)
            docs.update(self.store.get([d for _, d, _, _, _ in batch if d not in docs]))
            for score, doc_id, idx, lexical, a in batch:
                doc = docs.get(doc_id)
                if doc is None or doc.version != lex.versions.get(doc_id) or idx >= len(doc.sentences):
                    stale = True
                    continue
                group = groups.group_of(doc_id) if groups is not None else None
                if group is not None:
                    key = (group, " ".join(doc.sentence_text(idx).split()))
                    if key in taken:
                        continue
                    taken.add(key)
                out.append(Evidence(doc, idx, dense.get((doc_id, idx), 0.0), lexical, a, score))
        return out, stale

    def _similarities(
        self, qvec: np.ndarray, versions: dict[str, str], keys: list[tuple[str, int]]
    ) -> dict[tuple[str, int], float]:
        """Cosine similarity of the question to sentences by key, from their stored vectors."""
        from index.store import sentence_id

        ids = [sentence_id(d, versions[d], i) for d, i in keys]
        vec = self.store.sentence_vectors(ids)
        out = {}
        for key, sid in zip(keys, ids, strict=True):
            if sid in vec:
                out[key] = float(np.dot(qvec, vec[sid]))
        return out
