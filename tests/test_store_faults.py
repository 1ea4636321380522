"""A full disk and a read-only store folder: a clear error, and no partial state.

Each scenario runs in a subprocess in a mount namespace of its own (``unshare -m``, or ``-rm`` in
a user namespace), where it mounts a small tmpfs (the disk that fills up) or a read-only bind
mount; the mounts vanish with the process. The subprocess reports what it saw as JSON.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCENARIO = r'''
import json, os, subprocess, sys
from collections import Counter
from fastapi.testclient import TestClient
from qa import Assistant
from qa.http import ServerConfig, create_app
from index.store import StoreError
from tests.files import fair_story, write

work, which = sys.argv[1], sys.argv[2]
folder, out = os.path.join(work, "news"), {}

def state(a):
    docs = {d.id: d for d in a.documents()}
    metas = a.store.sentence_records()
    current = Counter(m["doc_id"] for m in metas if m["doc_id"] in docs and docs[m["doc_id"]].version == m["version"])
    return {"docs": {i: [d.version, len(d.sentences)] for i, d in docs.items()},
            "incomplete": [i for i, d in docs.items() if current[i] != len(d.sentences)]}

def attempt(fn):
    try:
        fn()
        return None
    except StoreError as exc:
        return str(exc)

for i in range(6):
    write(__import__("pathlib").Path(folder), f"s{i}.txt", fair_story(i))

if which == "full":
    disk = os.path.join(work, "disk")
    os.makedirs(disk)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", disk], check=True)
    a = Assistant(os.path.join(disk, "store"))
    a.sync(folder)
    out["before"] = state(a)
    fd = os.open(os.path.join(disk, "filler"), os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\1" * 4096)
    except OSError:
        pass
    os.close(fd)
    for i in range(2):
        write(__import__("pathlib").Path(folder), f"s{i}.txt", fair_story(i, edit=1))
    for i in range(6, 24):
        write(__import__("pathlib").Path(folder), f"s{i}.txt", fair_story(i) + " More words about the fair." * 40)
    out["sync_error"] = attempt(lambda: a.sync(folder))
    r = TestClient(create_app(a, ServerConfig(mount_chat=False))).post(
        "/api/documents", files={"file": ("late.txt", b"The late story about the harbour bridge. " * 50)})
    out["upload"] = [r.status_code, r.json()]
    out["uploads_left"] = sorted(os.listdir(os.path.join(disk, "store", "uploads"))) if os.path.isdir(os.path.join(disk, "store", "uploads")) else []
    try:  # reading may work, or (when Chroma must first compact its log, a write) fail with a clear error
        out["during"] = state(a)
        ans = a.ask("Which town held its annual fair on day 3?")
        out["answer_doc"] = ans.citations[0].doc_id if ans.citations else None
    except StoreError as exc:
        out["read_error"] = str(exc)
    os.unlink(os.path.join(disk, "filler"))  # space again: the same process carries on
    report = a.sync(folder)
    out["after"] = state(a)
    out["after_skipped"] = len(report.skipped)
    clean = Assistant(os.path.join(work, "clean"))
    clean.sync(folder)
    out["clean"] = state(clean)
else:
    store = os.path.join(work, "store")
    a = Assistant(store)
    a.sync(folder)
    out["before"] = state(a)
    view = os.path.join(work, "view")
    os.makedirs(view)
    subprocess.run(["mount", "--bind", store, view], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", view], check=True)
    out["open_error"] = attempt(lambda: Assistant(view))
    # the open store's own folder turns read-only under it
    subprocess.run(["mount", "--bind", store, store], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", store], check=True)
    for i in range(6, 12):
        write(__import__("pathlib").Path(folder), f"s{i}.txt", fair_story(i))
    write(__import__("pathlib").Path(folder), "s0.txt", fair_story(0, edit=1))
    out["sync_error"] = attempt(lambda: a.sync(folder))
    r = TestClient(create_app(a, ServerConfig(mount_chat=False))).post(
        "/api/documents", files={"file": ("late.txt", b"The late story about the harbour bridge. " * 5)})
    out["upload"] = [r.status_code, r.json()]
    # Reading may work, or (when Chroma must first compact its log, a write) fail with a clear error.
    try:
        out["during"] = state(a)
        ans = a.ask("Which town held its annual fair on day 3?")
        out["answer_doc"] = ans.citations[0].doc_id if ans.citations else None
    except StoreError as exc:
        out["read_error"] = str(exc)
print("RESULT " + json.dumps(out))
'''


def in_mount_namespace(tmp_path, which: str) -> dict:
    unshare = shutil.which("unshare")
    if not unshare or not shutil.which("mount"):
        pytest.skip("needs `unshare` and `mount` (util-linux) for a private tmpfs / read-only bind mount")
    for flags in (["-m"], ["-rm"]):
        if subprocess.run([unshare, *flags, "mount", "-t", "tmpfs", "tmpfs", str(tmp_path)], capture_output=True).returncode == 0:
            break
    else:
        pytest.skip("mounting is not permitted here (no root, no user namespaces): cannot simulate the fault")
    p = subprocess.run([unshare, *flags, sys.executable, "-c", SCENARIO, str(tmp_path), which], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    return json.loads(next(line for line in p.stdout.splitlines() if line.startswith("RESULT "))[7:])


def test_disk_full_gives_a_clear_error_and_no_partial_state(tmp_path):
    out = in_mount_namespace(tmp_path, "full")
    assert out["sync_error"] and "is full (no space left" in out["sync_error"], out["sync_error"]
    status, body = out["upload"]
    assert status == 507 and "no space left" in body["error"]["message"]
    assert out["uploads_left"] in ([], ["late.txt"]) and not any(n.endswith(".part") for n in out["uploads_left"])
    if "read_error" in out:  # Chroma needed to write to read: a clear error, never a raw one
        assert "is full (no space left" in out["read_error"], out["read_error"]
    else:
        during, before = out["during"], out["before"]
        assert during["incomplete"] == []  # no document is current without all its sentences
        assert set(before["docs"]) <= set(during["docs"])  # nothing indexed before was lost
        for i in range(2, 6):
            assert during["docs"][f"s{i}.txt"] == before["docs"][f"s{i}.txt"]
        assert out["answer_doc"] == "s3.txt"
    # once there is space again, the next sync converges to a clean build
    assert out["after"] == out["clean"] and out["after_skipped"] == 0
    assert len(out["after"]["docs"]) == 24


def test_read_only_store_gives_a_clear_error_and_changes_nothing(tmp_path):
    out = in_mount_namespace(tmp_path, "ro")
    assert out["open_error"] and "is read-only" in out["open_error"], out["open_error"]
    assert out["sync_error"] and "is read-only" in out["sync_error"], out["sync_error"]
    status, body = out["upload"]
    assert status == 507 and "read-only" in body["error"]["message"]
    if "read_error" in out:  # Chroma needed to write to read: a clear error, never a raw one
        assert "is read-only" in out["read_error"], out["read_error"]
    else:
        assert out["during"] == out["before"]  # nothing changed, nothing half-written
        assert out["answer_doc"] == "s3.txt"
