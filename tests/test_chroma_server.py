"""Chroma server mode: a real ``chroma run`` on 127.0.0.1, the seeds indexed by one process, the
questions answered by another (``newsqa serve``) that shares the server and keeps nothing locally."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, SEEDS
from tests.servers import free_port, wait_until_up

CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if not CHROMA:
        pytest.fail("the `chroma` command (from the chromadb package) is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path_factory.mktemp("chroma")), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/api/v2/heartbeat", proc, 60)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_two_processes_share_one_chroma_server(chroma_url, tmp_path):
    env = {**os.environ, "NEWSQA_CHROMA_URL": chroma_url, "ANONYMIZED_TELEMETRY": "False"}
    # process 1 indexes (its local store folder must stay unused)
    local1, local2 = tmp_path / "local1", tmp_path / "local2"
    p = subprocess.run([sys.executable, "-m", "qa.cli", "index", str(SEEDS), "--store", str(local1)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "1 added" in p.stdout

    # process 2 serves the chat and the API over the same Chroma server (flag, not env, this time)
    port = free_port()
    env2 = {k: v for k, v in env.items() if k != "NEWSQA_CHROMA_URL"}
    server = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--chroma-url", chroma_url, "--store", str(local2),
         "--port", str(port), "--auth", "u:p"],
        cwd=ROOT, env=env2, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/api/health", server, 120, auth=("u", "p"))
        health = httpx.get(base + "/api/health", auth=("u", "p"), timeout=30).json()
        assert health["documents"] == 1 and health["store"] == chroma_url
        ask = lambda q: httpx.post(base + "/api/ask", json={"question": q}, auth=("u", "p"), timeout=120).json()  # noqa: E731
        assert ask("Who is mediating?")["answer"] == "Qatar and the United States"
        d = ask("How many captives were taken?")
        assert d["answer"].startswith("about 240") and d["citations"][0]["doc_id"].endswith("000_cf9cc913bd578db9.txt")
    finally:
        server.terminate()
        server.wait(timeout=20)
    # nothing of the store was written locally by either process
    for local in (local1, local2):
        assert not local.exists() or not any(local.rglob("*.sqlite3"))
