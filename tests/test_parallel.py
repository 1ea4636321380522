"""Background work runs at the lowest CPU priority, foreground work at the normal one (Linux)."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from index.parallel import BACKGROUND_NICE, SideBySide, as_background, in_background

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priorities are Linux's")


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_pool_work_of_a_background_thread_runs_at_the_lowest_priority_and_foreground_work_does_not():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    pool = SideBySide(2, "test-pool", background=True)
    plain = SideBySide(2, "test-plain")
    assert set(plain.map(lambda _: _nice(), range(8))) == {base}  # its threads started in the foreground
    assert len(plain._pools[False]._threads) == 2  # all at once, by that first call
    seen: dict[str, object] = {}

    def background() -> None:
        as_background(prepare=lambda: seen.setdefault("prepared at", _nice()))  # before the priority drops
        seen["flag"] = in_background()
        seen["caller"] = _nice()
        seen["pool"] = set(pool.map(lambda _: _nice(), range(8)))
        seen["plain"] = set(plain.map(lambda _: _nice(), range(8)))  # a pool not for background work: as it was

    t = threading.Thread(target=background)
    t.start()
    t.join()
    assert seen == {"prepared at": base, "flag": True, "caller": BACKGROUND_NICE, "pool": {BACKGROUND_NICE},
                    "plain": {base}}
    # the same pool, from a foreground thread: its other threads, at the normal priority
    assert not in_background() and set(pool.map(lambda _: _nice(), range(8))) == {base}
    as_background()  # the main thread is never lowered (it would stay lowered for good)
    assert _nice() == base and not in_background()
