"""Real servers for the tests: the newsqa HTTP server (uvicorn in a thread) and free ports, on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from qa.http import free_local_port as free_port  # the tests import it from here


@contextlib.contextmanager
def running_server(assistant, auth: tuple[str, str] | None = None, mount_chat: bool = True) -> Iterator[str]:
    """Serve ``qa.http.create_app(assistant)`` on 127.0.0.1:<free port>; yields the base URL."""
    from qa.http import ServerConfig, create_app, serve_in_thread

    app = create_app(assistant, ServerConfig(auth=auth, mount_chat=mount_chat, stream_delay_s=0.0))
    with serve_in_thread(app, free_port()) as url:
        yield url


CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")


def wait_until_up(url: str, proc: subprocess.Popen | None = None, seconds: float = 120, **kw) -> None:
    """Poll ``url`` until it answers 200 (``proc``, when given, must stay alive meanwhile)."""
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:3]} exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(url, timeout=2, **kw).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"nothing answered at {url}")


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """A real ``chroma run`` server on 127.0.0.1:``port`` over ``path``, once it answers."""
    if not CHROMA:
        raise RuntimeError("the `chroma` command (from the chromadb package) is not installed")
    proc = subprocess.Popen(
        [CHROMA, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    wait_until_up(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, 60)
    return proc
