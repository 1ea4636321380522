"""Re-indexing benchmark on the BBC corpus (2,225 articles): full sync, no-change re-sync,
touch-all re-sync, edit-one re-sync, delete-100 re-sync (and proof that none of the deleted
articles' sentences can be retrieved any more).

    python -m bench.reindex                 # all 2,225 articles (several minutes of CPU)
    python -m bench.reindex --limit 500     # a quicker run on the first 500 files

The archive is read from ../shared/eval-data (research-only licence): it is extracted to a
temporary folder, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

DEFAULT_ARCHIVE = Path(__file__).resolve().parents[2] / "shared/eval-data/bbc-news/bbc-fulltext.tar.gz"


def extract(archive: Path, into: Path, limit: int | None) -> Path:
    """Unpack the ``bbc/`` folder; keep only articles (and the first ``limit`` of them)."""
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    root = into / "bbc"
    (root / "README.TXT").unlink(missing_ok=True)
    files = sorted(root.rglob("*.txt"))
    if limit:
        for f in files[limit:]:
            f.unlink()
    return root


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    p.add_argument("--limit", type=int, default=None, help="only the first N articles")
    p.add_argument("--deletions", type=int, default=100)
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = p.parse_args(argv)
    if not args.archive.is_file():
        print(f"bench: {args.archive}: not found (see PRODUCT.md, evaluation data)", file=sys.stderr)
        return 2

    from qa import Assistant

    tmp = Path(tempfile.mkdtemp(prefix="newsqa-bench-reindex-"))
    folder = extract(args.archive, tmp / "data", args.limit)
    n_files = len(list(folder.rglob("*.txt")))
    a = Assistant(tmp / "store")
    _, load_s = timed(a.embedder.load)
    fig: dict = {"articles": n_files, "model_load_s": round(load_s, 2), "cpu_count": os.cpu_count()}

    r, fig["full_sync_s"] = timed(lambda: a.sync(folder))
    fig["full_added"], fig["full_skipped"] = len(r.added), [str(s) for s in r.skipped]
    fig["sentences"] = a.store.sentence_count()
    fig["full_docs_per_s"] = round(len(r.added) / fig["full_sync_s"], 1)
    print(f"full sync: {r.summary()} in {fig['full_sync_s']:.1f} s", file=sys.stderr)

    runs = []
    for _ in range(3):
        r, s = timed(lambda: a.sync(folder))
        assert not r.changed, r.summary()
        runs.append(s)
    fig["nochange_sync_s"] = round(statistics.median(runs), 3)

    later = time.time() + 10
    for f in folder.rglob("*.txt"):
        os.utime(f, (later, later))
    r, fig["touch_all_sync_s"] = timed(lambda: a.sync(folder))
    assert not r.changed and len(r.unchanged) == fig["full_added"], r.summary()

    files = sorted(folder.rglob("*.txt"))
    target = files[min(7, len(files) - 1)]
    rel = target.relative_to(folder).as_posix()
    target.write_text(target.read_text(encoding="utf-8", errors="replace") + "\n\nThis article was updated by the benchmark.\n", encoding="utf-8")
    r, fig["edit_one_sync_s"] = timed(lambda: a.sync(folder))
    assert r.updated == [rel] and not r.added and not r.removed, r.summary()
    doc = a.get_document(rel)
    texts = [doc.sentence_text(i) for i in range(len(doc.sentences))]
    _, fig["edit_one_embed_only_s"] = timed(lambda: a.embedder.encode(texts))
    fig["edit_one_sentences"] = len(texts)
    fig["edit_one_overhead_s"] = round(fig["edit_one_sync_s"] - fig["edit_one_embed_only_s"], 3)
    fig["edit_one_speedup_vs_full"] = round(fig["full_sync_s"] / fig["edit_one_sync_s"], 1)

    docs = {d.id: d for d in a.documents()}
    victims = random.Random(0).sample(sorted(docs), min(args.deletions, len(docs)))
    for v in victims:
        (folder / v).unlink()
    r, fig["delete_sync_s"] = timed(lambda: a.sync(folder))
    assert sorted(r.removed) == sorted(victims), r.summary()
    gone = set(victims)
    leftover = sum(len(a.store.sentence_records(v)) for v in victims)
    # Ask with each deleted article's own first sentences: neither the dense index, the BM25
    # cache nor the answer may surface any of them.
    hits = 0
    for v in victims:
        probe = " ".join(docs[v].sentence_text(i) for i in range(min(2, len(docs[v].sentences))))[:900]
        vec = a.embedder.encode([probe])[0]
        hits += sum(h.doc_id in gone for h in a.store.query_sentences(vec, 10))
        ans = a.ask(probe)
        hits += sum(c.doc_id in gone for c in ans.citations + ans.related)
    fig["deleted"] = len(victims)
    fig["deleted_sentences_left"] = leftover
    fig["deleted_retrieved"] = hits
    fig["documents_after"] = a.store.count()
    fig["sentences_after"] = a.store.sentence_count()

    for k, v in list(fig.items()):
        if isinstance(v, float):
            fig[k] = round(v, 3)
    print(json.dumps(fig, indent=2))
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2))
    print(
        "\n| articles | full sync | no-change re-sync | touch-all re-sync | edit 1 re-sync (embed only) | speed-up | delete "
        f"{fig['deleted']} | deleted sentences retrievable |\n|---|---|---|---|---|---|---|---|\n"
        f"| {fig['articles']} | {fig['full_sync_s']:.1f} s ({fig['full_docs_per_s']} docs/s) | {fig['nochange_sync_s']:.2f} s "
        f"| {fig['touch_all_sync_s']:.2f} s | {fig['edit_one_sync_s']:.2f} s ({fig['edit_one_embed_only_s']:.2f} s) "
        f"| {fig['edit_one_speedup_vs_full']}x | {fig['delete_sync_s']:.2f} s | {fig['deleted_retrieved'] + fig['deleted_sentences_left']} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
