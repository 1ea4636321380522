"""Cold start: wall time of `newsqa ask` on an existing store, and of the chat app until it serves.

    python -m bench.startup              # the seed articles, 3 runs each
    python -m bench.startup --store S    # an existing store

Each run is a fresh process (imports included), timed from launch to exit (`ask`) or to the
first answered HTTP request (`app`: the chat page, then a first /api/ask answer).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["Who is mediating?", "How many captives were taken?", "What is being negotiated?"]


def time_ask(store: str, question: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qa.cli", "ask", "--store", store, question], cwd=ROOT, check=True,
                   capture_output=True)
    return time.perf_counter() - t


def time_app(store: str) -> tuple[float, float]:
    from qa.http import free_local_port

    port = free_local_port()
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py", "--store", store, "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("the app exited before serving") from None
                time.sleep(0.05)
        page = time.perf_counter() - t
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", data=json.dumps({"question": QUESTIONS[0]}).encode(),
                                     headers={"content-type": "application/json"})
        urllib.request.urlopen(req, timeout=60).read()
        return page, time.perf_counter() - t
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", help="an existing store (default: a fresh one with the seed articles)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    store = args.store
    if store is None:
        store = tempfile.mkdtemp(prefix="startup-")
        subprocess.run([sys.executable, "-m", "qa.cli", "index", "seeds", "--store", store], cwd=ROOT, check=True,
                       capture_output=True)
    time_ask(store, QUESTIONS[0])  # warm the OS file cache and the per-user caches once
    asks = [time_ask(store, q) for _ in range(args.runs) for q in QUESTIONS]
    apps = [time_app(store) for _ in range(args.runs)]
    print(f"newsqa ask, cold process: median {statistics.median(asks):.2f} s, max {max(asks):.2f} s ({len(asks)} runs)")
    print(f"chat app serving:         median {statistics.median(p for p, _ in apps):.2f} s, "
          f"first answer at {statistics.median(a for _, a in apps):.2f} s ({len(apps)} runs)")


if __name__ == "__main__":
    main()
