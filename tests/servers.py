"""Real servers for the tests: the newsqa HTTP server (uvicorn in a thread) and free ports, on 127.0.0.1."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(assistant, auth: tuple[str, str] | None = None, mount_chat: bool = True) -> Iterator[str]:
    """Serve ``qa.http.create_app(assistant)`` on 127.0.0.1:<free port>; yields the base URL."""
    import uvicorn

    from qa.http import ServerConfig, create_app

    app = create_app(assistant, ServerConfig(auth=auth, mount_chat=mount_chat, stream_delay_s=0.0))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    server.install_signal_handlers = lambda: None  # not the main thread
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the newsqa server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
