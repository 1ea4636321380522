"""Chroma server mode under an outage: the real ``chroma run`` server is stopped while clients ask
questions through a real newsqa HTTP server, then restarted.

During the outage every request must get a 503 whose JSON says what is wrong, within the configured
timeout (no hang, no traceback); afterwards the same newsqa server answers again (no restart) and
every document is still there at the same version.
"""

from __future__ import annotations

import signal
import threading
import time

import httpx
import pytest

from tests.files import fair_story
from tests.servers import CHROMA, free_port, running_server, start_chroma, wait_until_up

TIMEOUT_S = 3.0  # store_timeout_s of the server under test


@pytest.fixture
def chroma(tmp_path):
    if not CHROMA:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    state = {"port": free_port(), "path": tmp_path / "chroma"}
    state["proc"] = start_chroma(state["path"], state["port"])
    yield state
    proc = state["proc"]
    if proc.poll() is None:
        proc.send_signal(signal.SIGCONT)
        proc.terminate()
        proc.wait(timeout=30)


def state_of(client: httpx.Client) -> dict:
    return {d["id"]: (d["version"], d["sentences"]) for d in client.get("/api/documents").json()}


def test_chroma_outage_gives_503_then_recovers_without_restart(chroma, tmp_path):
    from qa import Assistant, Settings

    url = f"http://127.0.0.1:{chroma['port']}"
    assistant = Assistant(settings=Settings(store=str(tmp_path / "local"), chroma_url=url, store_timeout_s=TIMEOUT_S))
    from index.documents import Document

    assistant.add([Document(id=f"fair{i}", text=fair_story(i)) for i in range(8)])

    results: list[tuple[float, float, int, dict]] = []  # (start, end, status, body)
    stop = threading.Event()

    def client_loop(n: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as c:
            k = 0
            while not stop.is_set():
                k += 1
                i = (n + k) % 8
                t = time.monotonic()
                r = c.post("/api/ask", json={"question": f"Which town held its annual fair on day {i}?"})
                results.append((t, time.monotonic(), r.status_code, r.json()))

    with running_server(assistant) as base, httpx.Client(base_url=base, timeout=60) as client:
        before = state_of(client)
        assert len(before) == 8
        threads = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(4)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 120  # the first answers load the reader: wait for them
        while time.monotonic() < deadline and sum(1 for *_, s, _ in results if s == 200) < 4:
            time.sleep(0.1)

        # Outage 1: the server process stops (connections refused).
        went_down = time.monotonic()
        chroma["proc"].terminate()
        chroma["proc"].wait(timeout=30)
        time.sleep(3)
        upload = client.post("/api/documents", files={"file": ("late.txt", fair_story(50).encode())})
        health = client.get("/api/health")
        from gradio_client import Client

        _, chat = Client(base, verbose=False).predict("Which town held its annual fair on day 2?", [],
                                                      api_name="/respond")

        # Back on the same port and folder; the newsqa server is not restarted.
        chroma["proc"] = start_chroma(chroma["path"], chroma["port"])
        came_back = time.monotonic()
        deadline = came_back + 30
        while time.monotonic() < deadline and not any(t > came_back for t, _, _, _ in results):
            time.sleep(0.2)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join(timeout=60)

        # Outage 2: the server hangs (SIGSTOP): a request must not wait much past the timeout.
        chroma["proc"].send_signal(signal.SIGSTOP)
        t0 = time.monotonic()
        hung = client.post("/api/ask", json={"question": "Which town held its annual fair on day 3?"})
        waited = time.monotonic() - t0
        chroma["proc"].send_signal(signal.SIGCONT)
        wait_until_up(f"{base}/api/health", None, 30)
        again = client.post("/api/ask", json={"question": "Which town held its annual fair on day 3?"})
        after = state_of(client)

    outside = [(s, b) for t, end, s, b in results if end < went_down or t > came_back]
    down = [(s, end - t, b) for t, end, s, b in results if end >= went_down and t <= came_back]
    assert down, "no request was made during the outage"
    assert [s for s, _ in outside if s != 200] == [], f"a request failed outside the outage: {outside[:3]}"
    assert any(t > came_back for t, _, _, _ in results) and any(end < went_down for _, end, _, _ in results)
    assert {s for s, _, _ in down} <= {200, 503}
    refused = [(secs, body) for s, secs, body in down if s == 503]
    assert refused, "no 503 during the outage"
    for secs, body in refused:
        msg = body["error"]["message"]
        assert body["error"]["type"] == "store_unavailable" and "Chroma server" in msg and "Traceback" not in msg
        assert secs < TIMEOUT_S + 5
    assert upload.status_code == 503 and "Chroma server" in upload.json()["error"]["message"]
    assert health.status_code == 503
    reply = str(chat[-1]["content"])  # the chat says what is wrong, as the API does
    assert "Chroma server" in reply and "Traceback" not in reply, reply

    assert hung.status_code == 503 and "did not answer in time" in hung.json()["error"]["message"]
    assert waited < TIMEOUT_S * 3 + 5, f"a request hung {waited:.1f} s with the Chroma server stopped"
    assert again.status_code == 200 and again.json()["citations"][0]["doc_id"] == "fair3"
    assert after == before, "documents changed or were lost across the outage"
