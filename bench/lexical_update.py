"""The lexical index grows by the write: build, update and query costs on all of Reuters-21578.

    python -m bench.lexical_update                 # all 22 files: the 19,043 articles with a body
    python -m bench.lexical_update --limit 3000    # a quick run
    python -m bench.lexical_update --e2e 300       # also the end-to-end figure on a real 300-article store
    python -m bench.lexical_update --copies 1,4,10 # the lexical evidence of a question on Reuters x1, x4, x10

Part 1 (no Chroma, no embedding): the articles are read from the SGML files (as bench.speed reads
them: the title, a blank line, the body), cleaned and split as
``index.pipeline.prepare`` does, and the ``LexicalSnapshot`` is built from them directly. Reported:
the full build time and RSS; the time of ``LexicalSnapshot.updated`` for 1 and 10 articles added,
updated (a new text under a stored id) and deleted (median of repeats); the lexical step of a
question (BM25 of the sentences and the articles, as ``qa.retrieve.lexical_scores`` does) before
and after the writes; and, after 100 random writes, that the top 50 sentences and their scores are
those of a full build over the same articles.

Part 2 (``--e2e N``): a real store (embedded Chroma, the packaged embedding model) of N articles;
the p50 of a question asked right after a one-article write (the ``Assistant.add`` not timed), of a
quiet question, and of a question after the snapshot is thrown away (what every write cost before).

Part 3 (``--store``): the same articles in a real Chroma store (made-up 8-dimensional vectors, no
model); how long ``SnapshotCache.current()`` takes right after a one-article write (reading the
change log and the one document, and the update) against the full build.

Part 4 (``--copies K,...``): Reuters K times over (ids altered: ``r2-<id>``, ...), the snapshot
alone (no Chroma): the lexical evidence of a question as retrieval computes it (the BM25 hits of its
sentences and articles, every hit article's score, the 20 best articles, the 50 best sentences),
p50/p95 over the 50 questions, and the process's peak RSS. Its cost follows the postings of the
question's terms; before, it went over arrays of every row and article.

Corpus: ../shared/eval-data/reuters-21578 (never copied into the project).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.speed import EVAL, load_corpus
from index.documents import Document, StoredDocument
from index.errors import NewsqaError
from index.lexical import tokenize
from index.pipeline import prepare
from qa.snapshot import LexicalSnapshot


def rss_mb() -> float:
    """The current resident set size (MiB), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


EVAL_DIR = EVAL  # --eval-data


def reuters(limit: int | None) -> list[Document]:
    """The Reuters articles that have a body (the first ``limit``), as documents."""
    return [Document(id=r["id"], text=r["text"], title=r["title"] or None, source="Reuters")
            for r in load_corpus("reuters", limit, EVAL_DIR)]


def prepared(docs: list[Document]) -> list[StoredDocument]:
    out = []
    for d in docs:
        try:
            out.append(prepare(d))
        except NewsqaError:  # no article text left: not stored either
            continue
    return out


def ms(f: Callable[[], object], repeats: int = 1) -> tuple[float, object]:
    """Median wall time of ``f`` in ms over ``repeats`` runs, and its last result."""
    times, got = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        got = f()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), got


def lexical_step(snap: LexicalSnapshot, terms: list[str]):
    """The BM25 part of a question, as retrieval computes it (the sentences' and articles' hits)."""
    from qa.retrieve import lexical_scores

    return lexical_scores(snap, terms)


def evidence_step(snap: LexicalSnapshot, terms: list[str]) -> tuple[list, set]:
    """The whole lexical evidence of a question (no vector hits): its BM25 hits, the score of every
    article hit, the 20 best articles and the 50 best sentences, as ``HybridRetriever`` takes them."""
    from qa.retrieve import DenseHits, Weights, article_scores, lexical_scores

    lexical = lexical_scores(snap, terms)
    best = article_scores(snap, DenseHits([], {}), lexical, Weights()).best(20)
    return best, {snap.key(int(r)) for r in lexical.best_sentences(50)}


def query_p50(snap: LexicalSnapshot, queries: list[list[str]]) -> float:
    return statistics.median(ms(lambda q=q: lexical_step(snap, q))[0] for q in queries)


def edited(doc: StoredDocument, rng: random.Random) -> StoredDocument:
    """A new version of an article: its sentences shuffled, one dropped."""
    sentences = [doc.sentence_text(i) for i in range(doc.body_start, len(doc.sentences))]
    rng.shuffle(sentences)
    text = "\n\n".join(sentences[1:] or sentences)
    return prepare(Document(id=doc.id, text=f"{doc.title}\n\n{text}", title=doc.title, published=doc.published,
                            source=doc.source))


