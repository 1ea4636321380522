"""``newsqa serve --workers 2`` on an embedded store: real processes on 127.0.0.1, a real ``chroma run``.

One server for the module (the tests run in file order; the last one stops it): the local Chroma
server is started and announced, an upload through one worker is answered by every worker within
a second, auth and error bodies are the same on every worker, a worker SIGKILLed mid-upload is
replaced and leaves every document whole, and stopping serve stops the Chroma server and the
workers. Which worker answered: the ``X-Newsqa-Worker`` header (its pid); a fresh connection per
request lets the kernel hand it to either worker.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from qa.http import stop_process
from tests.conftest import ROOT, SEEDS
from tests.servers import free_port, wait_until_up

AUTH = ("u", "p")
ARTICLE = ("Velmora bridge reopens after repairs\n\nThe Velmora bridge over the river Tast reopened on Monday "
           "after 412 engineers repaired its cables. The work took nine months and cost 30 million crowns.\n")


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live child processes of ``pid``, from /proc."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                cmd = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                out.append((int(stat.parent.name), cmd))
        except (OSError, IndexError, ValueError):
            continue  # a process that ended meanwhile
    return out


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Served:
    """The running ``newsqa serve --workers 2``: its process, URL, store folder and output file."""

    def __init__(self, proc: subprocess.Popen, base: str, store: Path, log: Path) -> None:
        self.proc, self.base, self.store, self.log = proc, base, store, log

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        """One request on a fresh connection (so any worker may take it), with the credentials."""
        kw.setdefault("auth", AUTH)
        return httpx.request(method, self.base + path, timeout=120, **kw)

    def per_worker(self, method: str, path: str, workers: int = 2, seconds: float = 60, **kw) -> dict[str, httpx.Response]:
        """The same request sent on fresh connections until ``workers`` different workers answered it
        (a worker just started takes a few seconds to listen: asked again for up to ``seconds``)."""
        seen: dict[str, httpx.Response] = {}
        deadline, sent = time.monotonic() + seconds, 0
        while sent < 60 or time.monotonic() < deadline:
            r = self.request(method, path, **kw)
            sent += 1
            seen.setdefault(r.headers["x-newsqa-worker"], r)
            if len(seen) == workers:
                return seen
            if sent >= 60:
                time.sleep(0.2)
        pytest.fail(f"{method} {path}: only workers {sorted(seen)} answered in {sent} requests")

    def workers(self) -> list[int]:
        """The pids of the live worker processes (the supervisor's multiprocessing children)."""
        return [pid for pid, cmd in _children(self.proc.pid) if "multiprocessing.spawn" in cmd]


def _environment() -> dict[str, str]:
    """This process's environment, telemetry off and no Chroma server configured (an embedded store)."""
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    env.pop("NEWSQA_CHROMA_URL", None)
    return env


def _serve_two_workers(store: Path) -> Served:
    """``newsqa serve --workers 2 --auth u:p`` over the embedded ``store``, its output in serve.log."""
    port, log = free_port(), store.parent / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--workers", "2", "--store", str(store),
                                 "--port", str(port), "--auth", "u:p"], cwd=ROOT, env=_environment(), stdout=out,
                                stderr=subprocess.STDOUT, text=True)
    return Served(proc, f"http://127.0.0.1:{port}", store, log)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Served:
    store = tmp_path_factory.mktemp("workers") / "store"
    env = _environment()
    index = subprocess.run([sys.executable, "-m", "qa.cli", "--store", str(store), "index", str(SEEDS)], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120)
    assert index.returncode == 0, index.stderr
    served = _serve_two_workers(store)
    proc = served.proc
    try:
        wait_until_up(served.base + "/api/health", proc, 120, auth=AUTH)
        served.per_worker("GET", "/api/health")  # both workers up
        yield served
    finally:
        stop_process(proc, 30)  # still running after a failed test: stopped the way a user would


