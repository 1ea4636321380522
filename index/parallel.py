"""Model runs side by side on a few threads.

ONNX Runtime releases the GIL while it runs, so single-threaded runs on one thread per core use
the cores better than one run split across them (the small matrices of sentences and reader
windows parallelise poorly inside a run). Used by the sentence encoder and the learned reader.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class SideBySide:
    """``map`` over a lazily started pool of ``threads`` threads (no pool for one thread).

    ``nice``: the pool's threads run at this lower CPU priority (Linux schedules threads one by one):
    background work, such as embedding a sync's articles, then leaves the cores to the questions
    asked meanwhile, and takes them all when nothing else runs."""

    def __init__(self, threads: int, name: str, nice: int = 0) -> None:
        self.threads = max(1, threads)
        self._name = name
        self._nice = nice
        self._pool = None
        self._lock = threading.Lock()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``[fn(x) for x in items]``, in order; the items start in order, as threads come free."""
        items = list(items)
        if self.threads == 1 or len(items) < 2:
            return [fn(x) for x in items]
        with self._lock:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix=self._name, initializer=self._lower)
        return list(self._pool.map(fn, items))

    def _lower(self) -> None:
        """Lower this (new) pool thread's priority by ``nice`` where the system allows it."""
        if self._nice and hasattr(os, "setpriority"):  # (a pool thread is never the main thread)
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self._nice)


def as_background() -> None:
    """Run the calling thread at a lower CPU priority (nice 10) when it is not the main thread: a sync
    or a feed poll in a thread of its own then leaves the cores to the questions answered meanwhile.
    For good: on Linux an unprivileged thread cannot take the priority back, so only threads that do
    background work call it."""
    if threading.current_thread() is not threading.main_thread() and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