def update_costs(snap: LexicalSnapshot, docs: list[StoredDocument], rng: random.Random) -> dict[str, float]:
    """Median ms of ``updated`` for 1 and 10 articles added, updated and deleted (each from ``snap``)."""
    out = {}
    spare = [prepare(Document(id=f"new-{d.id}", text=d.text, title=d.title, published=d.published, source=d.source))
             for d in rng.sample(docs, 10)]
    for k in (1, 10):
        repeats = 20 if k == 1 else 10
        out[f"add_{k}_ms"] = ms(lambda k=k: snap.updated(spare[:k], (), "g", snap.position), repeats)[0]
        changed = [edited(d, rng) for d in rng.sample(docs, k)]
        out[f"update_{k}_ms"] = ms(lambda c=changed: snap.updated(c, (), "g", snap.position), repeats)[0]
        gone = {d.id for d in rng.sample(docs, k)}
        out[f"delete_{k}_ms"] = ms(lambda g=gone: snap.updated((), g, "g", snap.position), repeats)[0]
    return out


def random_writes(snap: LexicalSnapshot, stored: dict[str, StoredDocument], rng: random.Random, n: int):
    """``n`` writes of one article each (a third each: add, update, delete); the last snapshot and
    the median ms of a write."""
    pool = list(stored.values())
    times = []
    for i in range(n):
        kind = rng.choice(["add", "update", "delete"])
        if kind == "delete":
            gone, docs = {rng.choice(sorted(stored))}, []
            del stored[next(iter(gone))]
        else:
            source = rng.choice(pool)
            doc = edited(source, rng) if kind == "update" and source.id in stored else prepare(Document(
                id=f"w{i}", text=source.text, title=source.title, published=source.published, source=source.source))
            gone, docs = set(), [doc]
            stored[doc.id] = doc
        t, snap = ms(lambda s=snap, d=docs, g=gone: s.updated(d, g, "g", s.position))
        times.append(t)
    return snap, statistics.median(times)


def top(snap: LexicalSnapshot, terms: list[str], k: int = 50) -> list[tuple[float, tuple[str, int]]]:
    """The best ``k`` sentences (score, (doc id, index)), as retrieval picks them (argpartition)."""
    scores = snap.sentences.scores(terms)
    rows = np.argpartition(-scores, k - 1)[:k]
    return sorted(((float(scores[r]), snap.key(int(r))) for r in rows if scores[r] > 0), reverse=True)


def same_top(inc: LexicalSnapshot, full: LexicalSnapshot, queries: list[list[str]]) -> tuple[int, int]:
    """(queries whose top 50 scores are equal, and whose rows are the same apart from ties at the cut)."""
    scores_equal = rows_equal = 0
    for q in queries:
        a, b = top(inc, q), top(full, q)
        scores_equal += [s for s, _ in a] == [s for s, _ in b]
        cut = a[-1][0] if a else 0.0
        rows_equal += {key for s, key in a if s > cut} == {key for s, key in b if s > cut}
    return scores_equal, rows_equal


