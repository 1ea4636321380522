"""Crash safety: a real `newsqa sync` process is killed with SIGKILL mid-way, several times.

After each kill the store must open, answer, and hold no duplicate or half-written document;
the next sync must converge to exactly the state of a clean build (same ids, versions,
sentence counts, and no stale sentence left behind).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter

from qa import Assistant
from tests.conftest import ROOT
from tests.files import write

# Run in a fresh interpreter: the store is opened only after the killed process is gone.
CHECK = r"""
import json, sys
from collections import Counter
from qa import Assistant
a = Assistant(sys.argv[1])
docs = {d.id: d for d in a.documents()}
metas = a.store.sentence_records()
current = Counter(m["doc_id"] for m in metas if docs.get(m["doc_id"]) and docs[m["doc_id"]].version == m["version"])
half = [i for i, d in docs.items() if current[i] != len(d.sentences)]
ans = a.ask("Which town held its annual fair on day 3?") if sys.argv[2] == "ask" else None
print(json.dumps({"docs": {i: [d.version, len(d.sentences)] for i, d in docs.items()}, "half_written": half,
                  "answer_doc": ans.citations[0].doc_id if ans and ans.citations else None,
                  "valid": ans is None or all(docs[c.doc_id].text[c.start:c.end] == c.sentence for c in ans.citations)}))
"""


def story(i: int, edit: int = 0) -> str:
    extra = f" Edition {edit} added a late update about the parade route." if edit else ""
    return (
        f"Lake{i} fair. The town of Lake{i} held its annual fair on day {i}, with {i * 10 + 7} stalls. "
        f"Organisers said the fair drew visitors from across the county of Shire{i}.{extra}"
    )


def move_on(folder, edited: range, deleted: range, new: range) -> None:
    """The folder changes: these stories edited, these files deleted, these stories added."""
    for i in edited:
        write(folder, f"s{i:02d}.txt", story(i, edit=1))
    for i in deleted:
        (folder / f"s{i:02d}.txt").unlink()
    for i in new:
        write(folder, f"s{i:02d}.txt", story(i))


def sync_killed_after(folder, store, n_lines: int) -> int:
    """Start `newsqa sync -v`, SIGKILL it once it has stored ``n_lines`` documents; return lines seen."""
    env = {**os.environ, "NEWSQA_STORE": str(store), "NEWSQA_INDEX_BATCH": "3"}  # kills land mid-batch
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "sync", str(folder), "--verbose"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    seen = 0
    try:
        for _line in proc.stdout:
            seen += 1
            if seen >= n_lines:
                proc.send_signal(signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=120)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, f"sync ended by itself after {seen} lines: lower the kill point"
    return seen


def check_store(store, ask: bool = False) -> dict:
    """Open the store in a fresh process: every current document complete; optionally ask."""
    out = subprocess.run([sys.executable, "-c", CHECK, str(store), "ask" if ask else "-"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    state = json.loads(out.stdout.strip().splitlines()[-1])
    assert state["half_written"] == [], "a document is current without all its sentences"
    assert state["valid"]
    return state


def state_of(a: Assistant) -> dict:
    docs = {d.id: (d.version, len(d.sentences)) for d in a.documents()}
    return {"docs": docs, "sentences": a.store.sentence_count()}


def test_sigkill_mid_sync_then_converges_to_a_clean_build(tmp_path):
    folder, store = tmp_path / "news", tmp_path / "store"
    for i in range(30):
        write(folder, f"s{i:02d}.txt", story(i))

    sync_killed_after(folder, store, 1)  # mid-way through storing the first batch
    s1 = check_store(store)
    assert 1 <= len(s1["docs"]) < 30

    sync_killed_after(folder, store, 5)  # resumed run, killed again
    s2 = check_store(store)
    assert set(s1["docs"]) <= set(s2["docs"]) and len(s2["docs"]) < 30

    # The folder moves on: 10 edited, 5 deleted, 12 new; killed after 20 documents stored.
    move_on(folder, edited=range(10), deleted=range(25, 30), new=range(30, 42))
    sync_killed_after(folder, store, 20)
    s3 = check_store(store, ask=True)
    assert s3["answer_doc"] in (None, "s03.txt")

    # The next sync (here, in this process: the store is first opened now that every writer
    # has exited) converges to exactly what a clean build of the folder gives.
    recovered = Assistant(store)
    report = recovered.sync(folder)
    assert report.skipped == []
    clean = Assistant(tmp_path / "clean")
    clean.sync(folder)
    expected = state_of(clean)
    got = state_of(recovered)
    assert got["docs"] == expected["docs"]
    assert got["sentences"] == expected["sentences"] == sum(n for _, n in expected["docs"].values())
    assert set(got["docs"]) == {f"s{i:02d}.txt" for i in range(42) if not 25 <= i < 30}


# -- SIGKILL at random points, 10 seeds --------------------------------------------------------
# One worker process loads the embedding model once, then forks a child per run that syncs and
# prints each stored document; the test SIGKILLs that child at a random point (after a random
# number of stored documents plus a random delay, so it lands mid-embedding or mid-write too).
WORKER = r"""
import json, os, sys
from index.embed import Embedder
from qa.config import Settings
Embedder(cache_dir=Settings.load().cache_path).load()  # before any fork: each child starts with it in memory
import chromadb  # noqa: F401  (imported, never opened, before forking)
print("ready", flush=True)
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            from qa import Assistant
            report = Assistant(job["store"]).sync(job["folder"], on_change=lambda act, i: print("doc", act, i, flush=True))
            print("finished", report.summary(), flush=True)
        finally:
            os._exit(0)
    print("pid", pid, flush=True)
    print("status", os.waitpid(pid, 0)[1], flush=True)
