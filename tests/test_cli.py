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
    assert d["unsure"] == (d["confidence"] < 0.1)
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


# -- timelines, copies, --today ------------------------------------------------------------------
WALKOUT = ("Dock workers at the port of Rotterdam walked off the job on Friday, demanding a 7 percent pay rise. "
           "The FNV union said the strike would last until the port employers improved their offer, and that "
           "pickets would stand at every container terminal from the Maasvlakte to the city docks. Shipping lines "
           "said they were diverting some vessels to Antwerp and Hamburg while the stoppage lasted, and the port "
           "authority asked both sides to return to the negotiating table as soon as possible.")
STRIKE_FILES = {
    "reuters-1.txt": ("Rotterdam dockers walk out", "2024-03-01", "Reuters", WALKOUT),
    "ap-1.txt": ("Dockers strike in Rotterdam", "2024-03-02", "AP", WALKOUT),  # the same wire story, a day later
    "reuters-2.txt": ("Rotterdam strike talks collapse", "2024-03-05", "Reuters",
                      "Talks between the FNV union and the Rotterdam port employers collapsed on Tuesday, and the "
                      "dock strike entered its fifth day."),
    "reuters-4.txt": ("Rotterdam dockers end strike", "2024-03-11", "Reuters",
                      "Rotterdam dock workers voted to end their strike on Monday after accepting a 5 percent pay rise."),
    "explainer.txt": ("Why Rotterdam dockers strike", None, None,
                      "Rotterdam dock workers strike when pay falls behind inflation, the union says."),
}


def strike_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, (title, day, source, body) in STRIKE_FILES.items():
        meta = ([f"Published: {day}"] if day else []) + ([f"Source: {source}"] if source else [])
        (folder / name).write_text("\n".join([title, "", *meta, "", body]) + "\n", encoding="utf-8")
    return folder


def test_timeline_documents_copies_and_today(tmp_path):
    store = tmp_path / "store"
    folder = strike_folder(tmp_path)
    assert "5 added" in newsqa("index", str(folder), store=store).stdout

    lines = newsqa("timeline", "Rotterdam dock strike", store=store).stdout.splitlines()
    assert [ln.split()[0] for ln in lines] == ["2024-03-01", "2024-03-05", "2024-03-11"]  # oldest first, one a line
    assert "walked off the job" in lines[0] and f"{folder / 'reuters-1.txt'}" in lines[0]
    assert "Rotterdam dockers walk out" in lines[0] and "also in 1 article" in lines[0]  # the AP copy
    assert not any("explainer" in ln for ln in lines)  # undated

    d = json.loads(newsqa("timeline", "--json", "--source", "ap", "Rotterdam dock strike", store=store).stdout)
    assert d["query"] == "Rotterdam dock strike" and d["reason"] is None
    assert [e["citation"]["doc_id"] for e in d["entries"]] == [str(folder / "ap-1.txt")]
    d = json.loads(newsqa("timeline", "--json", "--until", "2024-02-01", "Rotterdam dock strike", store=store).stdout)
    assert d["entries"] == [] and "published up to 2024-02-01" in d["reason"]

    for args, says in [(["--since", "2024-02-30"], "since"), (["--limit", "0"], "limit"), (["--source", "Nobody"], "sources")]:
        p = newsqa("timeline", "Rotterdam dock strike", *args, store=store, check=False)
        assert p.returncode == 2 and p.stderr.startswith(f"newsqa: {says}"), p.stderr

    out = newsqa("documents", store=store).stdout
    copies = [ln for ln in out.splitlines() if "copies: 2 (group " in ln]
    assert sorted(Path(ln.split("\t")[0]).name for ln in copies) == ["ap-1.txt", "reuters-1.txt"]
    rows = {Path(r["id"]).name: r for r in json.loads(newsqa("documents", "--json", store=store).stdout)}
    assert rows["ap-1.txt"]["copy_group"] == rows["reuters-1.txt"]["copy_group"] is not None
    assert rows["ap-1.txt"]["copies"] == 2 and rows["reuters-2.txt"]["copy_group"] is None

    p = newsqa("--today", "2024-03", "ask", "Who walked off the job?", store=store, check=False)
    assert p.returncode == 2 and "today" in p.stderr
    out = newsqa("ask", "--today", "2024-03-12", "What pay rise did the dock workers accept?", store=store).stdout
    assert out.splitlines()[0] == "5 percent"


def test_ask_prints_earlier_reports_and_copies(tmp_path, monkeypatch, capsys):
    from qa import cli
    from qa.answer import Answer, Citation, Report
    from qa.service import Service

    def cite(doc_id: str, day: str, sentence: str, answer: str, duplicates: tuple[str, ...] = ()) -> Citation:
        a = sentence.index(answer)
        return Citation(doc_id, "v1", 1, sentence, 10, 10 + len(sentence), 0.9, title=f"T {doc_id}", published=day,
                        answer_start=10 + a, answer_end=10 + a + len(answer), duplicates=duplicates)

    now = cite("r-3", "1987-03-09", "The strike involves 300 ships.", "300", ("r-3b", "r-3c"))
    then = cite("r-1", "1987-03-02", "About 200 ships were idle.", "200")
    same_day = cite("r-2", "1987-03-09", "Some 310 ships were held up.", "310")
    answer = Answer("How many ships?", "300", "300 [1]", 0.8, [now], as_of="1987-03-09",
                    reports=[Report("300", "1987-03-09", now), Report("310", "1987-03-09", same_day, conflicting=True),
                             Report("200", "1987-03-02", then)])

    def ask_stream(self, question, history=None, **filters):
        yield answer

    monkeypatch.setattr(Service, "ask_stream", ask_stream)
    assert cli.main(["--store", str(tmp_path / "store"), "ask", "How many ships?"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == ["300", "(as of 1987-03-09, confidence 0.80)", "conflicting report: 310 (1987-03-09) [2]",
                       "earlier: 200 (1987-03-02) [3]"]
    listed = [ln for ln in out if ln.startswith("[")]
    assert [ln.split()[0] for ln in listed] == ["[1]", "[2]", "[3]"] and "310 ships" in listed[1]
    assert "200 ships" in listed[2]
    assert out[out.index(listed[0]) + 1].endswith("· 1987-03-09 · also in 2 articles")
    assert cli.main(["--store", str(tmp_path / "store"), "ask", "--json", "How many ships?"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [r["answer"] for r in d["reports"]] == ["300", "310", "200"] and d["citations"][0]["duplicates"] == ["r-3b", "r-3c"]
