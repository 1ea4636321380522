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
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

BACKGROUND_NICE = 19  # the CPU priority of background work (Linux nice: 19 is the lowest)
_thread = threading.local()


class SideBySide:
    """``map`` over a lazily started pool of ``threads`` threads (no pool for one thread).

    ``background``: work mapped from a background thread (``as_background``: a sync or a feed poll
    beside a server answering questions) runs on a second pool whose threads have the lowest CPU
    priority, so it leaves the cores to the questions asked meanwhile and takes them all when
    nothing else runs (Linux schedules threads one by one). Work mapped from any other thread (a
    command in the foreground, an upload) runs at normal priority. A pool's threads all start at
    once, by its first caller, and keep that caller's priority."""

    def __init__(self, threads: int, name: str, background: bool = False) -> None:
        self.threads = max(1, threads)
        self._name = name
        self._background = background
        self._pools: dict[bool, Any] = {}
        self._lock = threading.Lock()

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``[fn(x) for x in items]``, in order; the items start in order, as threads come free."""
        items = list(items)
        if self.threads == 1 or len(items) < 2:
            return [fn(x) for x in items]
        low = self._background and in_background()
        with self._lock:
            pool = self._pools.get(low)
            if pool is None:
                pool = self._pools[low] = self._start(low)
        return list(pool.map(fn, items))

    def _start(self, low: bool):
        """A pool with all its threads started now, by the calling thread (a thread takes the CPU
        priority of the thread that starts it: left to start one by one, later callers would)."""
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(self.threads, thread_name_prefix=self._name + ("-background" if low else ""),
                                  initializer=_lower if low else None)
        everyone = threading.Barrier(self.threads)
        list(pool.map(lambda _: everyone.wait(timeout=30), range(self.threads)))  # each task on its own thread
        return pool


def _lower() -> None:
    """Lower this (new, never the main) thread's priority to ``BACKGROUND_NICE`` where the system allows it."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)


def as_background(prepare: Callable[[], object] | None = None) -> None:
    """Run the calling thread, and the pool work it maps, at the lowest CPU priority when it is not
    the main thread: a sync or a feed poll in a thread of its own then leaves the cores to the
    questions answered meanwhile. For good: on Linux an unprivileged thread cannot take the priority
    back, so only threads that do background work call it. ``prepare`` runs first, at the thread's
    priority still (loading a model whose runtime starts threads that questions share)."""
    if threading.current_thread() is not threading.main_thread():
        if prepare is not None:
            prepare()
        _lower()
        _thread.background = True


def in_background() -> bool:
    """Whether the calling thread was made background work (``as_background``)."""
    return getattr(_thread, "background", False)
