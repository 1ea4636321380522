"""The newsqa command, run as a user would (a real subprocess, a real store folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, SEEDS


def newsqa(*args, store, env=None, check=True):
    e = {**os.environ, "NEWSQA_STORE": str(store), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "qa.cli", *args], cwd=ROOT, env=e, capture_output=True, text=True, timeout=300
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_index_ask_documents_remove(tmp_path):
    store = tmp_path / "store"
    out = newsqa("index", str(SEEDS), store=store).stdout
    assert "1 added" in out

    out = newsqa("ask", "Who is mediating?", store=store).stdout
    assert out.splitlines()[0] == "Qatar and the United States"
    assert "[1] Recent leaks reported" in out

    d = json.loads(newsqa("ask", "--json", "How many captives were taken?", store=store).stdout)
    assert d["answer"].startswith("about 240")
    assert d["citations"][0]["sentence"].startswith("During the first day")

    out = newsqa("ask", "Who won the 2022 World Cup?", store=store).stdout
    assert "could not find" in out

    docs = json.loads(newsqa("documents", "--json", store=store).stdout)
    assert len(docs) == 1 and docs[0]["published"] == "2023-11-15" and docs[0]["sentences"] > 5

    # --store wins over NEWSQA_STORE; several stores coexist
    other = tmp_path / "other"
    assert "no documents" in newsqa("documents", "--store", str(other), store=store).stdout

    doc_id = docs[0]["id"]
    assert "removed" in newsqa("remove", doc_id, store=store).stdout
    gone = newsqa("remove", doc_id, store=store, check=False)
    assert gone.returncode == 1 and "no document" in gone.stderr


def test_errors_are_clear_and_non_zero(tmp_path):
    store = tmp_path / "store"
    p = newsqa("ask", "   ", store=store, check=False)
    assert p.returncode == 2 and "question is empty" in p.stderr
    assert "Traceback" not in p.stderr
    p = newsqa("index", str(tmp_path / "missing"), store=store, check=False)
    assert p.returncode == 1 and "no such file" in p.stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00binary")
    p = newsqa("index", str(bad), store=store, check=False)
    assert "skipped" in p.stderr and "bad.txt" in p.stderr