def test_workers_validated_on_the_command_line():
    from qa.cli import _workers

    assert _workers("auto") == max(1, len(os.sched_getaffinity(0)))
    assert _workers("3") == 3
    for bad in ("0", "-1", "two"):
        p = subprocess.run([sys.executable, "-m", "qa.cli", "serve", "--workers", bad], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and "--workers" in p.stderr and bad in p.stderr, p.stderr


def test_a_chroma_server_that_cannot_start_is_one_line_and_exit_1(tmp_path):
    not_a_folder = tmp_path / "store"
    not_a_folder.write_text("a file where the store folder should be")
    p = subprocess.run([sys.executable, "-m", "qa.cli", "serve", "--workers", "2", "--store", str(not_a_folder),
                        "--port", str(free_port())], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and p.stdout == "", (p.stdout, p.stderr)
    assert p.stderr.startswith(f"newsqa: the local Chroma server for the store {not_a_folder} did not start")
    assert p.stderr.count("\n") == 1, p.stderr


def test_the_local_chroma_server_is_started_and_announced(served):
    text = served.log.read_text()
    m = re.search(r"serving the store (\S+) through a local Chroma server on 127\.0\.0\.1:(\d+) for 2 workers", text)
    assert m and Path(m[1]) == served.store, text
    chroma = [cmd for _, cmd in _children(served.proc.pid) if " run " in cmd and "chroma" in cmd]
    assert len(chroma) == 1 and f"--path {served.store}" in chroma[0] and f"--port {m[2]}" in chroma[0], chroma
    for r in served.per_worker("GET", "/api/health").values():
        assert r.json()["store"] == f"http://127.0.0.1:{m[2]}" and r.json()["documents"] == 1
    assert "2 worker processes (chat replies come whole, not streamed)" in text, text


def _answer(served: Served, question: str) -> tuple[str, str | None]:
    """(worker pid, answer) of one question on a fresh connection."""
    r = served.request("POST", "/api/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return r.headers["x-newsqa-worker"], r.json()["answer"]


def test_an_upload_is_answered_by_every_worker_within_a_second(served):
    up = served.request("POST", "/api/documents", files={"file": ("velmora.txt", ARTICLE.encode(), "text/plain")})
    done = time.monotonic()
    assert up.status_code == 201 and len(up.json()["added"]) == 1, up.text
    time.sleep(max(0.0, done + 1.0 - time.monotonic()))  # a second later, every worker has it
    answers: dict[str, list[str | None]] = {}
    for _ in range(60):
        pid, answer = _answer(served, "How many engineers repaired the Velmora bridge?")
        answers.setdefault(pid, []).append(answer)
        if len(answers) == 2:
            break
    assert len(answers) == 2 and all(a == "412" for replies in answers.values() for a in replies), answers


def test_every_worker_answers_the_chat_unqueued(served):
    # the page's events skip Gradio's queue (its join request and event stream would straddle
    # workers): each is one request, the way the page sends it, that any worker answers whole
    config = served.request("GET", "/config").json()
    respond = next(d for d in config["dependencies"] if d.get("api_name") == "respond")
    assert respond["queue"] is False and all(d["queue"] is False for d in config["dependencies"] if d.get("backend_fn"))
    body = {"data": ["Who is mediating?", [], "", "", []], "fn_index": respond["id"], "session_hash": "w2test"}
    replies = served.per_worker("POST", "/gradio_api/run/predict", json=body)
    for r in replies.values():
        assert r.status_code == 200, r.text
        box, history = r.json()["data"]
        assert box == "" and [m["role"] for m in history] == ["user", "assistant"], history
        reply = history[1]["content"]
        reply = reply if isinstance(reply, str) else " ".join(str(c) for c in reply)
        assert "**Qatar and the United States**" in reply and "[1]" in reply, reply


def test_the_chat_page_of_two_workers_answers_in_a_browser(served, tmp_path):
    test_browser = pytest.importorskip("tests.test_browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=test_browser.CHROMIUM, args=test_browser.FLAGS,
            http_credentials={"username": AUTH[0], "password": AUTH[1]}, viewport={"width": 1400, "height": 900})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url))
            page.goto(served.base + "/")
            page.wait_for_selector("#newsqa-question textarea", timeout=60_000)
            reply = test_browser.ask(page, "Who is mediating?")
            assert reply.locator("strong").first.inner_text() == "Qatar and the United States"
            mark = test_browser.open_citation(page, reply)
            assert "Qatar" in mark.inner_text()
            reply = test_browser.ask(page, "How many captives were taken?")
            assert reply.locator("strong").first.inner_text().startswith("about 240")
            # the page sent its events as plain requests, none through the queue
            assert any("/gradio_api/run/" in u for u in asked) and not any("/queue/" in u for u in asked), asked
        finally:
            context.close()


def test_auth_limits_and_error_bodies_are_the_same_on_every_worker(served):
    probes: list[tuple[str, str, dict]] = [
        ("GET", "/api/health", {"auth": None}),
        ("GET", "/api/health", {"auth": ("u", "wrong")}),
        ("POST", "/api/ask", {"json": {"question": ""}}),
        ("POST", "/api/ask", {"json": {"question": "Who?", "colour": "red"}}),
        ("POST", "/api/ask", {"content": b"question=Who", "headers": {"content-type": "text/plain"}}),
        ("POST", "/api/ask", {"json": {"question": "x" * 2000}}),
        ("GET", "/api/documents/no/such.txt", {}),
    ]
    for method, path, kw in probes:
        replies = served.per_worker(method, path, **kw)
        bodies = {(r.status_code, r.text, r.headers.get("www-authenticate")) for r in replies.values()}
        assert len(bodies) == 1, (method, path, bodies)
        status = next(iter(bodies))[0]
        assert status in (400, 401, 404, 415, 422), (method, path, bodies)


def _whole(served: Served, doc_id: str) -> int:
    """The sentence count of a stored document, after checking its offsets cover its stored text."""
    d = served.request("GET", "/api/documents/" + doc_id).json()
    spans = d["sentence_spans"]
    assert len(spans) == d["sentences"] > 0
    assert all(0 <= s["start"] < s["end"] <= len(d["text"]) for s in spans)
    assert [s["index"] for s in spans] == list(range(len(spans)))
    return d["sentences"]


def _upload_in_thread(client: httpx.Client, name: str, data: bytes) -> tuple[threading.Thread, dict]:
    """Start an upload on ``client``'s connection in a thread; its outcome lands in the dict."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["status"] = client.post("/api/documents", files={"file": (name, data, "text/plain")}).status_code
        except httpx.HTTPError as exc:
            outcome["error"] = type(exc).__name__

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _eventually(check: Callable[[], bool], seconds: float) -> bool:
    """Whether ``check()`` holds within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_upload_is_replaced_and_nothing_is_lost(served):
    before = {d["id"]: _whole(served, d["id"]) for d in served.request("GET", "/api/documents").json()}
    big = "\n\n".join(f"Harbour report {i}: the ferry Orla{i} carried {i + 100} passengers to the island of Skarn{i}."
                      for i in range(400)).encode()
    with httpx.Client(base_url=served.base, auth=AUTH, timeout=120) as client:  # one connection: one worker
        victim = int(client.get("/api/health").headers["x-newsqa-worker"])
        thread, outcome = _upload_in_thread(client, "harbour.txt", b"Harbour reports\n\n" + big)
        time.sleep(0.5)  # the body is in; the worker is indexing
        os.kill(victim, signal.SIGKILL)
        thread.join(timeout=120)
    assert not _alive(victim) and "error" in outcome, outcome  # killed before it could answer
    # the other worker answers at once; the supervisor starts a new one
    assert _answer(served, "How many engineers repaired the Velmora bridge?")[1] == "412"
    assert _eventually(lambda: len(served.workers()) == 2 and victim not in served.workers(), 60), served.workers()
    served.per_worker("GET", "/api/health")
    # every earlier document whole and answerable; the interrupted upload whole or absent
    after = {d["id"]: d["sentences"] for d in served.request("GET", "/api/documents").json()}
    assert {k: _whole(served, k) for k in before} == before
    assert _answer(served, "Who is mediating?")[1] == "Qatar and the United States"
    harbour = [k for k in after if k.endswith("uploads/harbour.txt")]
    again = served.request("POST", "/api/documents", files={"file": ("harbour.txt", b"Harbour reports\n\n" + big,
                                                                     "text/plain")}).json()
    if harbour:  # fully there: the same file again changes nothing
        assert again["unchanged"] == harbour and _whole(served, harbour[0]) == after[harbour[0]], (outcome, again)
    else:
        assert len(again["added"]) == 1, (outcome, again)
    assert _answer(served, "How many passengers did the ferry Orla7 carry?")[1] == "107"


def test_stopping_serve_stops_the_chroma_server_and_the_workers(served):
    children = [pid for pid, _ in _children(served.proc.pid)]
    assert len(children) >= 3  # the Chroma server and two workers (and multiprocessing's tracker)
    served.proc.send_signal(signal.SIGTERM)
    assert served.proc.wait(timeout=60) == 0
    assert _eventually(lambda: not any(_alive(pid) for pid in children), 20), [p for p in children if _alive(p)]
    with pytest.raises(httpx.TransportError):
        httpx.get(served.base + "/api/health", auth=AUTH, timeout=5)


def test_serve_killed_outright_leaves_no_worker_and_no_chroma_server(tmp_path):
    served = _serve_two_workers(tmp_path / "store")
    try:
        wait_until_up(served.base + "/api/health", served.proc, 120, auth=AUTH)
        served.per_worker("GET", "/api/health")
        children = _children(served.proc.pid)
        assert sum(" run " in cmd and "chroma" in cmd for _, cmd in children) == 1, children
        served.proc.kill()
        served.proc.wait(timeout=10)
        assert _eventually(lambda: not any(_alive(pid) for pid, _ in children), 30), [
            cmd for pid, cmd in children if _alive(pid)]
    finally:
        if served.proc.poll() is None:
            served.proc.kill()
