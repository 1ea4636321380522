"""Load benchmark: concurrent HTTP clients ask questions while a sync changes the folder.

    python -m bench.load                         # 16 clients x 50 questions; sync adds 300, removes 50
    python -m bench.load --clients 4 --questions 10 --add 30 --remove 5   # a quick run
    python -m bench.load --uploads 1000          # then 1,000 tiny uploads in a burst (16 clients)
    python -m bench.load --steady none --initial 300             # no writes: the baseline
    python -m bench.load --steady uploads --initial 300          # one upload every 2 s meanwhile
    python -m bench.load --corpus bbc --initial 300              # BBC News: 300 stored, a sync adds 300 more

A real newsqa HTTP server (uvicorn, 127.0.0.1, the REST API) serves an embedded store that a
sync in the same process (``Assistant.sync`` in a thread, the documented way to sync while
serving an embedded store) updates while the clients ask. The articles are generated: each one
states facts of its own (a town, a day, a number of stalls), so every question has one right
article. Checked, and reported as failures:

- every request answers 200;
- every citation is exact: its (doc id, version) is the old or the new version of that document
  and ``text[start:end]`` of that version is the cited sentence;
- after the sync, the index equals a clean build of the final folder (ids, versions, sentence
  counts, sentences stored).

Prints throughput and p50/p95/p99 latency (``--json FILE`` also writes them). The clients run in
threads of the same process as the server, so on a small machine they share its CPU.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

TOWNS = ["Ash", "Birch", "Cedar", "Dale", "Elm", "Fern", "Glen", "Heath", "Iris", "Juniper", "Kestrel", "Larch"]


def article(i: int, edit: int = 0) -> str:
    """A generated news article (6 sentences) whose facts are its own: town, day, stalls, county."""
    town = f"{TOWNS[i % len(TOWNS)]}ford{i}"
    update = f" In an update, organisers moved the parade to Gate {edit} because of roadworks." if edit else ""
    return (
        f"{town} fair draws record crowds\n\n"
        f"The town of {town} held its annual fair on day {i}, with {i * 10 + 7} stalls along the river. "
        f"Organisers said the fair drew visitors from across the county of Shire{i}. "
        f"The mayor of {town}, Alex Marsh{i}, opened the fair with a speech about local farming.\n\n"
        f"Tickets cost {i % 9 + 2} pounds for adults, and children under twelve went in free. "
        f"A brass band from Port{i} played on the main stage until late in the evening. "
        f"Next year's fair is planned for the first weekend of spring.{update}"
    )


def question(i: int, variant: int) -> str:
    """One of four questions about article ``i`` (each answered by that article alone)."""
    town = f"{TOWNS[i % len(TOWNS)]}ford{i}"
    return [
        f"How many stalls were at the {town} fair?",
        f"Who opened the fair in {town}?",
        f"Where was the brass band that played at the {town} fair from?",
        f"Which county did visitors to the {town} fair come from?",
    ][variant % 4]


class Generated:
    """The generated articles (``article``) and their own questions (``question``)."""

    name = "generated"

    def text(self, i: int, edit: int = 0) -> str:
        return article(i, edit)

    def ask(self, rng: random.Random, n: int) -> tuple[int | None, str]:
        """A question (and the article that answers it) among the first ``n`` articles."""
        i = rng.randrange(n)
        return i, question(i, rng.randrange(4))


class Bbc:
    """BBC News articles (the archive's files in name order) and the questions of the BBC trust set
    (``bench/data/bbc_trust.json``: answerable ones and near misses, about the whole archive, so
    many are rightly not answered from a part of it). An update appends a sentence."""

    name = "bbc"

    def __init__(self, archive: Path, n: int, work: Path) -> None:
        from bench.reindex import extract

        files = sorted(extract(archive, work / "bbc-src", n).rglob("*.txt"))[:n]
        if len(files) < n:
            raise SystemExit(f"{archive}: {len(files)} articles, {n} needed")
        self.texts = [f.read_text(encoding="latin-1") for f in files]
        trust = json.loads((Path(__file__).resolve().parent / "data" / "bbc_trust.json").read_text(encoding="utf-8"))
        self.questions = [q["question"] for q in trust]

    def text(self, i: int, edit: int = 0) -> str:
        return self.texts[i] + (f"\n\nUpdate {edit}: this story was corrected after publication.\n" if edit else "")

    def ask(self, rng: random.Random, n: int) -> tuple[int | None, str]:
        return None, rng.choice(self.questions)


@dataclass
class LoadReport:
    clients: int
    questions_each: int
    initial: int
    added: int
    removed: int
    updated: int
    requests: int = 0
    failed: int = 0
    invalid_citations: int = 0
    citations_checked: int = 0
    answered: int = 0  # answers (not abstentions) whose first citation is the asked article (bbc: any answer)
    seconds: float = 0.0
    throughput_rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    sync_seconds: float = 0.0
    during_sync: int = 0  # requests answered while the sync was running
    equals_clean_build: bool = False
    errors: list[str] = field(default_factory=list)


@contextlib.contextmanager
def serve(assistant) -> Iterator[str]:
    """The newsqa HTTP server (REST + OpenAI endpoints) on 127.0.0.1:<free port>, in a thread."""
    from qa.http import ServerConfig, create_app, serve_in_thread

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with serve_in_thread(create_app(assistant, ServerConfig(mount_chat=False, stream_delay_s=0.0)), port) as url:
        yield url


def index_state(assistant) -> dict:
    """What a store holds: {id: (version, sentences)} and the number of stored sentences."""
    docs = {d.id: (d.version, len(d.sentences)) for d in assistant.documents()}
    return {"docs": docs, "sentences": assistant.store.sentence_count()}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def _check_sync(report: LoadReport, result: dict, spans: list[tuple[float, float]], expected: tuple) -> None:
    """The sync's own outcome (added, removed, updated, skipped as planned), its time, and how many
    requests overlapped it."""
    if "error" in result:
        report.errors.append("sync: " + result["error"])
    else:
        r = result["report"]
        if (len(r.added), len(r.removed), len(r.updated), len(r.skipped)) != expected:
            report.errors.append(f"sync: {r.summary()}")
    report.sync_seconds = round(result["end"] - result["start"], 2)
    report.during_sync = sum(1 for a, b in spans if a < result["end"] and b > result["start"])


def _check_answers(report: LoadReport, answers: list[tuple[int | None, dict]], old: dict, new: dict) -> None:
    """Every citation exact in the version it names (before or after the sync); right article first."""
    for i, body in answers:
        for c in body["citations"] + body["related"]:
            report.citations_checked += 1
            doc = next((d for d in (old.get(c["doc_id"]), new.get(c["doc_id"])) if d and d.version == c["version"]), None)
            if doc is None or doc.text[c["start"] : c["end"]] != c["sentence"]:
                report.invalid_citations += 1
                report.errors.append(f"citation not exact: {c['doc_id']} {c['version']} {c['start']}:{c['end']}")
        if body["citations"] and (i is None or body["citations"][0]["doc_id"] == f"a{i:04d}.txt"):
            report.answered += 1


def run(
    workdir: Path, clients: int = 16, questions: int = 50, initial: int = 60, add: int = 300, remove: int = 50,
    update: int = 10, seed: int = 0, reader: str | None = None, corpus: Generated | Bbc | None = None,
) -> LoadReport:
    """Build ``initial`` articles, then run the clients while a sync adds, removes and updates."""
    import httpx

    from qa import Assistant

    corpus = corpus or Generated()
    random.seed(seed)
    folder, store = workdir / "news", workdir / "store"
    folder.mkdir(parents=True)
    for i in range(initial):
        (folder / f"a{i:04d}.txt").write_text(corpus.text(i), encoding="utf-8")
    assistant = Assistant(store, reader=reader)
    assistant.sync(folder)
    old = {d.id: d for d in assistant.documents()}

    removed = random.sample(range(initial), min(remove, initial))
    kept = [i for i in range(initial) if i not in set(removed)]
    updated = random.sample(kept, min(update, len(kept)))
    for i in removed:
        (folder / f"a{i:04d}.txt").unlink()
    for i in updated:
        (folder / f"a{i:04d}.txt").write_text(corpus.text(i, edit=1), encoding="utf-8")
    for i in range(initial, initial + add):
        (folder / f"a{i:04d}.txt").write_text(corpus.text(i), encoding="utf-8")

    report = LoadReport(clients, questions, initial, add, len(removed), len(updated))
    latencies: list[float] = []
    spans: list[tuple[float, float]] = []  # (start, end) of each request
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()
    sync_result: dict = {}

    def sync() -> None:
        sync_result["start"] = time.perf_counter()
        try:
            sync_result["report"] = assistant.sync(folder)
        except Exception as exc:  # reported as a failure below
            sync_result["error"] = f"{type(exc).__name__}: {exc}"
        sync_result["end"] = time.perf_counter()

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        with httpx.Client(base_url=base, timeout=120) as c:
            for _ in range(questions):
                i, asked = corpus.ask(rng, initial + add)
                t = time.perf_counter()
                try:
                    r = c.post("/api/ask", json={"question": asked})
                    ok, body = r.status_code == 200, (r.json() if r.status_code == 200 else r.text[:200])
                except httpx.HTTPError as exc:
                    ok, body = False, f"{type(exc).__name__}: {exc}"
                end = time.perf_counter()
                with lock:
                    latencies.append((end - t) * 1000)
                    spans.append((t, end))
                    if ok:
                        answers.append((i, body))
                    else:
                        report.failed += 1
                        report.errors.append(str(body))

    with serve(assistant) as base:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        syncer = threading.Thread(target=sync)
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        syncer.start()
        for t in threads:
            t.join()
        report.seconds = time.perf_counter() - t0
        syncer.join()

    _check_sync(report, sync_result, spans, (add, len(removed), len(updated), 0))
    _check_answers(report, answers, old, {d.id: d for d in assistant.documents()})

    clean = Assistant(workdir / "clean", reader=reader)
    clean.sync(folder)
    report.equals_clean_build = index_state(assistant) == index_state(clean)
    report.requests = len(latencies)
    report.throughput_rps = round(len(latencies) / report.seconds, 2) if report.seconds else 0.0
    report.p50_ms = round(statistics.median(latencies), 1) if latencies else 0.0
    report.p95_ms = round(percentile(latencies, 95), 1)
    report.p99_ms = round(percentile(latencies, 99), 1)
    report.seconds = round(report.seconds, 2)
    return report


def run_steady(
    workdir: Path, clients: int = 16, questions: int = 50, initial: int = 300, upload_every: float | None = 2.0,
    seed: int = 0, reader: str | None = None,
) -> LoadReport:
    """The clients ask about ``initial`` synced articles while one new article is uploaded through
    the API every ``upload_every`` seconds (None: no writes, the baseline)."""
    import httpx

    from qa import Assistant

    folder = workdir / "news"
    folder.mkdir(parents=True)
    for i in range(initial):
        (folder / f"a{i:04d}.txt").write_text(article(i), encoding="utf-8")
    assistant = Assistant(workdir / "store", reader=reader)
    assistant.sync(folder)
    old = {d.id: d for d in assistant.documents()}
    report = LoadReport(clients, questions, initial, 0, 0, 0)
    latencies: list[float] = []
    answers: list[tuple[int, dict]] = []
    lock, done = threading.Lock(), threading.Event()

    def uploader() -> None:
        n = initial
        with httpx.Client(base_url=base, timeout=120) as c:
            while upload_every is not None and not done.wait(upload_every):
                r = c.post("/api/documents", files={"file": (f"a{n:04d}.txt", article(n).encode(), "text/plain")})
                if r.status_code != 201:
                    report.errors.append(f"upload {n}: {r.status_code} {r.text[:200]}")
                report.added, n = report.added + 1, n + 1

    def client(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        with httpx.Client(base_url=base, timeout=120) as c:
            for _ in range(questions):
                i, t = rng.randrange(initial), time.perf_counter()
                r = c.post("/api/ask", json={"question": question(i, rng.randrange(4))})
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    if r.status_code == 200:
                        answers.append((i, r.json()))
                    else:
                        report.failed += 1
                        report.errors.append(f"{r.status_code} {r.text[:200]}")

    with serve(assistant) as base:
        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        writer = threading.Thread(target=uploader)
        t0 = time.perf_counter()
        writer.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report.seconds = round(time.perf_counter() - t0, 2)
        done.set()
        writer.join()
    _check_answers(report, answers, old, {d.id: d for d in assistant.documents()})
    report.requests = len(latencies)
    report.throughput_rps = round(len(latencies) / report.seconds, 2) if report.seconds else 0.0
    report.p50_ms = round(statistics.median(latencies), 1) if latencies else 0.0
    report.p95_ms, report.p99_ms = round(percentile(latencies, 95), 1), round(percentile(latencies, 99), 1)
    return report


def burst_main(workdir: Path, n: int, clients: int) -> int:
    """Time ``n`` tiny uploads in a burst; every one must be indexed (201) and listed afterwards."""
    import httpx

    from qa import Assistant

    with serve(Assistant(workdir / "store")) as base:
        t = time.perf_counter()
        codes = upload_burst(base, n, clients)
        seconds = time.perf_counter() - t
        listed = len(httpx.get(base + "/api/documents", timeout=120).json())
        healthy = httpx.get(base + "/api/health", timeout=60).status_code == 200
    print(f"{n} tiny uploads from {clients} clients in {seconds:.1f} s ({n / seconds:.1f}/s): statuses {codes}; "
          f"{listed} documents listed; server up: {healthy}")
    return 0 if codes == {201: n} and listed == n and healthy else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=16)
    p.add_argument("--questions", type=int, default=50, help="questions per client")
    p.add_argument("--initial", type=int, default=60, help="articles indexed before the load starts")
    p.add_argument("--add", type=int, default=300)
    p.add_argument("--remove", type=int, default=50)
    p.add_argument("--update", type=int, default=10)
    p.add_argument("--uploads", type=int, default=0, help="then this many tiny uploads in a burst")
    p.add_argument("--reader", default=None, help="rules, learned (default: the product's default)")
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    p.add_argument("--steady", choices=["uploads", "none"], default=None,
                   help="instead of a sync: questions about --initial articles while one article is uploaded "
                        "every --upload-every seconds (uploads), or with no writes at all (none, the baseline)")
    p.add_argument("--upload-every", type=float, default=2.0)
    p.add_argument("--corpus", choices=["generated", "bbc"], default="generated",
                   help="the sync's articles and the questions: generated ones, or BBC News articles asked the "
                        "BBC trust set's questions")
    p.add_argument("--archive", type=Path, default=None, help="bbc-fulltext.tar.gz (--corpus bbc)")
    args = p.parse_args(argv)
    if args.corpus != "generated" and (args.steady or args.uploads):
        p.error("--corpus bbc is for the sync scenario (not with --steady or --uploads)")
    with tempfile.TemporaryDirectory(prefix="newsqa-bench-load-") as tmp:
        if args.uploads:
            return burst_main(Path(tmp), args.uploads, args.clients)
        if args.steady:
            return steady_main(Path(tmp), args)
        corpus = None
        if args.corpus == "bbc":
            from bench.reindex import DEFAULT_ARCHIVE

            archive = args.archive or DEFAULT_ARCHIVE
            if not Path(archive).is_file():
                p.error(f"--corpus bbc: no BBC News archive at {archive} (give it with --archive FILE)")
            corpus = Bbc(archive, args.initial + args.add, Path(tmp))
        report = run(Path(tmp), args.clients, args.questions, args.initial, args.add, args.remove, args.update,
                     reader=args.reader, corpus=corpus)
    print(f"{report.requests} requests from {report.clients} clients in {report.seconds} s: "
          f"{report.throughput_rps} requests/s; latency p50 {report.p50_ms} ms, p95 {report.p95_ms} ms, "
          f"p99 {report.p99_ms} ms")
    print(f"sync during the load: +{report.added} -{report.removed} ~{report.updated} in {report.sync_seconds} s; "
          f"({report.during_sync} requests answered meanwhile); failed requests {report.failed}; citations checked {report.citations_checked}, "
          f"not exact {report.invalid_citations}; "
          + (f"right article first {report.answered}/{report.requests}; " if args.corpus == "generated"
             else f"answered (not abstained) {report.answered}/{report.requests}; ") +
          f"index equals a clean build: {report.equals_clean_build}")
    return _finish(report, args, report.equals_clean_build)



def steady_main(workdir: Path, args: argparse.Namespace) -> int:
    """``--steady``: print and save the figures of ``run_steady``; 0 when nothing failed."""
    report = run_steady(workdir, args.clients, args.questions, args.initial,
                        args.upload_every if args.steady == "uploads" else None, reader=args.reader)
    print(f"{report.requests} requests from {report.clients} clients over {report.initial} articles in {report.seconds} s "
          f"({report.added} uploads meanwhile): {report.throughput_rps} requests/s; latency p50 {report.p50_ms} ms, "
          f"p95 {report.p95_ms} ms, p99 {report.p99_ms} ms; failed {report.failed}; citations not exact "
          f"{report.invalid_citations} of {report.citations_checked}; right article first {report.answered}/{report.requests}")
    return _finish(report, args)


def _finish(report: LoadReport, args: argparse.Namespace, consistent: bool = True) -> int:
    """Print the first errors, save the figures (``--json``); 0 when nothing failed."""
    for e in report.errors[:10]:
        print("  error:", e)
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=1))
    return 0 if report.failed == 0 and report.invalid_citations == 0 and consistent and not report.errors else 1


def upload_burst(base: str, n: int, clients: int = 16, auth: tuple[str, str] | None = None) -> dict[int, int]:
    """``n`` tiny article uploads from ``clients`` concurrent clients at once; {status: count}."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    def one(i: int) -> int:
        data = f"Note {i}: the pump at station {i} was repaired on day {i % 28 + 1}.".encode()
        try:
            with httpx.Client(base_url=base, timeout=600, auth=auth) as c:
                return c.post("/api/documents", files={"file": (f"tiny{i:04d}.txt", data, "text/plain")}).status_code
        except httpx.HTTPError:
            return 0  # no answer at all
    with ThreadPoolExecutor(clients) as pool:
        codes = list(pool.map(one, range(n)))
    return {c: codes.count(c) for c in sorted(set(codes))}


if __name__ == "__main__":
    sys.exit(main())