"""


class SyncWorker:
    def __init__(self) -> None:
        env = {**os.environ, "NEWSQA_INDEX_BATCH": "3"}  # small batches: kills land mid-batch too
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def sync(self, store, folder, kill_after: int | None = None, delay_s: float = 0.0) -> tuple[int, bool]:
        """Run one sync in a forked child; SIGKILL it ``delay_s`` after its ``kill_after``-th stored
        document. Returns (documents it reported stored, whether it was killed)."""
        self.proc.stdin.write(json.dumps({"store": str(store), "folder": str(folder)}) + "\n")
        self.proc.stdin.flush()
        pid, seen, killed = None, 0, False
        for line in self.proc.stdout:
            kind, _, rest = line.strip().partition(" ")
            if kind == "pid":
                pid = int(rest)
            elif kind == "doc":
                seen += 1
            elif kind == "status":
                status = int(rest)
                return seen, os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            if kill_after is not None and not killed and pid and seen >= kill_after:
                time.sleep(delay_s)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:  # it finished first (and was reaped): not killed
                    pass
                killed = True
        raise RuntimeError("the sync worker died")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def test_sigkill_at_random_points_10_seeds(tmp_path):
    folder = tmp_path / "news"
    for i in range(14):
        write(folder, f"s{i:02d}.txt", story(i))
    worker = SyncWorker()
    try:
        base = tmp_path / "base"
        assert worker.sync(base, folder) == (14, False)
        stores = []
        for seed in range(10):
            stores.append(tmp_path / f"store{seed}")
            shutil.copytree(base, stores[-1])
        old = {d.id: d.version for d in Assistant(base).documents()}

        # The folder moves on: 6 edited, 3 deleted, 16 new (22 documents to store, 3 to remove).
        move_on(folder, edited=range(6), deleted=range(11, 14), new=range(14, 30))
        clean = Assistant(tmp_path / "clean")
        clean.sync(folder)
        expected = state_of(clean)
        new = {i: v for i, (v, _) in expected["docs"].items()}

        kills = 0
        for seed, store in enumerate(stores):
            rng = random.Random(seed)
            _, killed = worker.sync(store, folder, kill_after=rng.randint(1, 15), delay_s=rng.uniform(0, 0.1))
            kills += killed
            # The store opens; every current document is complete and at its old or new version.
            a = Assistant(store)
            docs = {d.id: d for d in a.documents()}
            assert all(d.version in (old.get(i), new.get(i)) for i, d in docs.items()), f"seed {seed}: a mixed version"
            metas = a.store.sentence_records()
            current = Counter(m["doc_id"] for m in metas if docs.get(m["doc_id"]) and docs[m["doc_id"]].version == m["version"])
            assert {i: current[i] for i in docs} == {i: len(d.sentences) for i, d in docs.items()}, f"seed {seed}"
            ans = a.ask("Which town held its annual fair on day 9?")  # s09.txt: never edited nor deleted
            assert ans.citations and ans.citations[0].doc_id == "s09.txt", f"seed {seed}: {ans.text}"
            assert all(docs[c.doc_id].text[c.start : c.end] == c.sentence and docs[c.doc_id].version == c.version
                       for c in ans.citations + ans.related)
            # The next sync converges to the clean build; one more changes nothing.
            report = a.sync(folder)
            assert report.skipped == []
            assert state_of(a) == expected, f"seed {seed}: did not converge"
            assert not a.sync(folder).changed
        assert kills >= 8, f"only {kills} of 10 runs were killed before they finished: move the kill points earlier"
    finally:
        worker.close()
