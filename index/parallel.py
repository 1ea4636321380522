"""Model runs side by side on a few threads.

ONNX Runtime releases the GIL while it runs, so single-threaded runs on one thread per core use
the cores better than one run split across them (the small matrices of sentences and reader
windows parallelise poorly inside a run). Used by the sentence encoder and the learned reader.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


class SideBySide:
    """``map`` over a lazily started pool of ``threads`` threads (no pool for one thread)."""

    def __init__(self, threads: int, name: str) -> None:
        self.threads = max(1, threads)
        self._name = name
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

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix=self._name)
        return list(self._pool.map(fn, items))
