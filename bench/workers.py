"""Throughput of ``newsqa serve --workers N``: questions per second and latency, one run per N.

    python -m bench.workers                        # 300 BBC articles, 8 clients x 25 questions, N = 1 then 2
    python -m bench.workers --workers 1 2 4 --clients 16 --questions 50

The first ``--articles`` BBC articles are indexed once (``newsqa index``, an embedded store), then
for each N a real ``newsqa serve --workers N`` (its own process; with N > 1 the local Chroma server
it starts) is asked the questions of ``bench/data/bbc_trust.json`` (answerable ones and near
misses, cycled) through ``POST /api/ask`` by ``--clients`` threads of this process, each question on
a new connection so that any worker may take it. Every request must answer 200. Prints, per N,
questions per second and p50/p95 latency (``--json FILE`` also writes them). The clients share the
machine's CPUs with the server.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import percentile  # noqa: E402
from bench.reindex import DEFAULT_ARCHIVE, extract  # noqa: E402


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 180) -> None:
    """Poll ``url`` until it answers 200; the server process must stay alive meanwhile."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"newsqa serve exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url}")


def questions() -> list[str]:
    """The BBC trust set's questions (answerable ones and near misses), in file order."""
    return [q["question"] for q in json.loads((ROOT / "bench/data/bbc_trust.json").read_text(encoding="utf-8"))]


def index(archive: Path, articles: int, work: Path) -> Path:
    """An embedded store of the first ``articles`` BBC articles, built by ``newsqa index``."""
    folder, store = extract(archive, work / "src", articles), work / "store"
    subprocess.run([sys.executable, "-m", "qa.cli", "--store", str(store), "index", str(folder), "--quiet"],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return store


def load(base: str, asked: list[str], clients: int, each: int) -> dict:
    """``clients`` threads ask ``each`` questions (a new connection per question); the figures."""
    import httpx

    latencies: list[float] = []
    failures: list[str] = []
    workers: set[str] = set()
    lock = threading.Lock()

    def client(n: int) -> None:
        for k in range(each):
            t = time.perf_counter()
            try:
                r = httpx.post(base + "/api/ask", json={"question": asked[(n * each + k) % len(asked)]}, timeout=300)
                ok, why = r.status_code == 200, f"{r.status_code} {r.text[:120]}"
            except httpx.HTTPError as exc:
                ok, why, r = False, f"{type(exc).__name__}: {exc}", None
            with lock:
                latencies.append((time.perf_counter() - t) * 1000)
                if not ok:
                    failures.append(why)
                elif "x-newsqa-worker" in r.headers:
                    workers.add(r.headers["x-newsqa-worker"])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    return {"questions": len(latencies), "seconds": round(seconds, 2), "qps": round(len(latencies) / seconds, 2),
            "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "failed": len(failures), "errors": failures[:5], "workers_seen": len(workers) or 1}


def run(store: Path, workers: int, clients: int, each: int) -> dict:
    """Serve ``store`` with ``--workers workers``, warm every worker up, then measure ``load``."""
    from qa.http import free_local_port

    port = free_local_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--store", str(store), "--workers", str(workers),
                             "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/api/health", proc, 180)
        asked = questions()
        load(base, asked, clients, 2)  # warm-up: every worker loads its models and indexes
        return {"workers": workers, "clients": clients, **load(base, asked, clients, each)}
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE, help="bbc-fulltext.tar.gz")
    p.add_argument("--articles", type=int, default=300, help="the first N BBC articles (default 300)")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="the worker counts to compare")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--questions", type=int, default=25, help="questions per client")
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = p.parse_args(argv)
    if not args.archive.is_file():
        print(f"bench: {args.archive}: not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="newsqa-bench-workers-") as tmp:
        store = index(args.archive, args.articles, Path(tmp))
        results = [run(store, n, args.clients, args.questions) for n in args.workers]
    for r in results:
        print(f"--workers {r['workers']}: {r['questions']} questions from {r['clients']} clients in {r['seconds']} s: "
              f"{r['qps']} questions/s; p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms; failed {r['failed']}; "
              f"workers that answered {r['workers_seen']}")
        for e in r["errors"]:
            print("  error:", e)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0 if all(r["failed"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
