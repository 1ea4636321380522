"""Security: with ``--auth`` every route of the server (REST, OpenAI endpoint, API docs, the chat
page and Gradio's own API, static files) refuses missing or wrong credentials; without ``--host``
the server listens on 127.0.0.1 only."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEED
from tests.servers import free_port, running_server, wait_until_up

AUTH = ("editor", "c0rrect-h0rse")
WRONG = [
    {},  # no credentials
    {"auth": ("editor", "wrong")},
    {"auth": ("someone", AUTH[1])},
    {"headers": {"Authorization": "Bearer wrong"}},
    {"headers": {"Authorization": "Bearer editor:wrong"}},
    {"headers": {"Authorization": "Basic !!!not-base64"}},
    {"headers": {"Authorization": "Digest editor"}},
]


def routes(app) -> list[tuple[str, str]]:
    """Every (method, path) the app serves, mounted apps and included routers walked; path
    parameters filled with a sample value."""
    from starlette.routing import Mount, WebSocketRoute

    out: list[tuple[str, str]] = []

    def walk(items, prefix: str) -> None:
        for r in items:
            if hasattr(r, "original_router"):  # FastAPI's included router (Gradio's API)
                walk(r.original_router.routes, prefix + r.include_context.prefix)
            elif isinstance(r, Mount):
                inner = getattr(r, "routes", None) or []
                if inner:
                    walk(inner, prefix + r.path)
                else:  # static files
                    out.append(("GET", prefix + r.path + "/index.css"))
            elif isinstance(r, WebSocketRoute):
                out.append(("WEBSOCKET", prefix + r.path))
            else:
                for m in getattr(r, "methods", None) or ["GET"]:
                    out.append((m, prefix + r.path))

    walk(app.routes, "")
    filled = [(m, re.sub(r"\{[^}]+\}", "x", p) or "/") for m, p in out]
    return sorted(set(filled))


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    from qa import Assistant, Settings
    from qa.http import ServerConfig, create_app

    a = Assistant(settings=Settings(store=str(tmp_path_factory.mktemp("auth") / "store")))
    a.add_files([str(SEED)])
    table = routes(create_app(a, ServerConfig(auth=AUTH)))
    with running_server(a, auth=AUTH) as url:
        yield url, table


def test_every_route_refuses_missing_or_wrong_credentials(protected):
    url, table = protected
    paths = {p for _, p in table}
    # the enumeration sees all the interfaces, so a route added later is covered too
    assert {"/api/ask", "/api/documents/x", "/v1/chat/completions", "/v1/models", "/docs", "/openapi.json", "/",
            "/config"} <= paths
    assert any(p.startswith("/gradio_api/") for p in paths) and len(table) > 40
    # every route is HTTP, so the requests below cover them all (a websocket route would need its own check)
    assert not [p for m, p in table if m == "WEBSOCKET"]
    with httpx.Client(base_url=url, timeout=30) as c:
        for method, path in table:
            for kw in WRONG:
                r = c.request(method, path, **kw)
                assert r.status_code == 401, (method, path, kw, r.status_code)
                assert 'realm="newsqa"' in r.headers["www-authenticate"]
                if method != "HEAD":
                    assert "authentication required" in r.json()["error"]["message"]
        # the right credentials get through the same routes (whatever the route answers then)
        for method, path in table:
            try:
                with c.stream(method, path, auth=AUTH, timeout=10) as r:
                    # (Gradio's own Hugging Face sign-in routes answer 401 of their own, without our realm)
                    refused = r.status_code == 401 and 'realm="newsqa"' in r.headers.get("www-authenticate", "")
                    assert not refused, (method, path)
            except httpx.ReadTimeout:  # an event stream that waits for events: it was let in
                pass
        r = c.post("/api/ask", json={"question": "Who is mediating?"}, headers={"Authorization": f"Bearer {AUTH[0]}:{AUTH[1]}"})
        assert r.status_code == 200 and r.json()["answer"] == "Qatar and the United States"


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not os.path.exists(name):
            continue
        for line in Path(name).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, p = local.split(":")
            if int(p, 16) == port and state == "0A":  # LISTEN
                found.add(addr if width == 32 else socket.inet_ntoa(bytes.fromhex(addr)[::-1]))
    return found


def test_serve_without_host_listens_on_loopback_only(tmp_path):
    if not os.path.exists("/proc/net/tcp"):
        pytest.skip("needs /proc/net/tcp (Linux) to list listening sockets")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--store", str(tmp_path / "store"), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health", proc, 180)
        assert listening_addresses(port) == {"127.0.0.1"}
        # and not reachable through this machine's other addresses
        others = {ip for *_, (ip, *_) in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
        for ip in others:
            if not ip.startswith("127."):
                with pytest.raises(OSError):
                    socket.create_connection((ip, port), timeout=3).close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
