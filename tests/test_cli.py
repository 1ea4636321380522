"""The newsqa command, run as a user would (a real subprocess, a real store folder)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

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
    assert out.splitlines()[1].startswith("(as of 2023-11-15, confidence 0.")  # the article's date; how sure
    assert "[1] Recent leaks reported" in out

    d = json.loads(newsqa("ask", "--json", "How many captives were taken?", store=store).stdout)
    assert d["answer"].startswith("about 240")
    assert 0 < d["confidence"] <= 1 and d["low_confidence"] == (d["confidence"] < 0.5)
    assert d["citations"][0]["sentence"].startswith("During the first day")

    out = newsqa("ask", "Who won the 2022 World Cup?", store=store).stdout
    assert "could not find" in out and "2022" in out  # and says why: no article covers 2022

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


def test_global_options_go_before_or_after_the_command_and_after_wins():
    from qa.cli import _parser

    p = _parser()
    a = p.parse_args(["--store", "A", "index", "seeds/"])
    assert (a.command, a.store, a.paths, a.chroma_url, a.config) == ("index", "A", ["seeds/"], None, None)
    assert p.parse_args(["index", "seeds/", "--store", "B"]).store == "B"
    a = p.parse_args(["--store", "A", "--chroma-url", "http://h:1", "index", "--store", "B", "seeds/"])
    assert (a.store, a.chroma_url) == ("B", "http://h:1")  # given after the command: wins
    a = p.parse_args(["--config", "c.toml", "feed", "add", "https://e.example/rss"])
    assert (a.config, a.feed_command, a.url, a.store) == ("c.toml", "add", "https://e.example/rss", None)
    assert p.parse_args(["feed", "--store", "S", "list"]).store == "S"


def test_store_before_the_command(tmp_path):
    out = newsqa("--store", str(tmp_path / "elsewhere"), "documents", store=tmp_path / "store").stdout
    assert "no documents" in out


def test_a_user_error_is_its_message_and_exit_2(monkeypatch, capsys):
    from index.errors import ConfigError
    from qa import cli

    def bad(args):
        raise ConfigError("--colour must be red or blue")

    monkeypatch.setitem(cli.HANDLERS, "documents", bad)
    assert cli.main(["documents"]) == 2
    assert capsys.readouterr().err == "newsqa: --colour must be red or blue\n"


def test_a_bug_is_one_line_with_an_error_id_and_exit_1(monkeypatch, capsys, tmp_path):
    from qa import cli

    def bug(args):
        raise ValueError("an invariant\nbroke")  # a ValueError is a bug now, not a user error

    monkeypatch.setitem(cli.HANDLERS, "documents", bug)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.delenv("NEWSQA_DEBUG", raising=False)
    assert cli.main(["documents"]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    m = re.fullmatch(r"newsqa: internal error ([0-9a-f]{8}): ValueError: an invariant broke "
                     r"\(a bug, please report it; the traceback is in (.+)\)", line)
    assert m, line
    saved = Path(m.group(2))
    assert saved.parent == tmp_path and m.group(1) in saved.name
    assert "Traceback" in saved.read_text() and "in bug" in saved.read_text()
    monkeypatch.setenv("NEWSQA_DEBUG", "1")  # the traceback itself
    with pytest.raises(ValueError, match="invariant"):
        cli.main(["documents"])