def part_one(limit: int | None, seed: int) -> None:
    t = time.perf_counter()
    docs = prepared(reuters(limit))
    print(f"{len(docs)} articles read and split in {time.perf_counter() - t:.1f} s")
    rng = random.Random(seed)
    queries = [tokenize(d.title or "") for d in rng.sample(docs, 50)]
    before = rss_mb()
    build_ms, snap = ms(lambda: LexicalSnapshot(docs))
    print(f"full build: {build_ms / 1000:.2f} s, {snap.sentences.n_rows} sentences; RSS {before:.0f} -> "
          f"{rss_mb():.0f} MiB (peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    quiet = query_p50(snap, queries)
    print(f"lexical step of a question (p50 of 50): {quiet:.1f} ms")
    for name, value in update_costs(snap, docs, rng).items():
        print(f"  {name}: {value:.1f}")
    stored = {d.id: d for d in docs}
    inc, write_ms = random_writes(snap, stored, rng, 100)
    print(f"100 random one-article writes: median {write_ms:.1f} ms each; {len(inc.sentences.segments)} "
          f"segments; lexical step after them: {query_p50(inc, queries):.1f} ms; RSS {rss_mb():.0f} MiB")
    full = LexicalSnapshot(stored.values())
    scores_equal, rows_equal = same_top(inc, full, queries)
    print(f"top 50 after 100 writes vs a full build: scores equal for {scores_equal}/50 questions, "
          f"the same sentences (ties at the cut aside) for {rows_equal}/50")


def part_two(n: int, seed: int) -> None:
    from qa import Assistant, Settings

    docs = reuters(None)
    rng = random.Random(seed)
    picked = rng.sample(docs, n + 20)
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(settings=Settings(store=str(Path(tmp) / "store"), cache_dir=str(Path(tmp) / "cache")))
        assistant.add(picked[:n])
        questions = [f"What about {d.title}?" for d in rng.sample(picked[:n], 20)]
        assistant.ask(questions[0])  # the model, the reader, the first build: outside the timings
        quiet = statistics.median(ms(lambda q=q: assistant.ask(q))[0] for q in questions)
        after_write = []
        for q, d in zip(questions, picked[n:], strict=True):
            assistant.add([d])
            after_write.append(ms(lambda q=q: assistant.ask(q))[0])
        snapshots = assistant.retriever.snapshots
        counters = f"{snapshots.counters.incremental} incremental updates, {snapshots.counters.full_builds} full build"
        snapshots.cache_dir = None  # what invalidate() did before: no snapshot, the next question rebuilds
        rebuilt = []
        for q in questions[:5]:
            snapshots._current = None
            rebuilt.append(ms(lambda q=q: assistant.ask(q))[0])
        print(f"end to end, {n} articles: quiet question p50 {quiet:.0f} ms; right after a one-article write "
              f"p50 {statistics.median(after_write):.0f} ms ({counters}); after throwing the snapshot away "
              f"(the old invalidate) p50 {statistics.median(rebuilt):.0f} ms")


def part_three(limit: int | None, seed: int) -> None:
    """The snapshot's catch-up on a real Chroma store of all of Reuters (8-dimensional made-up
    vectors: no model, and Chroma's vector index stays cheap to fill): the lexical part of the
    question right after a one-article write, against the full build every write used to cost."""
    from index.store import SentenceStore
    from qa.snapshot import SnapshotCache

    docs = prepared(reuters(limit))
    rng = random.Random(seed)

    def vectors(doc: StoredDocument) -> np.ndarray:
        return np.random.default_rng(len(doc.sentences)).normal(size=(len(doc.sentences), 8)).astype(np.float32)

    with tempfile.TemporaryDirectory() as tmp:
        store = SentenceStore(Path(tmp) / "store")
        t = time.perf_counter()
        for i in range(0, len(docs), 500):
            store.put_many([(d, vectors(d)) for d in docs[i : i + 500]], replacing=())
        print(f"store of {len(docs)} articles written in {time.perf_counter() - t:.0f} s")
        cache = SnapshotCache(store, Path(tmp) / "cache")
        build_ms, _ = ms(cache.current)
        quiet_ms, _ = ms(lambda: (cache.invalidate(), cache.current()), 20)  # the token read only
        after = []
        for d in rng.sample(docs, 20):
            new = edited(d, rng)
            store.put_many([(new, vectors(new))])
            cache.invalidate()
            after.append(ms(cache.current)[0])
        print(f"snapshot on the store: full build {build_ms / 1000:.1f} s; a quiet check {quiet_ms:.1f} ms; "
              f"brought up to date after a one-article write p50 {statistics.median(after):.1f} ms, max "
              f"{max(after):.1f} ms ({cache.counters.incremental} incremental, {cache.counters.full_builds} full)")


def part_four(copies: list[int], seed: int) -> None:
    docs = prepared(reuters(None))
    queries = [tokenize(d.title or "") for d in random.Random(seed).sample(docs, 50)]
    for k in copies:
        many = [d if c == 0 else dataclasses.replace(d, id=f"r{c + 1}-{d.id}") for c in range(k) for d in docs]
        t = time.perf_counter()
        snap = LexicalSnapshot(many)
        build_s = time.perf_counter() - t
        del many
        for q in queries[:5]:
            evidence_step(snap, q)  # warm
        times = sorted(ms(lambda q=q, s=snap: evidence_step(s, q))[0] for q in queries)
        print(f"Reuters x{k}: {len(snap.doc_ids)} articles, {snap.sentences.n_rows} sentences (built in {build_s:.0f} s); "
              f"lexical evidence of a question p50 {statistics.median(times):.1f} ms, p95 {times[int(0.95 * len(times)) - 1]:.1f} ms; "
              f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB", flush=True)
        snap = None  # freed before the next size is built


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (default: all)")
    ap.add_argument("--e2e", type=int, default=0, help="articles in the end-to-end store (0: skip it)")
    ap.add_argument("--store", action="store_true", help="also the catch-up on a real Chroma store of the articles")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copies", help="comma-separated: Reuters this many times over, for the lexical evidence (part 4)")
    ap.add_argument("--skip-part-one", action="store_true", help="only the parts asked for")
    ap.add_argument("--eval-data", type=Path, default=EVAL, help="the eval-data folder (reuters-21578/ in it)")
    args = ap.parse_args(argv)
    global EVAL_DIR
    EVAL_DIR = args.eval_data
    if not args.skip_part_one:
        part_one(args.limit, args.seed)
    if args.copies:
        part_four([int(k) for k in args.copies.split(",")], args.seed)
    if args.store:
        part_three(args.limit, args.seed)
    if args.e2e:
        part_two(args.e2e, args.seed)


if __name__ == "__main__":
    main()
