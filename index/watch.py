"""Watch mode: keep a folder in sync as files appear, change or vanish.

Events are only a trigger: after each debounced burst of changes the whole folder is synced
again, which costs a ``stat`` per unchanged file (see ``index.sync``). So no event can be
missed or misapplied (renames, editors that write a temp file then move it, bulk copies).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.errors import NotFound


def watch_folder(
    sync: Callable[[], Any],
    folder: str | Path,
    *,
    stop: threading.Event | None = None,
    on_sync: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    debounce_ms: int = 1000,
) -> None:
    """Run ``sync()`` now and after every burst of changes below ``folder`` until ``stop`` is set
    (or Ctrl-C). ``on_sync`` receives each report; a failing sync goes to ``on_error`` (default:
    re-raise) and watching goes on."""
    from watchfiles import watch

    root = Path(folder).expanduser()
    if not root.is_dir():
        raise NotFound(f"{folder}: no such folder", param="folder")
    root = root.resolve()
    stop = stop or threading.Event()

    def visible(_change: Any, path: str) -> bool:  # hidden files (editor swap files, .newsqa) are noise
        try:
            return not any(part.startswith(".") for part in Path(path).resolve().relative_to(root).parts)
        except ValueError:
            return True

    def run_once() -> None:
        try:
            report = sync()
        except Exception as exc:  # keep watching: the next change gets another try
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_sync:
            on_sync(report)

    # The first sync runs once the watcher is listening (its first, empty, timeout yield), so a
    # file written while that sync runs is still seen as a change.
    started = False
    for changes in watch(
        root, debounce=debounce_ms, step=50, stop_event=stop, recursive=True, raise_interrupt=False,
        watch_filter=visible, yield_on_timeout=True, rust_timeout=300,
    ):
        if changes or not started:
            started = True
            run_once()
