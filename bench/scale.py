"""How one question-answering process scales with the store: memory and latency per component,
measured on stores of increasing size, fitted, and extrapolated to 1M and 10M articles.

    python -m bench.scale --json /tmp/scale.json                  # BBC, Reuters, Reuters x3 (~1 h on 2 cores)
    python -m bench.scale --sizes bbc,reuters,reuters2 --json /tmp/s.json  # ~40 min: what docs/scaling.md ran
    python -m bench.scale --sizes reuters --server --json ...     # also a worker on a `chroma run` server

Sizes (each store is written under --workdir, default /tmp/scale, and deleted after unless --keep):
- ``bbc``: all 2,225 BBC articles indexed for real (``Assistant.add``: the packaged MiniLM in ONNX
  Runtime), which also gives the indexing throughput with real embeddings; before it, the encoder
  alone on the sentences of the first ``--encode-articles`` (300) articles.
- ``reuters``: all 19,043 Reuters-21578 articles with a body; ``reuters3``: them three times over
  (ids ``reuters-N``, ``r2-reuters-N``, ``r3-reuters-N``: 57,129 articles). Both are written through
  the production write path (``index.pipeline.index_documents``: clean, split, ``put_many``, copy
  signatures) with a made-up embedder that gives random unit vectors of MiniLM's dimension (384).
  So the vector-search cost is representative (the same number of 384-d vectors in the same HNSW
  index; random vectors are, if anything, harder for HNSW than real ones), the answers are not.
  Their write time is indexing without the embedding.

Per size, in a fresh process (so its peak RSS is its own), on the built store: the store's size on
disk; the RSS delta and time of each thing a question needs loaded (the vector index, at the first
vector query; the lexical snapshot's full build, with its peak; the copy groups; the reader and the
answerability model, at the first question); then ``--questions`` (50) questions (the titles of
random articles, as ``bench.speed`` asks them), the p50/p95 of each step of ``Answer.timings_ms``
(embed, dense, lexical, candidates, read, total) and the process's peak RSS. With ``--server``, the
same process again as a client of ``chroma run`` on the same store: the worker's RSS without the
vector index, and the server's.

Then linear fits of each figure against the number of sentences, extrapolated to 18 and 180 million
sentences (~1M and ~10M articles at ~18 sentences per article): extrapolations, not measurements.
The corpora are read from ../shared/eval-data (never copied into the project).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.lexical_update import rss_mb
from bench.speed import EVAL, ROOT, du, load_corpus, queries
from index.documents import Document

SIZES = ("bbc", "reuters", "reuters3")  # also reuters2, reuters4, ...: Reuters N times over
STEPS = ("embed", "dense", "lexical", "candidates", "retrieve_total", "read", "total")
DIM = 384
TARGETS = {"1M articles": 18_000_000, "10M articles": 180_000_000}  # sentences (~18 per article)


# -- helpers ----------------------------------------------------------------------------------------
def peak_mb() -> float:
    """The process's peak RSS since start, or since the last ``reset_peak`` (VmHWM, MiB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux: write 5 to clear_refs); False when not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def tree_rss_mb(pid: int, field: str = "VmRSS") -> float:
    """``field`` (VmRSS or VmHWM) of a process and its children, summed (MiB)."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = (task / "children").read_text().split()
                todo.extend(int(k) for k in kids)
        except OSError:
            continue
    return total


def settled_rss_mb() -> float:
    """RSS once garbage is collected and the C heap's free pages are handed back (so a delta is
    what stays, not what the allocator happened to keep)."""
    from index.memory import release_freed_memory

    gc.collect()
    release_freed_memory()
    return rss_mb()


def measured(f):
    """(result, seconds, RSS delta in MiB) of calling ``f``."""
    before = settled_rss_mb()
    t = time.perf_counter()
    got = f()
    elapsed = time.perf_counter() - t
    return got, elapsed, settled_rss_mb() - before


def deep_mb(obj) -> float:
    """What an object graph holds (MiB): numpy arrays by their buffers, Python objects by
    ``sys.getsizeof``; shared objects counted once."""
    seen: set[int] = set()
    total, todo = 0, [obj]
    while todo:
        o = todo.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, np.ndarray):
            total += o.nbytes + 112
            continue
        total += sys.getsizeof(o)
        if isinstance(o, dict):
            todo.extend(o.keys())
            todo.extend(o.values())
        elif isinstance(o, list | tuple | set | frozenset):
            todo.extend(o)
        elif hasattr(o, "__dict__"):
            todo.append(vars(o))
        elif hasattr(o, "__slots__"):
            todo.extend(getattr(o, a) for a in o.__slots__ if hasattr(o, a))
    return total / 2**20


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def private_cache(workdir: Path) -> Path:
    """A fresh cache folder (so the lexical snapshot is built, not loaded) that shares the user's
    exported ONNX encoders (links: no re-export)."""
    from qa.config import Settings

    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=workdir))
    user = Settings().cache_path
    for f in user.glob("encoder-*.onnx"):
        (cache / f.name).symlink_to(f)
    return cache


class RandomEmbedder:
    """Stands in for ``index.embed.Embedder`` when writing: random unit vectors of MiniLM's size."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)

    def load(self) -> RandomEmbedder:
        return self

    def encode(self, texts: list[str], show_progress: bool = False) -> np.ndarray:
        v = self.rng.standard_normal((len(texts), DIM), dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def articles(size: str, eval_dir: Path, limit: int | None = None) -> list[dict]:
    """The articles of a size as {id, title, text} (of the first ``limit`` of the corpus, for a quick run)."""
    if size == "bbc":
        return load_corpus("bbc", limit, eval_dir)
    base = load_corpus("reuters", limit, eval_dir)
    return [{**a, "id": a["id"] if k == 0 else f"r{k + 1}-{a['id']}"} for k in range(copies(size)) for a in base]


def copies(size: str) -> int:
    """How many times over a size holds Reuters (0: not Reuters)."""
    if size == "bbc":
        return 0
    if size.startswith("reuters") and (size[7:] == "" or size[7:].isdigit() and int(size[7:]) >= 1):
        return int(size[7:] or 1)
    raise SystemExit(f"unknown size {size!r}: bbc, reuters, reuters2, reuters3, ...")


# -- workers (each in its own process) --------------------------------------------------------------
def build(
    size: str, store: Path, cache: Path, eval_dir: Path, encode_articles: int, limit: int | None, skip: int = 0
) -> dict:
    """Write the store of ``size`` (``skip``: the first articles are stored already: a copy of a
    smaller store); indexing throughput of what it writes."""
    from index.pipeline import index_documents, prepare
    from index.store import SentenceStore

    arts = articles(size, eval_dir, limit)
    docs = [Document(id=a["id"], text=a["text"], source="BBC" if size == "bbc" else "Reuters") for a in arts]
    out: dict = {"size": size, "articles": len(docs), "already_stored": skip}
    docs = docs[skip:]
    if size == "bbc":
        from qa import Assistant, Settings

        assistant = Assistant(store, settings=Settings(cache_dir=str(cache)))
        assistant.embedder.load()  # outside the clock, as bench.speed does
        texts = [s for d in docs[:encode_articles] for p in [prepare(d)] for s in
                 (p.sentence_text(i) for i in range(len(p.sentences)))]
        t = time.perf_counter()
        assistant.embedder.encode(texts)
        encode_s = time.perf_counter() - t
        out["encoder_only"] = {"articles": encode_articles, "sentences": len(texts), "seconds": encode_s,
                               "sentences_per_s": len(texts) / encode_s}
        reset_peak()
        t = time.perf_counter()
        report = assistant.add(docs)
        index_s = time.perf_counter() - t
        store_obj = assistant.store
        embedded = True
    else:
        store_obj = SentenceStore(store)
        before = store_obj.sentence_count()
        reset_peak()
        t = time.perf_counter()
        report = index_documents(store_obj, RandomEmbedder(skip), docs, batch_docs=64)
        index_s = time.perf_counter() - t
        embedded = False
    sentences = store_obj.sentence_count()
    written = sentences - (before if size != "bbc" else 0)
    out.update({
        "stored_articles": store_obj.count(), "written_articles": len(report.added), "sentences": sentences,
        "written_sentences": written, "index_s": index_s, "articles_per_s": len(report.added) / index_s,
        "sentences_per_s": written / index_s, "real_embeddings": embedded, "index_peak_rss_mb": peak_mb(),
    })
    return out


def query(
    store: Path, cache: Path, n_questions: int, eval_dir: Path, size: str, chroma_url: str | None, limit: int | None
) -> dict:
    """Open the store, load what a question needs (measuring each part), ask the questions."""
    from index.copies import CopyGroups
    from qa import Assistant, Settings

    qs = queries(articles(size, eval_dir, limit), n_questions + 1)
    out: dict = {"rss_start_mb": rss_mb()}
    settings = Settings(cache_dir=str(cache))
    assistant, out["open_s"], out["open_rss_mb"] = measured(
        lambda: Assistant(None if chroma_url else store, settings=settings, chroma_url=chroma_url))
    _, out["encoder_load_s"], out["encoder_rss_mb"] = measured(assistant.embedder.load)
    probe = assistant.embedder.encode_query("central bank interest rates")

    def vectors():
        assistant.store.query_sentences(probe, 50)
        assistant.store.query_documents(probe, 20)

    _, out["vector_first_query_s"], out["vector_index_rss_mb"] = measured(vectors)
    before = settled_rss_mb()
    reset_peak()
    snap, out["lexical_build_s"], out["lexical_rss_mb"] = measured(assistant.retriever.snapshots.current)
    out["lexical_build_peak_delta_mb"] = peak_mb() - before
    out["lexical_objects_mb"] = deep_mb(snap)
    out["lexical"] = {
        "sentence_rows": snap.sentences.n_rows, "article_rows": snap.articles.n_rows, "vocabulary": len(snap.vocab),
        "sentence_postings": sum(s.size for s in snap.sentences.segments),
        "article_postings": sum(s.size for s in snap.articles.segments),
    }
    saved = sorted(cache.glob("lexical-v*.pkl"))
    out["lexical_pickle_mb"] = saved[-1].stat().st_size / 2**20 if saved else None
    groups, out["copy_groups_s"], out["copy_groups_rss_mb"] = measured(lambda: CopyGroups.load(assistant.store))
    out["copy_groups_objects_mb"] = deep_mb(groups)
    # what every worker reads again after any write, to bring its copy groups up to date
    _, out["current_versions_s"], _ = measured(assistant.store.current_versions)
    _, out["first_question_s"], out["first_question_rss_mb"] = measured(lambda: assistant.ask(qs[0]))
    steps: dict[str, list[float]] = {k: [] for k in STEPS}
    wall, abstained = [], 0
    for q in qs[1:]:
        t = time.perf_counter()
        answer = assistant.ask(q)
        wall.append((time.perf_counter() - t) * 1000)
        abstained += answer.abstained
        for k in STEPS:
            if k in answer.timings_ms:
                steps[k].append(float(answer.timings_ms[k]))
    out["questions"] = len(wall)
    out["abstained"] = abstained
    out["ask_ms"] = {"p50": pct(wall, 50), "p95": pct(wall, 95)}
    out["steps_ms"] = {k: {"p50": pct(v, 50), "p95": pct(v, 95), "n": len(v)} for k, v in steps.items()}
    out["rss_end_mb"] = rss_mb()
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if saved:  # what a new worker pays instead of the build: reading the saved snapshot
        fresh = type(assistant.retriever.snapshots)(assistant.store, cache)
        _, out["lexical_load_s"], _ = measured(fresh._load)
    return out


# -- the driver ---------------------------------------------------------------------------------------
def run_worker(args: list[str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        cmd = [sys.executable, "-m", "bench.scale", *args, "--out", f.name]
        subprocess.run(cmd, cwd=ROOT, check=True)
        return json.loads(Path(f.name).read_text())


def with_server(store: Path, common: list[str]) -> dict:
    """The query worker as a client of ``chroma run`` on the store (the local server ``newsqa serve
    --workers N`` starts); the server's RSS too."""
    from qa.http import ChromaStartError, local_chroma

    try:
        with local_chroma(store, start_timeout_s=120) as server:
            idle = tree_rss_mb(server.pid)
            got = run_worker([*common, "--chroma-url", server.url])
            got["server_rss_idle_mb"] = idle
            got["server_rss_mb"] = tree_rss_mb(server.pid)
            got["server_peak_rss_mb"] = tree_rss_mb(server.pid, "VmHWM")
            return got
    except ChromaStartError as exc:
        raise SystemExit(str(exc)) from exc


def grow_from(workdir: Path, size: str, store: Path, keep: bool) -> int:
    """Start a Reuters-N-times store from the biggest smaller one still in ``workdir`` (a copy of
    its folder, or the folder itself unless ``keep``): the articles it holds are not written
    again. How many it holds."""
    k = copies(size)
    smaller = sorted((copies(p.name[6:]), p) for p in workdir.glob("store-reuters*")
                     if p.is_dir() and 0 < copies(p.name[6:]) < k and (workdir / f"entry-{p.name[6:]}.json").exists())
    if not smaller:
        return 0
    _, path = smaller[-1]
    if keep:
        shutil.copytree(path, store)
    else:
        path.rename(store)
    return json.loads((workdir / f"entry-{path.name[6:]}.json").read_text())["build"]["articles"]


def fit(xs: list[float], ys: list[float]) -> dict | None:
    """Least-squares line y = a + b x and its values at the target sizes."""
    pts = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None and np.isfinite(y)]
    if len(pts) < 2:
        return None
    b, a = np.polyfit([p[0] for p in pts], [p[1] for p in pts], 1)
    return {"intercept": float(a), "per_million_sentences": float(b * 1e6),
            **{name: float(a + b * n) for name, n in TARGETS.items()}}


def fits(results: dict[str, dict]) -> dict:
    xs = [r["build"]["sentences"] for r in results.values()]
    q = [r["query"] for r in results.values()]
    series = {
        "store_mb": [r["store_mb"] for r in results.values()],
        "vector_index_rss_mb": [r["vector_index_rss_mb"] for r in q],
        "lexical_rss_mb": [r["lexical_rss_mb"] for r in q],
        "lexical_build_peak_delta_mb": [r["lexical_build_peak_delta_mb"] for r in q],
        "lexical_build_s": [r["lexical_build_s"] for r in q],
        "lexical_pickle_mb": [r["lexical_pickle_mb"] for r in q],
        "copy_groups_rss_mb": [r["copy_groups_rss_mb"] for r in q],
        "copy_groups_s": [r["copy_groups_s"] for r in q],
        "peak_rss_mb": [r["peak_rss_mb"] for r in q],
        **{f"{k}_p50_ms": [r["steps_ms"][k]["p50"] for r in q] for k in STEPS},
        "ask_p50_ms": [r["ask_ms"]["p50"] for r in q],
    }
    servers = [r.get("server") for r in results.values()]
    if all(servers):
        series["worker_peak_rss_mb_with_server"] = [s["peak_rss_mb"] for s in servers]
        series["server_rss_mb"] = [s["server_rss_mb"] for s in servers]
    return {k: fit(xs, v) for k, v in series.items()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(SIZES), help=f"comma-separated, of {', '.join(SIZES)}")
    ap.add_argument("--json", type=Path, help="write the results here (outside the repository)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/scale"), help="where the stores are written")
    ap.add_argument("--eval-data", type=Path, default=EVAL)
    ap.add_argument("--questions", type=int, default=50)
    ap.add_argument("--limit", type=int, help="only the first N articles of each corpus (a quick run)")
    ap.add_argument("--encode-articles", type=int, default=300, help="BBC articles for the encoder-only rate")
    ap.add_argument("--server", action="store_true", help="also measure a worker on a `chroma run` server")
    ap.add_argument("--reuse", action="store_true",
                    help="take the sizes measured before (entry-SIZE.json in --workdir) instead of measuring them again")
    ap.add_argument("--keep", action="store_true",
                    help="keep the stores (else each is deleted once measured, or once a bigger Reuters store copied it)")
    ap.add_argument("--worker", choices=["build", "query"], help=argparse.SUPPRESS)
    ap.add_argument("--size", help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--skip", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--chroma-url", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker == "build":
        got = build(args.size, args.store, args.cache, args.eval_data, args.encode_articles, args.limit, args.skip)
        return args.out.write_text(json.dumps(got))
    if args.worker == "query":
        got = query(args.store, args.cache, args.questions, args.eval_data, args.size, args.chroma_url, args.limit)
        return args.out.write_text(json.dumps(got))

    args.workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    sizes = args.sizes.split(",")
    for size in sizes:
        copies(size)  # a bad name stops here, before anything runs
    for n, size in enumerate(sizes):
        store = args.workdir / f"store-{size}"
        saved = args.workdir / f"entry-{size}.json"
        if args.reuse and saved.exists():
            results[size] = json.loads(saved.read_text())
            print(f"{size}: measured before, {saved}", file=sys.stderr, flush=True)
            continue
        common = ["--size", size, "--store", str(store), "--eval-data", str(args.eval_data),
                  *(["--limit", str(args.limit)] if args.limit else [])]
        shutil.rmtree(store, ignore_errors=True)
        skip = grow_from(args.workdir, size, store, args.keep)
        cache = private_cache(args.workdir)
        built = run_worker(["--worker", "build", *common, "--cache", str(cache), "--skip", str(skip),
                            "--encode-articles", str(args.encode_articles)])
        shutil.rmtree(cache, ignore_errors=True)
        print(f"{size}: built {built}", file=sys.stderr, flush=True)
        entry = {"build": built, "store_mb": du(store) / 2**20, "measured": time.strftime("%Y-%m-%d %H:%M UTC")}
        for mode in ("query", "server") if args.server else ("query",):
            cache = private_cache(args.workdir)
            worker = ["--worker", "query", *common, "--cache", str(cache), "--questions", str(args.questions)]
            entry[mode] = run_worker(worker) if mode == "query" else with_server(store, worker)
            shutil.rmtree(cache, ignore_errors=True)
            print(f"{size}: {mode} {entry[mode]}", file=sys.stderr, flush=True)
        entry["load_average_after"] = os.getloadavg()
        results[size] = entry
        saved.write_text(json.dumps(entry))
        bigger = [s for s in sizes[n + 1 :] if copies(s) > copies(size) > 0]
        if not args.keep and not bigger:
            shutil.rmtree(store, ignore_errors=True)

    report = {
        "started": started, "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
                    "load_average_at_end": os.getloadavg()},
        "sizes": results,
        "fits_vs_sentences": fits(results) if len(results) >= 2 else {},
        "targets_sentences": TARGETS,
    }
    summary(results, report["fits_vs_sentences"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
        print(f"written {args.json}", file=sys.stderr)


def summary(results: dict[str, dict], fitted: dict) -> None:
    rows = [
        ("articles", lambda e: e["build"]["articles"]),
        ("sentences", lambda e: e["build"]["sentences"]),
        ("store on disk, MiB", lambda e: e["store_mb"]),
        ("written, sentences/s", lambda e: e["build"]["sentences_per_s"]),
        ("vector index in process, MiB", lambda e: e["query"]["vector_index_rss_mb"]),
        ("lexical snapshot, MiB", lambda e: e["query"]["lexical_rss_mb"]),
        ("lexical build peak, +MiB", lambda e: e["query"]["lexical_build_peak_delta_mb"]),
        ("lexical build, s", lambda e: e["query"]["lexical_build_s"]),
        ("copy groups, MiB", lambda e: e["query"]["copy_groups_rss_mb"]),
        ("peak RSS, MiB", lambda e: e["query"]["peak_rss_mb"]),
        *[(f"{k} p50 ms", lambda e, k=k: e["query"]["steps_ms"][k]["p50"]) for k in STEPS],
        ("total p95 ms", lambda e: e["query"]["steps_ms"]["total"]["p95"]),
    ]
    print(f"{'':32}" + "".join(f"{s:>14}" for s in results))
    for name, get in rows:
        print(f"{name:32}" + "".join(f"{get(e):14.1f}" for e in results.values()))
    for k, f in fitted.items():
        if f:
            print(f"fit {k}: {f['intercept']:.1f} + {f['per_million_sentences']:.2f}/M sentences; "
                  + ", ".join(f"{n}: {f[n]:.0f}" for n in TARGETS))


if __name__ == "__main__":
    main()
